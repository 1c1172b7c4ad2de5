import type { ComponentChildren } from "preact";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { providerFolder } from "../providers/registry";

/** Who a connection is: its name, what it covers, who signed in; `children` go below (groups, freshness). */
export function ConnectionHeader(props: {
  connection: ConnectionMeta;
  provider: ProviderInfo;
  actions: ComponentChildren;
  children?: ComponentChildren;
}) {
  const { connection, provider, actions, children } = props;
  const note = providerFolder(provider.id).connectionNote;
  return (
    <header class="projects-header">
      <div>
        <h1 id="projects-title" data-testid="org-name">
          {connection.account_name}
        </h1>
        <p class="muted">
          {provider.display_name} {coveredNoun(provider)}
          {provider.covers === "organization" ? (
            <>
              {" "}
              <code>{connection.id.account}</code>
            </>
          ) : null}
          {note ? ` (${note})` : ""}
          {connection.source === "personal_token" ? (
            <span data-testid="connection-source">
              {" · "}Personal token{connection.user ? ` of ${connection.user}` : ""}
            </span>
          ) : connection.user ? (
            ` · signed in as ${connection.user}`
          ) : (
            ""
          )}
        </p>
        {children}
      </div>
      <div class="header-actions">{actions}</div>
    </header>
  );
}

/** What one connection is to the user: one organization, or their account (with all its groups). */
export function coveredNoun(provider: ProviderInfo): string {
  return provider.covers === "organization" ? provider.group_noun[0] : "account";
}
