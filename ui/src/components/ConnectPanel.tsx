import { useState } from "preact/hooks";

/** The welcome card with the primary action. Connecting arrives with the OAuth flow. */
export function ConnectPanel() {
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section class="card welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Connect your first platform</h1>
      <p class="lead">
        Latchkey signs you in through your own browser, keeps the tokens in your system keychain, and
        shows your organizations and projects here without you ever handling a token.
      </p>
      <div class="provider-row">
        <div class="provider-mark supabase" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22">
            <path d="M13.5 2 4 14h7l-1 8 9.5-12h-7l1-8Z" fill="currentColor" />
          </svg>
        </div>
        <div class="provider-text">
          <strong>Supabase</strong>
          <span>Organizations, projects, Auth SMTP</span>
        </div>
        <button
          class="button primary"
          data-testid="connect-supabase"
          onClick={() =>
            setNotice("Connecting to Supabase is not wired up yet in this build. It arrives with the sign-in flow.")
          }
        >
          Connect Supabase
        </button>
      </div>
      {notice ? (
        <p class="notice" role="status" data-testid="connect-notice">
          {notice}
        </p>
      ) : null}
    </section>
  );
}
