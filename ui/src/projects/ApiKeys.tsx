import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { ApiKeyView } from "../bindings/ApiKeyView";
import type { AppError } from "../bindings/AppError";
import type { ConnectionId } from "../bindings/ConnectionId";
import { ErrorNotice } from "../components/ErrorNotice";
import { CopyButton } from "../components/CopyButton";

/** API keys, hidden until revealed; "Copy as .env" with the secret key only after a confirmation. */
export function ApiKeys(props: { backend: Backend; connection: ConnectionId; reference: string }) {
  const { backend, connection, reference } = props;
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [confirmSecret, setConfirmSecret] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

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

  return (
    <div class="api-keys" data-testid="api-keys">
      <h2 class="section-title spaced">API keys</h2>
      {error ? <ErrorNotice error={error} testId="api-keys-error" /> : null}
      {keys === null && !error ? <p class="muted">Loading keys…</p> : null}
      <ul class="keys">
        {keys?.map((k) => (
          <li key={k.name} data-testid="api-key">
            <span class="key-name">
              {k.name} <span class={`badge ${k.kind === "secret" ? "bad" : "muted"}`}>{k.kind}</span>
            </span>
            <code class="key-value" data-testid="api-key-value">
              {revealed[k.name] ?? k.hidden}
            </code>
            {revealed[k.name] ? (
              <CopyButton backend={backend} text={revealed[k.name]} label="Copy" />
            ) : (
              <button
                class="button small"
                data-testid="reveal-key"
                onClick={async () => {
                  try {
                    const value = await backend.apiKeyReveal(connection, reference, k.name);
                    setRevealed((r) => ({ ...r, [k.name]: value }));
                  } catch (e) {
                    setError(asAppError(e));
                  }
                }}
              >
                Reveal
              </button>
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
