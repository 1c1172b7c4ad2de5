import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ApiKeyView } from "../../bindings/ApiKeyView";
import type { ConnectionId } from "../../bindings/ConnectionId";
import { Confirm } from "../../components/Confirm";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";

/**
 * API keys, hidden. Publishable keys can be revealed; secret keys are never
 * shown, only copied (by Rust) after a confirmation, alone or in the .env.
 */
export function ApiKeys(props: { backend: Backend; connection: ConnectionId; reference: string }) {
  const { backend, connection, reference } = props;
  const project = `${connectionKey(connection)}/${reference}`;
  const load = useLoad(project, () => backend.apiKeysList(connection, reference));
  const action = useSubmit(project);
  const keys = load.value;
  const error = load.error ?? action.error;
  // Revealed values and the last "Copied" line belong to the project they came from.
  const [revealed, setRevealed] = useState<{ project: string; values: Record<string, string> }>({ project, values: {} });
  const [copied, setCopied] = useState<{ project: string; text: string } | null>(null);
  const [confirmSecret, setConfirmSecret] = useState(false);
  const [confirmKey, setConfirmKey] = useState<string | null>(null);
  const shown = revealed.project === project ? revealed.values : {};
  const copiedText = copied?.project === project ? copied.text : null;

  const copyEnv = (includeSecret: boolean) => {
    setConfirmSecret(false);
    // Rust builds the snippet and writes the clipboard: the secret key never
    // passes through this page.
    return action.run("copy-env", () => backend.apiKeysCopyEnv(connection, reference, includeSecret), () =>
      setCopied({ project, text: includeSecret ? "Copied .env with the secret key" : "Copied .env" }),
    );
  };

  // Rust writes the clipboard: a secret key's value never reaches this page,
  // and the backend refuses it without the confirmation.
  const copyKey = (key: ApiKeyView, confirmed: boolean) => {
    setConfirmKey(null);
    return action.run("copy-key", () => backend.apiKeyCopy(connection, reference, key.id, confirmed), () =>
      setCopied({ project, text: `Copied the ${key.kind === "secret" ? "secret" : key.name} key` }),
    );
  };

  const reveal = (key: ApiKeyView) =>
    action.run("reveal", () => backend.apiKeyReveal(connection, reference, key.id), (value) =>
      setRevealed((r) => ({ project, values: { ...(r.project === project ? r.values : {}), [key.id]: value } })),
    );

  return (
    <div class="api-keys" data-testid="api-keys">
      <h2 class="section-title spaced">API keys</h2>
      {error ? <ErrorNotice error={error} testId="api-keys-error" action={load.error ? <Retry onRetry={load.reload} /> : null} /> : null}
      {keys === null && !error ? <p class="muted">Loading keys…</p> : null}
      {keys?.length === 0 ? <p class="muted">This project has no API keys.</p> : null}
      <ul class="keys">
        {keys?.map((k) => (
          <li key={k.id} data-testid="api-key" data-kind={k.kind}>
            <span class="key-name">
              {k.name} <span class={`badge ${k.kind === "secret" ? "bad" : "muted"}`}>{k.kind}</span>
            </span>
            <code class="key-value" data-testid="api-key-value">
              {shown[k.id] ?? k.hidden}
            </code>
            {k.kind === "secret" ? (
              confirmKey === k.id ? (
                <Confirm
                  label="Copy the secret key?"
                  confirmLabel="Copy it"
                  testId="confirm-copy-key"
                  onConfirm={() => void copyKey(k, true)}
                  onCancel={() => setConfirmKey(null)}
                >
                  Bypasses Row Level Security.
                </Confirm>
              ) : (
                <button class="button small" data-testid="copy-key" onClick={() => setConfirmKey(k.id)}>
                  Copy…
                </button>
              )
            ) : (
              <span class="key-actions">
                {shown[k.id] ? null : (
                  <button class="button small" data-testid="reveal-key" onClick={() => void reveal(k)}>
                    Reveal
                  </button>
                )}
                <button class="button small" data-testid="copy-key" onClick={() => void copyKey(k, false)}>
                  Copy
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <div class="form-actions left">
        <button class="button" data-testid="copy-env" onClick={() => void copyEnv(false)}>
          Copy as .env
        </button>
        {!confirmSecret ? (
          <button class="button" data-testid="copy-env-secret" onClick={() => setConfirmSecret(true)}>
            Copy as .env with the secret key…
          </button>
        ) : (
          <Confirm
            label="Include the secret key?"
            confirmLabel="Include it"
            testId="confirm-secret"
            onConfirm={() => void copyEnv(true)}
            onCancel={() => setConfirmSecret(false)}
          >
            The secret key bypasses Row Level Security: keep it out of browsers and repositories.
          </Confirm>
        )}
        {copiedText ? (
          <span class="hint ok" role="status" data-testid="env-copied">
            {copiedText}
          </span>
        ) : null}
      </div>
    </div>
  );
}
