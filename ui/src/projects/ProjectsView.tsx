import { useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { connectionKey, sameConnection, sameProvider } from "../connections";
import { useLoad } from "../data/useLoad";
import { hasScreen, renderScreen } from "../providers/registry";
import type { Creation } from "../providers/types";
import { ProjectList } from "./ProjectList";

type Mode = { view: "list" } | { view: "create" } | { view: "project"; reference: string; created: ProjectCreated | null };

const LIST: Mode = { view: "list" };

/**
 * The selected connection: its project list, or one of the provider's own
 * screens (create, detail) when the backend offers it and the provider's
 * folder draws it. App mounts one per connection, so nothing here outlives
 * a change of selection.
 */
export function ProjectsView(props: {
  backend: Backend;
  connection: ConnectionMeta;
  provider: ProviderInfo;
  connections: ConnectionMeta[];
  /** The cached list is known to be out of date (a project was just made here from another screen). */
  listOutdated: boolean;
  /** A project was created in another connection: show that one. */
  onSwitchTo: (connection: ConnectionMeta) => void;
  onReconnect: () => void;
  onDisconnected: () => void;
  onNeedsReconnect: () => void;
}) {
  const { backend, connection, provider, connections, listOutdated, onSwitchTo, onReconnect, onDisconnected, onNeedsReconnect } =
    props;
  const [mode, setMode] = useState<Mode>(LIST);
  const canCreate = hasScreen(provider, "create_project");
  const canOpen = hasScreen(provider, "project_detail");

  // Keyed by status too: a reconnected connection lists afresh.
  const listKey = provider.user_defined ? null : `${connectionKey(connection.id)}:${connection.status}`;
  const projects = useLoad(listKey, async ({ reload }) => {
    try {
      return await backend.projectsList(connection.id, reload || listOutdated);
    } catch (err) {
      if (asAppError(err).code === "needs_reconnect") onNeedsReconnect();
      throw err;
    }
  });

  const backToList = () => {
    projects.reload();
    setMode(LIST);
  };
  const created = (creation: Creation) => {
    if (!sameConnection(creation.connection.id, connection.id)) {
      onSwitchTo(creation.connection);
      return;
    }
    projects.reload();
    setMode(canOpen ? { view: "project", reference: creation.reference, created: creation.created } : LIST);
  };

  const screen =
    mode.view === "create"
      ? renderScreen(provider, "create_project", {
          backend,
          connection,
          connections: connections.filter((c) => sameProvider(c.id, connection.id)),
          onCancel: () => setMode(LIST),
          onCreated: created,
        })
      : mode.view === "project"
        ? renderScreen(provider, "project_detail", {
            backend,
            connection: connection.id,
            reference: mode.reference,
            created: mode.created,
            onBack: backToList,
          })
        : null;
  if (screen) return screen;
  return (
    <ProjectList
      backend={backend}
      connection={connection}
      provider={provider}
      projects={listKey === null ? null : projects}
      onCreate={canCreate ? () => setMode({ view: "create" }) : undefined}
      onOpen={canOpen ? (reference) => setMode({ view: "project", reference, created: null }) : undefined}
      onReconnect={onReconnect}
      onTokenReplaced={onNeedsReconnect}
      onDisconnected={onDisconnected}
    />
  );
}
