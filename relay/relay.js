// The https relay for providers that only accept https redirect URIs.
// Registered as https://<host>/relay/<provider> (release) or
// https://<host>/relay/debug/<provider> (debug builds); it forwards the
// authorization response to Latchkey's deep link and nothing else. It runs
// in the browser, sends nothing anywhere, and keeps no copy.

/** The parameters an authorization response may carry (RFC 6749, RFC 9207). */
const FORWARDED = ["code", "state", "error", "error_description", "iss"];

/**
 * The deep link for this page's location, or null when the location is not
 * a relay path or carries neither a code nor an error.
 * @param {{pathname: string, search: string}} location
 */
export function relayTarget(location) {
  const match = /^\/relay\/(?:(debug)\/)?([a-z-]{1,32})\/?$/.exec(location.pathname);
  if (!match) return null;
  const scheme = match[1] ? "dev.latchkey.debug" : "dev.latchkey";
  const incoming = new URLSearchParams(location.search);
  if (!incoming.has("code") && !incoming.has("error")) return null;
  const out = new URLSearchParams();
  for (const key of FORWARDED) {
    const value = incoming.get(key);
    if (value !== null) out.set(key, value);
  }
  return `${scheme}:/oauth/${match[2]}?${out.toString()}`;
}

if (typeof document !== "undefined") {
  const target = relayTarget(window.location);
  const link = document.getElementById("open");
  const message = document.getElementById("message");
  if (target && link) {
    link.setAttribute("href", target);
    link.hidden = false;
    // Hand the answer to the app; the button stays for browsers that ask first.
    window.location.replace(target);
  } else if (message) {
    message.textContent = "This page only relays a sign-in answer to Latchkey, and this address carries none.";
  }
}
