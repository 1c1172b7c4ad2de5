import { useEffect, useState } from "preact/hooks";
import type { Backend } from "./ipc";
import type { ConnectionId } from "./bindings/ConnectionId";
import type { LinkSummary } from "./bindings/LinkSummary";
import { Sidebar } from "./components/Sidebar";
import { StatusBar } from "./components/StatusBar";
import { LinkLog } from "./components/LinkLog";
import { ErrorNotice, Retry } from "./components/ErrorNotice";
import { ConnectPanel } from "./connect/ConnectPanel";
import { useConnectFlow } from "./connect/flow";
import { connectionKey, sameConnection } from "./connections";
import { useLoad } from "./data/useLoad";
import { ProjectsView } from "./projects/ProjectsView";
import { providerInfo } from "./providers/registry";
import { SettingsView } from "./settings/SettingsView";

export function App({ backend }: { backend: Backend }) {
  const status = useLoad("status", () => backend.statusGet());
  const providersLoad = useLoad("providers", () => backend.providersList());
  // A failed reload keeps the last list (useLoad keeps the value on an error).
  const connectionsLoad = useLoad("connections", () => backend.connectionsList());
  const providers = providersLoad.value ?? [];
  const connections = connectionsLoad.value ?? [];
  const [links, setLinks] = useState<LinkSummary[]>([]);
  // undefined until the user (or a new connection) picks: then the first one shows.
  // null is a choice too: "Add account" shows the Connect panel.
  const [selected, setSelected] = useState<ConnectionId | null | undefined>(undefined);
  // The connection whose cached project list misses a project made from another screen.
  const [outdated, setOutdated] = useState<string | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);
  const [problemsDismissed, setProblemsDismissed] = useState(false);

  const flow = useConnectFlow(backend, (connection) => {
    connectionsLoad.reload();
    setSelected(connection.id);
  });

  useEffect(() => {
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
        if (cancelled) return;
        setLinks((prev) => (prev.length >= earlier.length ? prev : earlier));
      });
    return () => {
      cancelled = true;
      unlisten?.();
    };
  }, [backend]);

  const chosen = selected === undefined ? (connections[0]?.id ?? null) : selected;
  const current = connections.find((c) => sameConnection(c.id, chosen)) ?? null;
  const appStatus = status.value;
  return (
    <div class="shell">
      <Sidebar
        connections={connections}
        providers={providers}
        selected={current?.id ?? null}
        onSelect={(id) => {
          setShowSettings(false);
          setOutdated(null);
          setSelected(id);
        }}
        onSettings={() => setShowSettings(true)}
        loading={connectionsLoad.value === null && connectionsLoad.error === null}
      />
      <main class="main">
        {appStatus?.connections_recovered && !recoveryDismissed ? (
          <ErrorNotice
            testId="connections-recovered"
            error={{ code: "internal", message: appStatus.connections_recovered }}
            title="Connections list repaired"
            tone="info"
            onDismiss={() => setRecoveryDismissed(true)}
          />
        ) : null}
        {appStatus && appStatus.provider_problems.length > 0 && !problemsDismissed ? (
          <ErrorNotice
            testId="provider-problems"
            error={{ code: "validation", message: appStatus.provider_problems.join("\n") }}
            title="Some of your provider files were skipped"
            tone="info"
            onDismiss={() => setProblemsDismissed(true)}
          />
        ) : null}
        {connectionsLoad.error ? (
          <ErrorNotice
            testId="connections-error"
            title="Your connections could not be read"
            error={connectionsLoad.error}
            action={<Retry onRetry={connectionsLoad.reload} busy={connectionsLoad.loading} />}
          />
        ) : null}
        {providersLoad.error ? (
          <ErrorNotice
            testId="providers-error"
            title="The list of platforms could not be read"
            error={providersLoad.error}
            action={<Retry onRetry={providersLoad.reload} busy={providersLoad.loading} />}
          />
        ) : null}
        {showSettings ? <SettingsView
            backend={backend}
            onClose={() => setShowSettings(false)}
            diagnostics={appStatus?.channel === "debug" && links.length > 0 ? <LinkLog links={links} /> : null}
          /> : null}
        {!showSettings && current ? (
          <ProjectsView
            key={connectionKey(current.id)}
            backend={backend}
            connection={current}
            provider={providerInfo(providers, current.id.provider)}
            connections={connections}
            listOutdated={outdated === connectionKey(current.id)}
            onSwitchTo={(c) => {
              setOutdated(connectionKey(c.id));
              setSelected(c.id);
            }}
            onReconnect={() => void flow.start(current.id.provider, current.id.account)}
            onNeedsReconnect={connectionsLoad.reload}
            onDisconnected={() => {
              setSelected(null);
              connectionsLoad.reload();
            }}
          />
        ) : null}
        {!showSettings && (connectionsLoad.value !== null || connectionsLoad.error) && (!current || flow.state.step !== "idle") ? (
          <ConnectPanel
            flow={flow}
            backend={backend}
            onTokenConnected={(connected) => {
              connectionsLoad.reload();
              if (connected[0]) setSelected(connected[0].id);
            }}
            providers={providers}
            hasConnections={connections.length > 0}
            copyText={backend.clipboardWrite}
          />
        ) : null}
      </main>
      <StatusBar status={appStatus} failed={status.error !== null} checking={status.loading} onRetry={status.reload} />
    </div>
  );
}
