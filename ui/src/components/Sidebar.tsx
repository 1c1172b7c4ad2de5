import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ConnectionId } from "../bindings/ConnectionId";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { connectionKey, sameConnection } from "../connections";
import { providerInfo } from "../providers/registry";
import { useNow } from "../data/useNow";
import { Logo } from "./Logo";
import { ProviderMark } from "./ProviderMark";

/** Connected accounts, one per (provider, account). */
export function Sidebar(props: {
  connections: ConnectionMeta[];
  providers: ProviderInfo[];
  selected: ConnectionId | null;
  onSelect: (id: ConnectionId | null) => void;
  onSettings: () => void;
  /** The list has not arrived yet: neither "no accounts" nor a list. */
  loading?: boolean;
}) {
  const { connections, providers, selected, onSelect, onSettings, loading } = props;
  return (
    <aside class="sidebar" aria-label="Accounts">
      <div class="brand">
        <Logo size={28} />
        <span class="brand-name">Latchkey</span>
      </div>
      <h2 class="section-title">Accounts</h2>
      {loading ? (
        <p key="loading" class="muted small" data-testid="accounts-loading">
          Loading accounts…
        </p>
      ) : connections.length === 0 ? (
        <div key="empty" class="empty-state" data-testid="accounts-empty">
          <div class="empty-icon" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="28" height="28">
              <path
                d="M7 14a5 5 0 1 1 4.9-6H22v4h-2v3h-3v-3h-5.1A5 5 0 0 1 7 14Zm0-3a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z"
                fill="currentColor"
              />
            </svg>
          </div>
          <p class="empty-title">No accounts yet</p>
          <p class="empty-text">
            Connect a platform and its organizations and projects show up here. Your tokens stay in the system keychain.
          </p>
        </div>
      ) : (
        <ul key="list" class="accounts" data-testid="accounts">
          {connections.map((c) => (
            <li key={connectionKey(c.id)}>
              <AccountButton
                connection={c}
                provider={providerInfo(providers, c.id.provider)}
                selected={sameConnection(selected, c.id)}
                onSelect={() => onSelect(c.id)}
              />
            </li>
          ))}
          <li>
            <button class="account add" data-testid="add-organization" onClick={() => onSelect(null)}>
              + Add account
            </button>
          </li>
        </ul>
      )}
      {/* Keyed, like the slot above, so that slot's change of element never
          takes this div for its own and rebuilds the Settings button. */}
      <div key="footer" class="sidebar-footer">
        <button class="button" data-testid="open-settings" onClick={onSettings}>
          Settings
        </button>
      </div>
    </aside>
  );
}

function AccountButton(props: { connection: ConnectionMeta; provider: ProviderInfo; selected: boolean; onSelect: () => void }) {
  const { connection: c, provider, selected, onSelect } = props;
  const now = useNow(60_000);
  return (
    <button
      class={`account${selected ? " selected" : ""}`}
      data-testid="account"
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
    >
      <ProviderMark provider={provider} small />
      <span class="account-text">
        <span class="account-name" data-testid="account-name">
          {accountLabel(c, provider)}
        </span>
        <span class="account-meta">
          {provider.display_name}
          {accountDetail(c, provider)}
          {signInEnds(c, now)}
        </span>
      </span>
      {c.status === "connected" ? (
        <span class="status-dot ok" data-testid="account-status" data-status={c.status} title="Connected" aria-label="Connected" />
      ) : (
        <span class="badge warn" data-testid="account-status" data-status={c.status}>
          {c.source === "personal_token" ? "New token" : "Reconnect"}
        </span>
      )}
    </button>
  );
}

/** When a sign-in nothing can renew ends (no refresh token): its user must sign in again then. */
export function signInEnds(c: ConnectionMeta, now: number): string {
  if (c.sign_in_ends_at === null || c.status !== "connected") return "";
  const left = c.sign_in_ends_at - now;
  if (left <= 0) return " · sign-in expired";
  if (left < 3600) return ` · expires in ${Math.max(1, Math.round(left / 60))} min`;
  if (left < 48 * 3600) return ` · expires in ${Math.round(left / 3600)} h`;
  return ` · expires in ${Math.round(left / 86400)} days`;
}

/** An organization goes by its name; a user (with all their organizations) by who signed in. */
function accountLabel(c: ConnectionMeta, provider: ProviderInfo): string {
  return provider.covers === "organization" ? c.account_name : (c.user ?? c.account_name);
}

/** The organization's id tells two of the same name apart; a user's label already names them. */
function accountDetail(c: ConnectionMeta, provider: ProviderInfo): string {
  if (provider.covers === "organization") return ` · ${c.id.account}`;
  return c.user && c.user !== c.account_name ? ` · ${c.account_name}` : "";
}
