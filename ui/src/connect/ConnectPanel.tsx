import { useState } from "preact/hooks";
import type { ConnectFlow } from "./flow";
import { ErrorNotice } from "../components/ErrorNotice";
import { PasteAnswer } from "./PasteAnswer";
import { TokenForm } from "./TokenForm";
import type { Backend } from "../ipc";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import { ProviderMark } from "../components/ProviderMark";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { providerInfo } from "../providers/registry";

/** The welcome card: Connect, the wait for the browser, and what went wrong. */
export function ConnectPanel(props: {
  flow: ConnectFlow;
  backend: Backend;
  /** Connected with a personal token: one connection per account it reaches. */
  onTokenConnected: (connections: ConnectionMeta[]) => void;
  /** In the backend's order; the featured ones are put first. */
  providers: ProviderInfo[];
  hasConnections: boolean;
  copyText: (text: string) => Promise<void>;
}) {
  const { flow, backend, onTokenConnected, providers, hasConnections, copyText } = props;
  const { state } = flow;
  // The provider whose token form is open, if any.
  const [tokenFor, setTokenFor] = useState<string | null>(null);
  const busy = state.step === "starting" || state.step === "waiting";
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{hasConnections ? "Add an organization" : "Connect your first platform"}</h1>
      <p class="lead">
        Latchkey signs you in through your own browser, keeps the tokens in your system keychain, and shows your
        organizations and projects here without you ever handling a token.
      </p>
      {featuredFirst(providers).map((p) => (
        <div class="provider-row" key={p.id}>
          <ProviderMark provider={p} />
          <div class="provider-text">
            <strong>{p.display_name}</strong>
            <span>{p.blurb}</span>
          </div>
          <div class="provider-actions">
            {p.personal_token ? (
              <button
                class="button"
                data-testid={`token-${p.id}`}
                disabled={busy}
                title={`Connect with a ${p.personal_token.name} instead of signing in`}
                onClick={() => setTokenFor(tokenFor === p.id ? null : p.id)}
              >
                Use a token
              </button>
            ) : null}
            <button
              class={`button${p.featured ? " primary" : ""}`}
              data-testid={`connect-${p.id}`}
              disabled={busy}
              onClick={() => {
                setTokenFor(null);
                void flow.start(p.id);
              }}
            >
              {state.step === "starting" && state.provider === p.id ? "Opening browser…" : `Connect ${p.display_name}`}
            </button>
          </div>
        </div>
      ))}
      {tokenFor !== null && !busy ? (
        <TokenForm
          key={tokenFor}
          backend={backend}
          provider={providerInfo(providers, tokenFor)}
          title={`Connect ${providerInfo(providers, tokenFor).display_name} with a token`}
          onConnected={(connected) => {
            setTokenFor(null);
            onTokenConnected(connected);
          }}
          onCancel={() => setTokenFor(null)}
        />
      ) : null}
      {state.step === "waiting" ? (
        <Waiting flow={flow} url={state.authorizeUrl} opened={state.browserOpened} copy={copyText} />
      ) : null}
      {state.step === "needs-secret" ? <ClientSecretForm flow={flow} providers={providers} /> : null}
      {state.step === "failed" ? (
        <ErrorNotice error={state.error} testId="connect-error" onDismiss={flow.dismiss} />
      ) : null}
    </section>
  );
}

function Waiting(props: { flow: ConnectFlow; url: string; opened: boolean; copy: (text: string) => Promise<void> }) {
  const { flow, url, opened, copy } = props;
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  return (
    <div class="waiting-box">
      <div class="waiting" role="status" data-testid="connect-waiting">
        <span class="spinner" aria-hidden="true" />
        <div class="waiting-text">
          <strong>{opened ? "Waiting for you to approve in your browser…" : "Open this sign-in link in your browser"}</strong>
          <span class="muted">
            {opened
              ? "Didn't see a browser window? Copy the link and open it yourself."
              : "No browser could be opened from here. Copy the link and open it in your browser."}
          </span>
        </div>
        <button
          class="button"
          onClick={async () => {
            const ok = await copy(url).then(
              () => true,
              () => false,
            );
            setCopied(ok ? "yes" : "failed");
          }}
        >
          {copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy link"}
        </button>
        <button class="button" data-testid="connect-cancel" onClick={() => void flow.cancel()}>
          Cancel
        </button>
      </div>
      <PasteAnswer paste={flow.paste} />
    </div>
  );
}

function featuredFirst(providers: ProviderInfo[]): ProviderInfo[] {
  return [...providers.filter((p) => p.featured), ...providers.filter((p) => !p.featured)];
}

function ClientSecretForm({ flow, providers }: { flow: ConnectFlow; providers: ProviderInfo[] }) {
  const [secret, setSecret] = useState("");
  const state = flow.state;
  if (state.step !== "needs-secret") return null;
  return (
    <form
      class="secret-form"
      data-testid="client-secret-form"
      onSubmit={(e) => {
        e.preventDefault();
        void flow.saveSecret(secret);
      }}
    >
      <label for="client-secret">
        <strong>{providerInfo(providers, state.provider).display_name} OAuth client secret</strong>
        <span class="muted">
          Shown once when you registered your OAuth app. It is stored in your system keychain and never shown again.
        </span>
      </label>
      <div class="secret-row">
        <input
          id="client-secret"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={secret}
          onInput={(e) => setSecret((e.target as HTMLInputElement).value)}
        />
        <button class="button primary" type="submit" disabled={state.saving || secret.trim() === ""}>
          {state.saving ? "Saving…" : "Save and connect"}
        </button>
        <button class="button" type="button" onClick={flow.dismiss}>
          Cancel
        </button>
      </div>
      {state.error ? <ErrorNotice error={state.error} testId="client-secret-error" /> : null}
    </form>
  );
}
