import { describe, expect, it } from "vitest";
import { relayTarget } from "./relay.js";

describe("the https relay", () => {
  it("forwards a code and state to the release deep link", () => {
    expect(relayTarget({ pathname: "/relay/supabase", search: "?code=abc&state=xyz" })).toBe(
      "dev.latchkey:/oauth/supabase?code=abc&state=xyz",
    );
  });

  it("uses the debug scheme under /relay/debug/", () => {
    expect(relayTarget({ pathname: "/relay/debug/supabase", search: "?error=access_denied&state=s" })).toBe(
      "dev.latchkey.debug:/oauth/supabase?state=s&error=access_denied",
    );
  });

  it("forwards only the parameters of an authorization response", () => {
    expect(relayTarget({ pathname: "/relay/neon", search: "?code=a&state=b&iss=https%3A%2F%2Fx&evil=1" })).toBe(
      "dev.latchkey:/oauth/neon?code=a&state=b&iss=https%3A%2F%2Fx",
    );
  });

  it("relays nothing for other paths or empty answers", () => {
    expect(relayTarget({ pathname: "/relay/supabase", search: "" })).toBeNull();
    expect(relayTarget({ pathname: "/relay/Supa", search: "?code=a" })).toBeNull();
    expect(relayTarget({ pathname: "/relay/a/b/c", search: "?code=a" })).toBeNull();
    expect(relayTarget({ pathname: "/elsewhere", search: "?code=a" })).toBeNull();
  });
});
