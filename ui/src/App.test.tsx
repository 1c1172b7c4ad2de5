import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { App } from "./App";
import type { AppStatus } from "./bindings/AppStatus";
import type { ConnectionMeta } from "./bindings/ConnectionMeta";
import { connection, fakeBackend, okStatus } from "./testing/fakeBackend";
import { deferred } from "./testing/deferred";

afterEach(cleanup);

describe("main window", () => {
  it("shows the empty accounts list, the Connect button and a healthy keychain", async () => {
    render(<App backend={fakeBackend()} />);
    expect((await screen.findByTestId("accounts-empty")).textContent).toContain("No accounts yet");
    // The providers come from the backend (providers_list), so the button follows its answer.
    expect(await screen.findByRole("button", { name: "Connect Supabase" })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId("keychain-status").textContent).toBe("Keychain: Secret Service — OK"),
    );
    expect(screen.getByTestId("app-version").textContent).toContain("0.1.0");
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

  it("lists links that arrived before and after the window loaded, in Settings only", async () => {
    const backend = fakeBackend({ linksList: vi.fn(async () => [{ route: "debug/ping", detail: "n=1" }]) });
    render(<App backend={backend} />);
    await screen.findByTestId("connect-supabase");
    expect(screen.queryByTestId("links")).toBeNull();
    fireEvent.click(screen.getByTestId("open-settings"));
    await waitFor(() => expect(screen.getAllByTestId("link")).toHaveLength(1));
    backend.emitLink({ route: "debug/ping", detail: "n=2" });
    await waitFor(() => expect(screen.getAllByTestId("link")).toHaveLength(2));
    expect(screen.getByTestId("links").textContent).toContain("n=2");
  });
});

describe("loading and failing", () => {
  it("says the accounts are loading, not that there are none, until the list arrives", async () => {
    const list = deferred<ConnectionMeta[]>();
    render(<App backend={fakeBackend({ connectionsList: () => list.promise })} />);
    expect(screen.getByTestId("accounts-loading")).toBeTruthy();
    expect(screen.queryByTestId("accounts-empty")).toBeNull();
    expect(screen.queryByText("Connect your first platform")).toBeNull();
    list.resolve([]);
    await screen.findByTestId("accounts-empty");
  });

  it("names a connections list that could not be read, and tries again on request", async () => {
    const connectionsList = vi
      .fn()
      .mockRejectedValueOnce({ code: "internal", message: "The connections file could not be read." })
      .mockResolvedValueOnce([]);
    render(<App backend={fakeBackend({ connectionsList })} />);
    const notice = await screen.findByTestId("connections-error");
    expect(notice.textContent).toContain("could not be read");
    fireEvent.click(screen.getByTestId("retry"));
    await waitFor(() => expect(screen.queryByTestId("connections-error")).toBeNull());
    expect(connectionsList).toHaveBeenCalledTimes(2);
  });

  it("a failed refresh keeps the list on screen under the notice", async () => {
    const page = {
      projects: [{ reference: "abcdefghijklmnopqrst", name: "web", region: "eu-west-1", url: null, status: "ACTIVE_HEALTHY", created_at: "", group: null }],
      total: 1,
      fetched_at: 1_700_000_000,
    };
    const projectsList = vi
      .fn()
      .mockResolvedValueOnce(page)
      .mockRejectedValueOnce({ code: "network", message: "Supabase did not answer." });
    render(<App backend={fakeBackend({ connectionsList: async () => [connection("acme", "Acme Inc")], projectsList })} />);
    await screen.findByTestId("project-row");
    fireEvent.click(screen.getByTestId("refresh"));
    expect((await screen.findByTestId("projects-error")).textContent).toContain("did not answer");
    expect(screen.getAllByTestId("project-row")).toHaveLength(1);
  });

  it("says the keychain status is unavailable when the check itself fails, with Retry", async () => {
    const statusGet = vi.fn().mockRejectedValueOnce({ code: "internal", message: "x" }).mockResolvedValueOnce(okStatus);
    render(<App backend={fakeBackend({ statusGet })} />);
    await waitFor(() => expect(screen.getByTestId("keychain-status").textContent).toBe("Keychain: status unavailable"));
    fireEvent.click(screen.getByTestId("keychain-retry"));
    await waitFor(() => expect(screen.getByTestId("keychain-status").textContent).toBe("Keychain: Secret Service — OK"));
  });
});

describe("connecting Supabase", () => {
  it("waits for the browser, then shows the organization and its projects", async () => {
    const acme = connection("acme", "Acme Inc");
    const connectionsList = vi.fn().mockResolvedValueOnce([]).mockResolvedValue([acme]);
    const projectsList = vi.fn(async () => ({
      projects: [
        { reference: "abcdefghijklmnopqrst", name: "web", region: "eu-west-1", url: null, status: "ACTIVE_HEALTHY", created_at: "", group: null },
      ],
      total: 1,
      fetched_at: Math.floor(Date.now() / 1000),
    }));
    const backend = fakeBackend({ connectionsList, projectsList });
    render(<App backend={backend} />);

    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => expect(screen.getByTestId("connect-waiting").textContent).toContain("approve in your browser"));
    expect(backend.connectStart).toHaveBeenCalledWith("supabase", null);
    expect(screen.getByRole("button", { name: "Copy link" })).toBeTruthy();

    backend.emitFinished({ provider: "supabase", connection: acme, error: null });
    await waitFor(() => expect(screen.getByTestId("org-name").textContent).toBe("Acme Inc"));
    await waitFor(() => expect(screen.getAllByTestId("project-row")).toHaveLength(1));
    expect(screen.getByTestId("projects").textContent).toContain("abcdefghijklmnopqrst");
    expect(screen.getByTestId("account").textContent).toContain("Acme Inc");
    expect(screen.queryByTestId("connect-waiting")).toBeNull();
  });

  it("shows a connection that was made even after an error was shown", async () => {
    // Defence in depth for L2: whatever put the panel in "failed", a
    // connection the backend made is shown.
    const acme = connection("acme", "Acme Inc");
    const connectionsList = vi.fn().mockResolvedValueOnce([]).mockResolvedValue([acme]);
    const backend = fakeBackend({ connectionsList });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => screen.getByTestId("connect-waiting"));
    backend.emitFinished({ provider: "supabase", connection: null, error: { code: "provider", message: "odd answer" } });
    await waitFor(() => screen.getByTestId("connect-error"));
    backend.emitFinished({ provider: "supabase", connection: acme, error: null });
    await waitFor(() => expect(screen.getByTestId("org-name").textContent).toBe("Acme Inc"));
    expect(screen.queryByTestId("connect-error")).toBeNull();
  });

  it("says once that a damaged connections list was set aside", async () => {
    const backend = fakeBackend({
      statusGet: vi.fn(async () => ({ ...okStatus, connections_recovered: "Latchkey's list of connections was damaged." })),
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getByTestId("connections-recovered").textContent).toContain("damaged"));
    fireEvent.click(screen.getByTestId("connections-recovered-dismiss"));
    expect(screen.queryByTestId("connections-recovered")).toBeNull();
  });

  it("says when no browser opened and offers the link", async () => {
    const backend = fakeBackend({
      connectStart: vi.fn(async () => ({ authorize_url: "https://auth.example/a", browser_opened: false })),
    });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => expect(screen.getByTestId("connect-waiting").textContent).toContain("No browser could be opened"));
  });

  it("cancel drops the flow, and a late answer for it is ignored", async () => {
    const backend = fakeBackend();
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => screen.getByTestId("connect-cancel"));
    fireEvent.click(screen.getByTestId("connect-cancel"));
    await waitFor(() => expect(backend.connectCancel).toHaveBeenCalledWith("supabase"));
    backend.emitFinished({ provider: "supabase", connection: null, error: { code: "provider", message: "late" } });
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByTestId("connect-error")).toBeNull();
    expect(screen.queryByTestId("connect-waiting")).toBeNull();
  });

  it("takes a pasted address: a refusal is shown under the input and the wait goes on", async () => {
    const backend = fakeBackend({
      connectPaste: vi
        .fn()
        .mockRejectedValueOnce({ code: "validation", message: "That address is not the answer to this sign-in.", field: "address" })
        .mockResolvedValueOnce(undefined),
    });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    fireEvent.click(await screen.findByTestId("paste-open"));
    fireEvent.input(screen.getByTestId("paste-address"), { target: { value: "dev.latchkey.debug:/oauth/supabase?code=x&state=old" } });
    fireEvent.click(screen.getByTestId("paste-submit"));
    await waitFor(() => expect(screen.getByTestId("field-error").textContent).toContain("not the answer"));
    expect(screen.getByTestId("connect-waiting")).toBeTruthy();
    expect(backend.connectPaste).toHaveBeenCalledWith("supabase", "dev.latchkey.debug:/oauth/supabase?code=x&state=old");
    fireEvent.input(screen.getByTestId("paste-address"), { target: { value: "dev.latchkey.debug:/oauth/supabase?code=y&state=s" } });
    expect(screen.queryByTestId("field-error")).toBeNull();
    fireEvent.click(screen.getByTestId("paste-submit"));
    await waitFor(() => expect(screen.getByTestId("paste-submit").textContent).toBe("Checking…"));
  });

  it("connects with a personal token: a refusal under the input, then the connections it made", async () => {
    const made = [connection("acme", "Acme Inc")];
    made[0].source = "personal_token";
    const backend = fakeBackend({
      connectWithToken: vi
        .fn()
        .mockRejectedValueOnce({ code: "validation", message: "Supabase refused this personal access token.", field: "token" })
        .mockResolvedValueOnce(made),
    });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("token-supabase"));
    expect(screen.getByTestId("token-form").textContent).toContain("every organization you belong to");
    fireEvent.input(screen.getByTestId("token-input"), { target: { value: "sbp_wrong" } });
    fireEvent.click(screen.getByTestId("token-submit"));
    await waitFor(() => expect(screen.getByTestId("field-error").textContent).toContain("refused"));
    expect(backend.connectWithToken).toHaveBeenCalledWith("supabase", "sbp_wrong");
    (backend.connectionsList as ReturnType<typeof vi.fn>).mockResolvedValue(made);
    fireEvent.input(screen.getByTestId("token-input"), { target: { value: "sbp_right" } });
    fireEvent.click(screen.getByTestId("token-submit"));
    await waitFor(() => expect(screen.getByTestId("org-name").textContent).toBe("Acme Inc"));
    expect(screen.getByTestId("connection-source").textContent).toContain("Personal token");
    expect(screen.queryByTestId("token-form")).toBeNull();
  });

  it("shows what a connection holds, nothing secret, and the scope a call lacked", async () => {
    const backend = fakeBackend({ connectionsList: vi.fn(async () => [connection("acme", "Acme Inc")]) });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("details"));
    await waitFor(() => expect(screen.getByTestId("detail-expiry").textContent).toContain("renews it by itself"));
    expect(screen.getByTestId("detail-source").textContent).toBe("Sign-in with your own OAuth app");
    expect(screen.getByTestId("detail-scopes").textContent).toContain("organizations:read");
    expect(screen.getByTestId("detail-missing-scope").textContent).toContain("secrets:read");
    fireEvent.click(screen.getByTestId("details"));
    expect(screen.queryByTestId("connection-detail")).toBeNull();
  });

  it("a token the provider stopped accepting offers to paste a new one", async () => {
    const dead = connection("acme", "Acme Inc", "needs_reconnect");
    dead.source = "personal_token";
    const backend = fakeBackend({ connectionsList: vi.fn(async () => [dead]) });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getByTestId("needs-reconnect").textContent).toContain("no longer accepts"));
    fireEvent.click(screen.getByTestId("reconnect"));
    expect(screen.getByTestId("token-form")).toBeTruthy();
    expect(backend.connectStart).not.toHaveBeenCalled();
  });

  it("ends the wait when the sign-in expires", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<App backend={fakeBackend()} />);
      fireEvent.click(await screen.findByTestId("connect-supabase"));
      await waitFor(() => screen.getByTestId("connect-waiting"));
      await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
      await waitFor(() => expect(screen.getByTestId("connect-error").textContent).toContain("expired"));
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows a declined sign-in where the user is looking", async () => {
    const backend = fakeBackend();
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => screen.getByTestId("connect-waiting"));
    backend.emitFinished({
      provider: "supabase",
      connection: null,
      error: { code: "denied", message: "You declined the request in the browser, so nothing was connected." },
    });
    await waitFor(() => expect(screen.getByTestId("connect-error").textContent).toContain("declined"));
  });

  it("asks for the client secret when none is saved, then connects", async () => {
    const connectStart = vi
      .fn()
      .mockRejectedValueOnce({ code: "not_configured", message: "Supabase needs its OAuth client secret first." })
      .mockResolvedValue({ authorize_url: "https://auth.example/a", browser_opened: true });
    const backend = fakeBackend({ connectStart });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("connect-supabase"));
    await waitFor(() => screen.getByTestId("client-secret-form"));
    fireEvent.input(screen.getByLabelText(/client secret/i), { target: { value: "sba_secret" } });
    fireEvent.click(screen.getByRole("button", { name: "Save and connect" }));
    await waitFor(() => screen.getByTestId("connect-waiting"));
    expect(backend.clientSecretSet).toHaveBeenCalledWith("supabase", "sba_secret");
    expect(connectStart).toHaveBeenCalledTimes(2);
  });

  it("offers Reconnect for a revoked connection, preselecting its organization", async () => {
    const backend = fakeBackend({
      connectionsList: vi.fn(async () => [connection("acme", "Acme Inc", "needs_reconnect")]),
    });
    render(<App backend={backend} />);
    await waitFor(() => screen.getByTestId("reconnect"));
    expect(screen.getByTestId("account-status").dataset.status).toBe("needs_reconnect");
    fireEvent.click(screen.getByTestId("reconnect"));
    await waitFor(() => expect(backend.connectStart).toHaveBeenCalledWith("supabase", "acme"));
  });

  it("disconnect removes the connection from view", async () => {
    const connectionsList = vi.fn().mockResolvedValueOnce([connection("acme", "Acme Inc")]).mockResolvedValue([]);
    const backend = fakeBackend({ connectionsList });
    render(<App backend={backend} />);
    await waitFor(() => screen.getByTestId("disconnect"));
    fireEvent.click(screen.getByTestId("disconnect"));
    await waitFor(() => screen.getByTestId("accounts-empty"));
    expect(backend.connectionDisconnect).toHaveBeenCalledWith({ provider: "supabase", account: "acme" });
  });
});

