import { useState } from "preact/hooks";
import type { Backend } from "../ipc";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectPage } from "../bindings/ProjectPage";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { ErrorNotice, Retry } from "../components/ErrorNotice";
import { TokenForm } from "../connect/TokenForm";
import { connectionKey } from "../connections";
import type { Loaded } from "../data/useLoad";
import { useSubmit } from "../data/useSubmit";
import { ConnectionDetails } from "./ConnectionDetails";
import { ConnectionHeader, coveredNoun } from "./ConnectionHeader";
import { GroupList } from "./GroupList";
import { ProjectTable } from "./ProjectTable";
import { UpdatedAgo } from "./UpdatedAgo";

/** A connection's main screen: who it is, what it can do, and its projects (when the provider lists any). */
export function ProjectList(props: {
  backend: Backend;
  connection: ConnectionMeta;
  provider: ProviderInfo;
  /** Null for a provider that lists no projects (a user-defined one). */
  projects: Loaded<ProjectPage> | null;
  /** Set when the provider has a screen for each. */
  onCreate?: () => void;
  onOpen?: (reference: string) => void;
  onReconnect: () => void;
  /** A new personal token replaced one the provider stopped accepting. */
  onTokenReplaced: () => void;
  onDisconnected: () => void;
}) {
  const { backend, connection, provider, projects, onCreate, onOpen, onReconnect, onTokenReplaced, onDisconnected } = props;
  const disconnect = useSubmit(connectionKey(connection.id));
  const needsReconnect = connection.status === "needs_reconnect";
  const byToken = connection.source === "personal_token";
  const [pasting, setPasting] = useState(false);
  const [showDetails, setShowDetails] = useState(false);
  // A failed reload keeps the last list on screen, under the notice.
  const loadError = projects && !projects.loading ? projects.error : null;

  const actions = (
    <>
      {onCreate ? (
        <button class="button primary" data-testid="new-project" disabled={needsReconnect} onClick={onCreate}>
          New {provider.item_noun[0]}
        </button>
      ) : null}
      {projects ? (
        <button
          class="button"
          data-testid="refresh"
          disabled={projects.loading || needsReconnect}
          onClick={() => {
            disconnect.clearError();
            projects.reload();
          }}
        >
          Refresh
        </button>
      ) : null}
      <button
        class="button"
        data-testid="details"
        aria-expanded={showDetails}
        onClick={() => setShowDetails(!showDetails)}
      >
        {showDetails ? "Hide details" : "Details"}
      </button>
      <button
        class="button"
        data-testid="disconnect"
        disabled={disconnect.pending !== null}
        onClick={() => void disconnect.run("disconnecting", () => backend.connectionDisconnect(connection.id), onDisconnected)}
      >
        {disconnect.pending ? "Disconnecting…" : "Disconnect"}
      </button>
    </>
  );

  return (
    <section class="card projects" aria-labelledby="projects-title" aria-busy={projects?.loading ? "true" : "false"}>
      <ConnectionHeader connection={connection} provider={provider} actions={actions}>
        <GroupList backend={backend} connection={connection} provider={provider} />
        {projects?.value && !projects.loading ? <UpdatedAgo fetchedAt={projects.value.fetched_at} /> : null}
      </ConnectionHeader>
      {showDetails ? <ConnectionDetails backend={backend} connection={connection} /> : null}
      {needsReconnect && byToken ? (
        <ErrorNotice
          testId="needs-reconnect"
          title="New token needed"
          error={{
            code: "needs_reconnect",
            message: `${provider.display_name} no longer accepts the ${provider.personal_token?.name ?? "token"} this ${coveredNoun(provider)} was connected with: it was deleted or has expired. Paste a new one to see its ${provider.item_noun[1]} again.`,
          }}
          action={
            pasting ? null : (
              <button class="button primary small" data-testid="reconnect" onClick={() => setPasting(true)}>
                Paste a new token
              </button>
            )
          }
        />
      ) : null}
      {needsReconnect && byToken && pasting ? (
        <TokenForm
          backend={backend}
          provider={provider}
          title={`A new ${provider.display_name} ${provider.personal_token?.name ?? "token"}`}
          onConnected={() => {
            setPasting(false);
            onTokenReplaced();
          }}
          onCancel={() => setPasting(false)}
        />
      ) : null}
      {needsReconnect && !byToken ? (
        <ErrorNotice
          testId="needs-reconnect"
          error={{
            code: "needs_reconnect",
            message: `The sign-in for this ${coveredNoun(provider)} was revoked or has expired. Reconnect to see its ${provider.item_noun[1]} again.`,
          }}
          action={
            <button class="button primary small" data-testid="reconnect" onClick={onReconnect}>
              Reconnect
            </button>
          }
        />
      ) : null}
      {!needsReconnect && projects?.loading && !projects.value ? (
        <p class="muted" data-testid="projects-loading">
          Loading {provider.item_noun[1]}…
        </p>
      ) : null}
      {disconnect.error ? <ErrorNotice error={disconnect.error} testId="disconnect-error" /> : null}
      {!needsReconnect && loadError ? (
        <ErrorNotice error={loadError} testId="projects-error" action={<Retry onRetry={() => projects?.reload()} />} />
      ) : null}
      {!needsReconnect && projects?.value ? (
        <ProjectTable page={projects.value} noun={provider.item_noun} onOpen={onOpen} />
      ) : null}
    </section>
  );
}
