import { useEffect, useState } from "preact/hooks";
import type { Backend } from "./ipc";
import type { AppStatus } from "./bindings/AppStatus";
import type { LinkSummary } from "./bindings/LinkSummary";
import { Sidebar } from "./components/Sidebar";
import { ConnectPanel } from "./components/ConnectPanel";
import { StatusBar } from "./components/StatusBar";
import { LinkLog } from "./components/LinkLog";

export function App({ backend }: { backend: Backend }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [checking, setChecking] = useState(true);
  const [links, setLinks] = useState<LinkSummary[]>([]);

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

  return (
    <div class="shell">
      <Sidebar />
      <main class="main">
        <ConnectPanel />
        {status?.channel === "debug" || links.length > 0 ? <LinkLog links={links} /> : null}
      </main>
      <StatusBar status={status} checking={checking} onRetry={refreshStatus} />
    </div>
  );
}
