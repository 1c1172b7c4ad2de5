import { Logo } from "./Logo";

/** Accounts list; empty until the connect flow lands. */
export function Sidebar() {
  return (
    <aside class="sidebar" aria-label="Accounts">
      <div class="brand">
        <Logo size={28} />
        <span class="brand-name">Latchkey</span>
      </div>
      <h2 class="section-title">Accounts</h2>
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
          Connect a platform and its organizations and projects show up here. Your tokens stay in the
          system keychain.
        </p>
      </div>
    </aside>
  );
}
