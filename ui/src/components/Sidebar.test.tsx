import { describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { connection } from "../testing/fakeBackend";
import { Sidebar, signInEnds } from "./Sidebar";

describe("a sign-in nothing renews", () => {
  const now = 1_800_000_000;
  const ending = (inSeconds: number | null, status: "connected" | "needs_reconnect" = "connected") => ({
    ...connection("acme", "Acme"),
    sign_in_ends_at: inSeconds === null ? null : now + inSeconds,
    status,
  });

  it("says when it ends, in words that fit the wait", () => {
    expect(signInEnds(ending(null), now)).toBe("");
    expect(signInEnds(ending(20 * 60), now)).toBe(" · expires in 20 min");
    expect(signInEnds(ending(5 * 3600), now)).toBe(" · expires in 5 h");
    expect(signInEnds(ending(10 * 86400), now)).toBe(" · expires in 10 days");
    expect(signInEnds(ending(-1), now)).toBe(" · sign-in expired");
  });

  it("leaves it to the Reconnect badge once the connection needs one", () => {
    expect(signInEnds(ending(-1, "needs_reconnect"), now)).toBe("");
  });
});

describe("the sidebar while the accounts arrive", () => {
  it("keeps the same Settings button when the loading line gives way to the list", () => {
    const props = { providers: [], selected: null, onSelect: () => {}, onSettings: () => {} };
    const { rerender } = render(<Sidebar {...props} connections={[]} loading />);
    const before = screen.getByTestId("open-settings");
    rerender(<Sidebar {...props} connections={[]} loading={false} />);
    expect(screen.getByTestId("accounts-empty")).toBeTruthy();
    // A rebuilt button is a stale element to whoever held it (a test driver,
    // an assistive technology, the keyboard focus).
    expect(screen.getByTestId("open-settings")).toBe(before);
    cleanup();
  });
});
