import { useEffect, useState } from "preact/hooks";
import type { Backend } from "./ipc";
import type { AppStatus } from "./bindings/AppStatus";
import type { ConnectionId } from "./bindings/ConnectionId";
import type { ConnectionMeta } from "./bindings/ConnectionMeta";
import type { LinkSummary } from "./bindings/LinkSummary";
import { Sidebar, sameConnection } from "./components/Sidebar";
import { StatusBar } from "./components/StatusBar";
import { LinkLog } from "./components/LinkLog";
import { ErrorNotice } from "./components/ErrorNotice";
import { ConnectPanel } from "./connect/ConnectPanel";
import { useConnectFlow } from "./connect/flow";
import { ProjectsView } from "./projects/ProjectsView";
import { SettingsView } from "./settings/SettingsView";

export function App({ backend }: { backend: Backend }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [checking, setChecking] = useState(true);
  const [links, setLinks] = useState<LinkSummary[]>([]);
  const [connections, setConnections] = useState<ConnectionMeta[]>([]);
  const [selected, setSelected] = useState<ConnectionId | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);

  const refreshConnections = async () => {
    const list = await backend.connectionsList().catch(() => null);
    if (list) setConnections(list);
    return list;
  };

  const flow = useConnectFlow(backend, (connection) => {
    void refreshConnections().then(() => setSelected(connection.id));
  });

  const refreshStatus = async () => {
    setChecking(true);
    try {
      setStatus(await backend.statusGet());
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    void refreshStatus();
    void refreshConnections().then((list) => {
      if (list && list.length > 0) setSelected((s) => s ?? list[0].id);
    });
    let unlisten: (() => void) | undefined;
    let cancelled = false;
    // Listen first, then fetch what arrived before we listened (a cold start
    // with a link in argv), so no link falls in between.
    void backend
      .onLinkReceived((link) => setLinks((prev) => [...prev, link]))
      .then(async (stop) => {
        if (cancelled) return stop();
        unlisten = stop;
        const earlier = await backend.linksList();
        setLinks((prev) => (prev.length >= earlier.length ? prev : earlier));
      });
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [backend]);

  const current = connections.find((c) => sameConnection(c.id, selected)) ?? null;
  return (
    <div class="shell">
      <Sidebar
        connections={connections}
        selected={current?.id ?? null}
        onSelect={(id) => {
          setShowSettings(false);
          setSelected(id);
        }}
        onSettings={() => setShowSettings(true)}
      />
      <main class="main">
        {status?.connections_recovered && !recoveryDismissed ? (
          <ErrorNotice
            testId="connections-recovered"
            error={{ code: "internal", message: status.connections_recovered }}
            title="Connections list repaired"
            tone="info"
            onDismiss={() => setRecoveryDismissed(true)}
          />
        ) : null}
        {showSettings ? <SettingsView backend={backend} onClose={() => setShowSettings(false)} /> : null}
        {!showSettings && current ? (
          <ProjectsView
            backend={backend}
            connection={current}
            connections={connections}
            onSwitchTo={(c) => setSelected(c.id)}
            onReconnect={() => void flow.start(current.id.provider, current.id.organization)}
            onNeedsReconnect={() => void refreshConnections()}
            onDisconnected={() => {
              setSelected(null);
              void refreshConnections();
            }}
          />
        ) : null}
        {!showSettings && (!current || flow.state.step !== "idle") ? (
          <ConnectPanel flow={flow} hasConnections={connections.length > 0} copyText={backend.clipboardWrite} />
        ) : null}
        {status?.channel === "debug" && links.length > 0 ? <LinkLog links={links} /> : null}
      </main>
      <StatusBar status={status} checking={checking} onRetry={refreshStatus} />
    </div>
  );
}
