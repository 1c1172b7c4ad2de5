import type { ConnectionDetail } from "../bindings/ConnectionDetail";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import { ErrorNotice } from "../components/ErrorNotice";
import { connectionKey } from "../connections";
import { useLoad } from "../data/useLoad";
import { useNow } from "../data/useNow";
import type { Backend } from "../ipc";
import type { ConnectionSource } from "../bindings/ConnectionSource";

/** How a connection's credential came to be (`lk status` says it in short). */
const SOURCE_LABELS: Record<ConnectionSource, string> = {
  oauth_app: "Sign-in with your own OAuth app",
  broker: "Sign-in through the publisher's sign-in service (broker)",
  personal_token: "Personal token",
  user_defined: "Sign-in with a provider you defined",
};

/**
 * What a connection holds, without a secret: what it covers, where its
 * credential came from, who signed in, when the access token expires and
 * whether Latchkey renews it, and the scopes the provider granted (or, for
 * a provider that fixes scopes per OAuth app, the ones Latchkey's calls
 * need, and one a call was last refused for).
 */
export function ConnectionDetails({ backend, connection }: { backend: Backend; connection: ConnectionMeta }) {
  const detail = useLoad(`detail:${connectionKey(connection.id)}:${connection.status}`, () =>
    backend.connectionDetail(connection.id),
  );
  const now = useNow(30_000);
  if (detail.error) return <ErrorNotice error={detail.error} testId="connection-detail-error" />;
  const d = detail.value;
  if (!d) return <p class="muted">Loading…</p>;
  return (
    <dl class="facts connection-detail" data-testid="connection-detail">
      <dt>Provider</dt>
      <dd>{d.provider_name}</dd>
      <dt>Covers</dt>
      <dd>
        {d.covers === "organization" ? `One ${d.group_noun}: ` : "Your account: "}
        {d.account_name} <code>{d.account}</code>
      </dd>
      <dt>Credential</dt>
      <dd data-testid="detail-source">{SOURCE_LABELS[d.source]}</dd>
      <dt>Signed in as</dt>
      <dd>{d.user ?? "Not said by the provider"}</dd>
      <dt>Connected</dt>
      <dd>{when(d.connected_at)}</dd>
      <dt>Access token</dt>
      <dd data-testid="detail-expiry">{expiry(d, now)}</dd>
      <dt>Scopes</dt>
      <dd data-testid="detail-scopes">
        {d.source === "personal_token" ? (
          <span>None: a personal token reaches everything its user can.</span>
        ) : d.granted_scopes ? (
          <span>
            Granted: <ScopeList scopes={d.granted_scopes} />
          </span>
        ) : d.scopes_needed.length > 0 ? (
          <span>
            Not reported by {d.provider_name}; set on the OAuth app. Latchkey's calls need{" "}
            <ScopeList scopes={d.scopes_needed} />
          </span>
        ) : (
          <span>{d.provider_name} has no scopes: a token reaches everything its user can.</span>
        )}
        {d.missing_scope ? (
          <span class="hint bad" data-testid="detail-missing-scope">
            Last refused for lack of <code>{d.missing_scope}</code>
          </span>
        ) : null}
      </dd>
    </dl>
  );
}

function ScopeList({ scopes }: { scopes: string[] }) {
  return (
    <>
      {scopes.map((s, i) => (
        <span key={s}>
          {i > 0 ? ", " : ""}
          <code>{s}</code>
        </span>
      ))}
    </>
  );
}

function when(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString();
}

function expiry(d: ConnectionDetail, now: number): string {
  if (d.expires_at === null) {
    return d.refreshes ? "Does not expire" : "Does not expire; nothing to renew";
  }
  const left = d.expires_at - now;
  const inWords =
    left <= 0
      ? "expired"
      : left < 3600
        ? `expires in ${Math.ceil(left / 60)} min`
        : `expires in ${Math.round(left / 3600)} h`;
  return `${inWords[0].toUpperCase()}${inWords.slice(1)} (${when(d.expires_at)}); ${
    d.refreshes ? "Latchkey renews it by itself" : "nothing can renew it: sign in again then"
  }`;
}
