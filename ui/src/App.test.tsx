import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";

afterEach(cleanup);
import { App } from "./App";
import type { Backend } from "./ipc";
import type { AppStatus } from "./bindings/AppStatus";
import type { LinkSummary } from "./bindings/LinkSummary";

const okStatus: AppStatus = {
  version: "0.1.0",
  channel: "debug",
  scheme: "dev.latchkey.debug",
  keychain: { backend: "Secret Service", state: "ok", problem: null },
};

function fakeBackend(overrides: Partial<Backend> = {}): Backend & { emit: (l: LinkSummary) => void } {
  let handler: ((l: LinkSummary) => void) | undefined;
  return {
    statusGet: vi.fn(async () => okStatus),
    linksList: vi.fn(async () => []),
    onLinkReceived: vi.fn(async (h) => {
      handler = h;
      return () => (handler = undefined);
    }),
    emit: (l) => handler?.(l),
    ...overrides,
  };
}

describe("main window", () => {
  it("shows the empty accounts list, the Connect button and a healthy keychain", async () => {
    render(<App backend={fakeBackend()} />);
    expect(screen.getByTestId("accounts-empty").textContent).toContain("No accounts yet");
    expect(screen.getByRole("button", { name: "Connect Supabase" })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId("keychain-status").textContent).toBe("Keychain: Secret Service — OK"),
    );
    expect(screen.getByTestId("app-version").textContent).toContain("0.1.0");
  });

  it("says plainly that Connect is not wired yet", async () => {
    render(<App backend={fakeBackend()} />);
    fireEvent.click(screen.getByRole("button", { name: "Connect Supabase" }));
    expect(screen.getByTestId("connect-notice").textContent).toContain("not wired up yet");
  });

  it("shows the keychain problem and retries on request", async () => {
    const broken: AppStatus = {
      ...okStatus,
      keychain: { backend: "Secret Service", state: "unavailable", problem: "No Secret Service is running." },
    };
    const statusGet = vi.fn().mockResolvedValueOnce(broken).mockResolvedValueOnce(okStatus);
    render(<App backend={fakeBackend({ statusGet })} />);
    await waitFor(() => expect(screen.getByTestId("keychain-problem").textContent).toContain("No Secret Service"));
    expect(screen.getByTestId("keychain-status").textContent).toBe("Keychain: Secret Service — Unavailable");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByTestId("keychain-problem")).toBeNull());
    expect(statusGet).toHaveBeenCalledTimes(2);
  });

  it("lists links that arrived before and after the window loaded", async () => {
    const backend = fakeBackend({ linksList: vi.fn(async () => [{ route: "debug/ping", detail: "n=1" }]) });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getAllByTestId("link")).toHaveLength(1));
    backend.emit({ route: "debug/ping", detail: "n=2" });
    await waitFor(() => expect(screen.getAllByTestId("link")).toHaveLength(2));
    expect(screen.getByTestId("links").textContent).toContain("n=2");
  });
});