describe("settings", () => {
  it("shows the OAuth app's public settings and saves a secret without ever showing it", async () => {
    const backend = fakeBackend();
    render(<App backend={backend} />);
    fireEvent.click(screen.getByTestId("open-settings"));
    await waitFor(() => screen.getByTestId("settings-supabase"));
    expect(screen.getByTestId("secret-state").textContent).toContain("Not set");
    expect(screen.getByTestId("settings-supabase").textContent).toContain("9b2f4a8e-6c1d-4e5f-8a7b-3c2d1e0f9a8b");
    fireEvent.click(screen.getByRole("button", { name: "Set…" }));
    fireEvent.input(screen.getByLabelText(/New client secret/), { target: { value: "sba_new" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(backend.clientSecretSet).toHaveBeenCalledWith("supabase", "sba_new"));
    expect(backend.settingsGet).toHaveBeenCalledTimes(2);
    expect(document.body.textContent).not.toContain("sba_new");
  });
  it("says a provider signs in through a sign-in service and asks for no secret there", async () => {
    render(<App backend={fakeBackend()} />);
    fireEvent.click(screen.getByTestId("open-settings"));
    const neon = await screen.findByTestId("settings-neon");
    expect(neon.textContent).toContain("Sign-in service");
    expect(neon.textContent).toContain("https://broker.example.com/");
    expect(neon.textContent).toContain("Nothing to register");
    expect(neon.querySelector("[data-testid=secret-state]")).toBeNull();
    expect(neon.querySelector("button")).toBeNull();
  });
  it("saves a proxy, shows a refusal under its input, and says when it applies", async () => {
    const backend = fakeBackend({
      networkSet: vi
        .fn()
        .mockRejectedValueOnce({ code: "validation", message: "Latchkey keeps no password in its settings file.", field: "proxy" })
        .mockResolvedValueOnce({
          saved: { proxy: "http://proxy.corp:3128", no_proxy: null },
          in_use: "none: direct connections",
          restart_needed: true,
        }),
    });
    render(<App backend={backend} />);
    fireEvent.click(await screen.findByTestId("open-settings"));
    await waitFor(() => expect(screen.getByTestId("network-in-use").textContent).toContain("direct"));
    const proxy = screen.getByPlaceholderText(/proxy.example.com/);
    fireEvent.input(proxy, { target: { value: "http://ada:pw@proxy.corp:3128" } });
    fireEvent.click(screen.getByTestId("network-save"));
    await waitFor(() => expect(screen.getByTestId("field-error").textContent).toContain("no password"));
    fireEvent.input(proxy, { target: { value: "http://proxy.corp:3128" } });
    expect(screen.queryByTestId("field-error")).toBeNull();
    fireEvent.click(screen.getByTestId("network-save"));
    await waitFor(() => expect(screen.getByTestId("network-in-use").textContent).toContain("next starts"));
    expect(backend.networkSet).toHaveBeenLastCalledWith({ proxy: "http://proxy.corp:3128", no_proxy: "" });
  });

  it("names each skipped provider file, and the notice can be dismissed", async () => {
    const problems = [
      "acme.toml, line 7, client_secret: unknown field `client_secret`",
      "zeta.toml, token_uri: must be an https URL (http only to this machine) without a user name or password",
    ];
    render(<App backend={fakeBackend({ statusGet: vi.fn(async () => ({ ...okStatus, provider_problems: problems })) })} />);
    const notice = await screen.findByTestId("provider-problems");
    for (const p of problems) expect(notice.textContent).toContain(p);
    fireEvent.click(screen.getByTestId("provider-problems-dismiss"));
    expect(screen.queryByTestId("provider-problems")).toBeNull();
  });
});
