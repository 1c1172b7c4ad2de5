import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { ApiKeyView } from "../bindings/ApiKeyView";
import type { AppError } from "../bindings/AppError";
import type { ConnectionId } from "../bindings/ConnectionId";
import { ErrorNotice } from "../components/ErrorNotice";

/**
 * API keys, hidden. Publishable keys can be revealed; secret keys are never
 * shown, only copied (by Rust) after a confirmation, alone or in the .env.
 */
export function ApiKeys(props: { backend: Backend; connection: ConnectionId; reference: string }) {
  const { backend, connection, reference } = props;
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [confirmSecret, setConfirmSecret] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [confirmKey, setConfirmKey] = useState<string | null>(null);

  useEffect(() => {
    backend
      .apiKeysList(connection, reference)
      .then(setKeys)
      .catch((e) => setError(asAppError(e)));
  }, [reference]);

  const copyEnv = async (includeSecret: boolean) => {
    try {
      setConfirmSecret(false);
      setError(null);
      // Rust builds the snippet and writes the clipboard: the secret key never
      // passes through this page.
      await backend.apiKeysCopyEnv(connection, reference, includeSecret);
      setCopied(includeSecret ? "Copied .env with the secret key" : "Copied .env");
    } catch (e) {
      setError(asAppError(e));
    }
  };

  // Rust writes the clipboard: a secret key's value never reaches this page,
  // and the backend refuses it without the confirmation.
  const copyKey = async (key: ApiKeyView, confirmed: boolean) => {
    try {
      setConfirmKey(null);
      setError(null);
      await backend.apiKeyCopy(connection, reference, key.id, confirmed);
      setCopied(`Copied the ${key.kind === "secret" ? "secret" : key.name} key`);
    } catch (e) {
      setError(asAppError(e));
    }
  };

  return (
    <div class="api-keys" data-testid="api-keys">
      <h2 class="section-title spaced">API keys</h2>
      {error ? <ErrorNotice error={error} testId="api-keys-error" /> : null}
      {keys === null && !error ? <p class="muted">Loading keys…</p> : null}
      <ul class="keys">
        {keys?.map((k) => (
          <li key={k.id} data-testid="api-key" data-kind={k.kind}>
            <span class="key-name">
              {k.name} <span class={`badge ${k.kind === "secret" ? "bad" : "muted"}`}>{k.kind}</span>
            </span>
            <code class="key-value" data-testid="api-key-value">
              {revealed[k.id] ?? k.hidden}
            </code>
            {k.kind === "secret" ? (
              confirmKey === k.id ? (
                <span class="confirm" role="alertdialog" aria-label="Copy the secret key?">
                  Bypasses Row Level Security.
                  <button class="button small danger" data-testid="confirm-copy-key" onClick={() => void copyKey(k, true)}>
                    Copy it
                  </button>
                  <button class="button small" onClick={() => setConfirmKey(null)}>
                    Cancel
                  </button>
                </span>
              ) : (
                <button class="button small" data-testid="copy-key" onClick={() => setConfirmKey(k.id)}>
                  Copy…
                </button>
              )
            ) : (
              <span class="key-actions">
                {revealed[k.id] ? null : (
                  <button
                    class="button small"
                    data-testid="reveal-key"
                    onClick={async () => {
                      try {
                        const value = await backend.apiKeyReveal(connection, reference, k.id);
                        setRevealed((r) => ({ ...r, [k.id]: value }));
                      } catch (e) {
                        setError(asAppError(e));
                      }
                    }}
                  >
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
          <span class="confirm" role="alertdialog" aria-label="Include the secret key?">
            The secret key bypasses Row Level Security: keep it out of browsers and repositories.
            <button class="button small danger" data-testid="confirm-secret" onClick={() => void copyEnv(true)}>
              Include it
            </button>
            <button class="button small" onClick={() => setConfirmSecret(false)}>
              Cancel
            </button>
          </span>
        )}
        {copied ? (
          <span class="hint ok" role="status" data-testid="env-copied">
            {copied}
          </span>
        ) : null}
      </div>
    </div>
  );
}
