import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ConnectionId } from "../bindings/ConnectionId";
import { Logo } from "./Logo";
import { PROVIDER_NAMES, ProviderMark } from "./ProviderMark";

export function sameConnection(a: ConnectionId | null, b: ConnectionId | null): boolean {
  return !!a && !!b && a.provider === b.provider && a.organization === b.organization;
}

/** Connected accounts, one per (provider, organization). */
export function Sidebar(props: {
  connections: ConnectionMeta[];
  selected: ConnectionId | null;
  onSelect: (id: ConnectionId | null) => void;
  onSettings: () => void;
}) {
  const { connections, selected, onSelect, onSettings } = props;
  return (
    <aside class="sidebar" aria-label="Accounts">
      <div class="brand">
        <Logo size={28} />
        <span class="brand-name">Latchkey</span>
      </div>
      <h2 class="section-title">Accounts</h2>
      {connections.length === 0 ? (
        <div class="empty-state" data-testid="accounts-empty">
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
        <ul class="accounts" data-testid="accounts">
          {connections.map((c) => (
            <li key={`${c.id.provider}:${c.id.organization}`}>
              <button
                class={`account${sameConnection(selected, c.id) ? " selected" : ""}`}
                data-testid="account"
                aria-current={sameConnection(selected, c.id) ? "true" : undefined}
                onClick={() => onSelect(c.id)}
              >
                <ProviderMark provider={c.id.provider} small />
                <span class="account-text">
                  <span class="account-name" data-testid="account-name">
                    {c.organization_name}
                  </span>
                  <span class="account-meta">
                    {PROVIDER_NAMES[c.id.provider] ?? c.id.provider}
                    {c.id.provider === "supabase" ? ` · ${c.id.organization}` : c.user ? ` · ${c.user}` : ""}
                  </span>
                </span>
                {c.status === "connected" ? (
                  <span
                    class="status-dot ok"
                    data-testid="account-status"
                    data-status={c.status}
                    title="Connected"
                    aria-label="Connected"
                  />
                ) : (
                  <span class="badge warn" data-testid="account-status" data-status={c.status}>
                    Reconnect
                  </span>
                )}
              </button>
            </li>
          ))}
          <li>
            <button class="account add" data-testid="add-organization" onClick={() => onSelect(null)}>
              + Add organization
            </button>
          </li>
        </ul>
      )}
      <div class="sidebar-footer">
        <button class="button" data-testid="open-settings" onClick={onSettings}>
          Settings
        </button>
      </div>
    </aside>
  );
}
