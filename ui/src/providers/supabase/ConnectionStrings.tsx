import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { DatabaseEndpointView } from "../../bindings/DatabaseEndpointView";
import type { DatabaseRoute } from "../../bindings/DatabaseRoute";
import { ErrorNotice } from "../../components/ErrorNotice";
import { CopyButton } from "../../components/CopyButton";
import { connectionKey } from "../../connections";
import { useSubmit } from "../../data/useSubmit";

/**
 * The ways into the database (direct, session pooler, transaction pooler),
 * each shown with a placeholder and copied with the password filled in by
 * Rust: the saved one, or one pasted here once for all three, saved only on
 * "remember". The full string never passes through the page.
 */
export function ConnectionStrings(props: {
  backend: Backend;
  connection: ConnectionId;
  reference: string;
  endpoints: DatabaseEndpointView[];
  poolerProblem: string | null;
  saved: boolean;
}) {
  const { backend, connection, reference, endpoints, poolerProblem, saved } = props;
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const [isSaved, setIsSaved] = useState(saved);
  const [copied, setCopied] = useState<DatabaseRoute | null>(null);
  const submit = useSubmit(`${connectionKey(connection)}/${reference}`);
  const canCopy = isSaved || password !== "";

  const copy = (route: DatabaseRoute) => {
    const typed = isSaved ? null : password;
    return submit.run("copy", () => backend.connectionStringCopy(connection, reference, route, typed, remember), () => {
      if (typed && remember) {
        setIsSaved(true);
        setPassword("");
      }
      setCopied(route);
      setTimeout(() => setCopied(null), 2000);
    });
  };

  return (
    <div class="conn-strings">
      {isSaved ? (
        <p class="muted small" data-testid="password-saved-note">
          Copy fills in the database password saved in your keychain.
        </p>
      ) : (
        <div class="secret-row">
          <input
            type="password"
            aria-label="Database password"
            placeholder="Paste the database password to copy full strings"
            autocomplete="off"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          <label class="choice">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember((e.target as HTMLInputElement).checked)} />
            Remember in keychain
          </label>
        </div>
      )}
      <ul class="endpoints">
        {endpoints.map((endpoint) => (
          <li key={endpoint.route} data-testid={`endpoint-${endpoint.route}`}>
            <div class="endpoint-head">
              <strong>{endpoint.label}</strong>
              <span class="muted small">{endpoint.networks}</span>
            </div>
            <p class="muted small">{endpoint.use_for}</p>
            <div class="secret-row">
              <code data-testid="connection-string">{endpoint.template}</code>
              <CopyButton backend={backend} text={endpoint.template} label="Copy template" />
              <button
                class="button small primary"
                data-testid={`copy-${endpoint.route}`}
                disabled={!canCopy}
                title={canCopy ? undefined : "Paste the database password first"}
                onClick={() => void copy(endpoint.route)}
              >
                {copied === endpoint.route ? "Copied" : "Copy with password"}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {poolerProblem ? (
        <p class="muted small" data-testid="pooler-problem">
          Pooler strings are unavailable: {poolerProblem}
        </p>
      ) : endpoints.length === 1 ? (
        <p class="muted small" data-testid="no-pooler">
          The pooler strings appear while the project is running.
        </p>
      ) : null}
      {submit.error ? <ErrorNotice error={submit.error} testId="connection-string-error" /> : null}
    </div>
  );
}
