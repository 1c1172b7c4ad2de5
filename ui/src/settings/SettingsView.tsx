import { useEffect, useRef, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import type { ProviderSettings } from "../bindings/ProviderSettings";
import { ErrorNotice, Retry } from "../components/ErrorNotice";
import { useLoad } from "../data/useLoad";
import { useSubmit } from "../data/useSubmit";
import { NetworkCard } from "./NetworkCard";

/** Each provider's OAuth app: public settings, which way sign-ins are exchanged (a sign-in service, or your own app and its write-only secret). */
/** `diagnostics`: what a debug build shows about itself (the links it received), kept off the product screens. */
export function SettingsView({
  backend,
  onClose,
  diagnostics,
}: {
  backend: Backend;
  onClose: () => void;
  diagnostics?: preact.ComponentChildren;
}) {
  const load = useLoad("settings", () => backend.settingsGet());
  const providers = load.value;
  const error = load.error;

  return (
    <section class="card settings" aria-labelledby="settings-title">
      <header class="projects-header">
        <h1 id="settings-title">Settings</h1>
        <button class="button" data-testid="settings-done" onClick={onClose}>
          Done
        </button>
      </header>
      {error ? <ErrorNotice error={error} testId="settings-error" action={<Retry onRetry={load.reload} />} /> : null}
      {providers === null && !error ? <p class="muted">Loading…</p> : null}
      {providers?.map((p) => <ProviderCard key={p.id} backend={backend} provider={p} onSaved={load.reload} />)}
      <NetworkCard backend={backend} />
      {diagnostics}
    </section>
  );
}

function ProviderCard(props: { backend: Backend; provider: ProviderSettings; onSaved: () => void }) {
  const { backend, provider, onSaved } = props;
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState("");
  // The field replaces the "Set…" button: the focus goes to it.
  const secretRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) secretRef.current?.focus();
  }, [editing]);
  const submit = useSubmit(provider.id);
  const saving = submit.pending !== null;
  const error = submit.error;
  const inputId = `secret-${provider.id}`;
  const path = provider.token_path;
  return (
    <div class="settings-provider" data-testid={`settings-${provider.id}`}>
      <h2>{path.kind === "own_app" ? `${provider.display_name} OAuth app` : provider.display_name}</h2>
      <dl class="facts">
        <dt>Client ID</dt>
        <dd>
          <code>{provider.client_id}</code>
        </dd>
        <dt>API</dt>
        <dd>
          <code>{provider.api_base_url}</code>
        </dd>
        <dt>Redirect URI</dt>
        <dd>
          <code>{provider.redirect_uri}</code>
        </dd>
        {path.kind === "broker" ? (
          <>
            <dt>Sign-in service</dt>
            <dd data-testid="token-path">
              <code>{path.url}</code>
              <span class="muted">
                Nothing to register: this service holds the OAuth app's secret and exchanges sign-ins for you. Your
                tokens stay on this computer.
              </span>
            </dd>
          </>
        ) : null}
        {path.kind === "no_secret" ? (
          <>
            <dt>Client secret</dt>
            <dd data-testid="token-path">Not needed: a public client</dd>
          </>
        ) : null}
        {path.kind === "own_app" ? (
          <>
            <dt>Client secret</dt>
            <dd data-testid="secret-state">
              {path.client_secret_saved ? "Saved in the system keychain" : "Not set"}
              {!editing ? (
                <button class="button small" onClick={() => setEditing(true)}>
                  {path.client_secret_saved ? "Replace…" : "Set…"}
                </button>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {editing ? (
        <form
          class="secret-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit.run("saving", () => backend.clientSecretSet(provider.id, secret), () => {
              setSecret("");
              setEditing(false);
              onSaved();
            });
          }}
        >
          <label for={inputId}>
            <strong>New client secret</strong>
            <span class="muted">Stored in the system keychain; Latchkey never shows it again.</span>
          </label>
          <div class="secret-row">
            <input
              ref={secretRef}
              id={inputId}
              type="password"
              autocomplete="off"
              spellcheck={false}
              value={secret}
              onInput={(e) => setSecret((e.target as HTMLInputElement).value)}
            />
            <button class="button primary" type="submit" disabled={saving || secret.trim() === ""}>
              {saving ? "Saving…" : "Save"}
            </button>
            <button class="button" type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
          {error ? <ErrorNotice error={error} testId="settings-secret-error" /> : null}
        </form>
      ) : null}
    </div>
  );
}
