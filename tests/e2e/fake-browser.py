#!/usr/bin/env python3
"""Plays the user's web browser for end-to-end tests.

The app opens the authorize URL the normal way (xdg-open, which runs
$BROWSER); this program is $BROWSER. Like a person, it loads the page,
and if it is a consent page presses Approve (or Deny when
LATCHKEY_E2E_BROWSER_DECISION=deny). Like a browser, it does not follow a
redirect to a scheme it does not handle: it hands it to the desktop with
`xdg-open`, which is how the deep link reaches the app.

It records what it did (URLs only up to their path, never query values) in
$LATCHKEY_E2E_BROWSER_LOG. LATCHKEY_E2E_BROWSER_HOLD holds the answer back
(see hold()); LATCHKEY_E2E_BROWSER_STRANDED plays a browser that cannot
hand it back at all (see stranded()).
"""

import html.parser
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def log(message):
    path = os.environ.get("LATCHKEY_E2E_BROWSER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(message + "\n")


def fetch(url, data=None):
    """Returns (status, location, body) without following redirects."""
    request = urllib.request.Request(url, data=data)
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, response.headers.get("Location"), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location"), err.read().decode(errors="replace")


class FormParser(html.parser.HTMLParser):
    """Collects the first form's action, hidden fields and submit buttons."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = []
        self.buttons = []
        self.selects = {}
        self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action", "")
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input" and a.get("type", "text") in ("hidden", "text") and a.get("name"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") == "radio" and "checked" in a and a.get("name"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self.buttons.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.selects:
                self.selects[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def main():
    url = sys.argv[1]
    parsed = urllib.parse.urlsplit(url)
    log(f"open {parsed.scheme}://{parsed.netloc}{parsed.path}")
    status, location, body = fetch(url)
    if status == 200:
        form = FormParser()
        form.feed(body)
        if form.action is None:
            log("no consent form on the page")
            sys.exit(1)
        want = os.environ.get("LATCHKEY_E2E_BROWSER_DECISION", "approve")
        button = next((b for b in form.buttons if want in (b[0] + b[1]).lower()), None)
        if button is None:
            log(f"no {want} button on the consent page")
            sys.exit(1)
        fields = form.fields + list(form.selects.items()) + [button]
        action = urllib.parse.urljoin(url, form.action)
        log(f"press {want}")
        status, location, body = fetch(action, urllib.parse.urlencode(fields).encode())
    if status not in (301, 302, 303, 307) or not location:
        log(f"expected a redirect, got {status}")
        sys.exit(1)
    target = urllib.parse.urljoin(url, location)
    t = urllib.parse.urlsplit(target)
    log(f"redirect to {t.scheme}:{t.netloc}{t.path}")
    if stranded(target):
        sys.exit(0)
    if t.scheme in ("http", "https"):
        sys.exit(follow(target))
    hold(target)
    # Browsers hand schemes they do not handle to the desktop.
    log(f"handed over at {time.time():.3f}")
    sys.exit(subprocess.run(["xdg-open", target]).returncode)


def hold(target):
    """With LATCHKEY_E2E_BROWSER_HOLD=<path>: keep the answer back until
    <path> exists (a user slow to come back), leaving it in <path>.callback
    for a test that replays it later."""
    gate = os.environ.get("LATCHKEY_E2E_BROWSER_HOLD")
    if not gate:
        return
    with open(gate + ".callback", "w") as f:
        f.write(target)
    log("holding the answer")
    deadline = time.time() + 120
    while not os.path.exists(gate) and time.time() < deadline:
        time.sleep(0.1)


def stranded(target):
    """With LATCHKEY_E2E_BROWSER_STRANDED=<path>, while <path> exists: the
    browser ends on the answer's address and goes no further (no handler for
    the scheme, a loopback listener on another machine). The address is
    written into <path>, as a user would copy it from the address bar."""
    gate = os.environ.get("LATCHKEY_E2E_BROWSER_STRANDED")
    if not gate or not os.path.exists(gate):
        return False
    with open(gate + ".tmp", "w") as f:
        f.write(target)
    os.replace(gate + ".tmp", gate)
    log("stranded on the answer")
    return True


RELAY_HOST = "latchkey.dev"
RELAY_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "relay", "relay.js")


def follow(url):
    """An http(s) redirect: the https relay page, or the loopback listener."""
    parts = urllib.parse.urlsplit(url)
    if parts.hostname == RELAY_HOST and parts.path.startswith("/relay/"):
        return run_relay_page(parts)
    status, location, _ = fetch(url)
    log(f"loaded redirect target: {status}")
    return 0 if status < 400 else 1


def run_relay_page(parts):
    """Runs the shipped relay page's own script (relay/relay.js) on this
    location, as the page would in a browser, then follows where it sends
    the browser: a deep link, which browsers hand to the desktop."""
    script = (
        "const { relayTarget } = await import(process.argv[1]);"
        "const target = relayTarget({ pathname: process.argv[2], search: process.argv[3] });"
        "if (!target) process.exit(3);"
        "process.stdout.write(target);"
    )
    search = f"?{parts.query}" if parts.query else ""
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script, "file://" + os.path.abspath(RELAY_SCRIPT), parts.path, search],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        log(f"the relay page relayed nothing ({result.returncode})")
        return 1
    target = urllib.parse.urlsplit(result.stdout)
    log(f"relay page sent the browser to {target.scheme}:{target.netloc}{target.path}")
    log(f"handed over at {time.time():.3f}")
    return subprocess.run(["xdg-open", result.stdout]).returncode


if __name__ == "__main__":
    main()
