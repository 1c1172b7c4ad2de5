import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectPage } from "../bindings/ProjectPage";
import { ErrorNotice } from "../components/ErrorNotice";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import { CreateProjectForm } from "./CreateProjectForm";
import { NeonCreateForm } from "./NeonCreateForm";
import { ProjectDetail } from "./ProjectDetail";
import { ProjectTable } from "./ProjectTable";

type Mode = { view: "list" } | { view: "create" } | { view: "neon-create" } | { view: "project"; reference: string; created: ProjectCreated | null };

type Load = { state: "loading" } | { state: "loaded"; page: ProjectPage } | { state: "failed"; error: AppError };

/** The selected organization's projects. */
export function ProjectsView(props: {
  backend: Backend;
  connection: ConnectionMeta;
  connections: ConnectionMeta[];
  /** A project was created in another organization: show that one. */
  onSwitchTo: (connection: ConnectionMeta) => void;
  onReconnect: () => void;
  onDisconnected: () => void;
  onNeedsReconnect: () => void;
}) {
  const { backend, connection, connections, onSwitchTo, onReconnect, onDisconnected, onNeedsReconnect } = props;
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [disconnecting, setDisconnecting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  const [mode, setMode] = useState<Mode>({ view: "list" });
  const [groups, setGroups] = useState<string[]>([]);
  const key = `${connection.id.provider}:${connection.id.organization}`;

  useEffect(() => {
    let stale = false;
    setLoad({ state: "loading" });
    backend
      .projectsList(connection.id, reloads > 0)
      .then((page) => !stale && setLoad({ state: "loaded", page }))
      .catch((err) => {
        if (stale) return;
        const error = asAppError(err);
        setLoad({ state: "failed", error });
        if (error.code === "needs_reconnect") onNeedsReconnect();
      });
    return () => {
      stale = true;
    };
  }, [key, connection.status, reloads]);

  useEffect(() => setMode({ view: "list" }), [key]);

  // Neon organizations / Netlify accounts the connection reaches.
  useEffect(() => {
    setGroups([]);
    if (connection.id.provider === "supabase" || connection.status !== "connected") return;
    let stale = false;
    backend
      .connectionGroups(connection.id)
      .then((g) => !stale && setGroups(g))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [key, connection.status]);

  // "Updated N s ago" stays current.
  useEffect(() => {
    const tick = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 5000);
    return () => clearInterval(tick);
  }, []);

  if (mode.view === "neon-create") {
    return (
      <NeonCreateForm
        backend={backend}
        connection={connection}
        onCancel={() => setMode({ view: "list" })}
        onCreated={() => {
          setReloads((n) => n + 1);
          setMode({ view: "list" });
        }}
      />
    );
  }
  if (mode.view === "create") {
    return (
      <CreateProjectForm
        backend={backend}
        connection={connection}
        connections={connections}
        onCancel={() => setMode({ view: "list" })}
        onCreated={(created, target) => {
          setReloads((n) => n + 1);
          if (target.id.organization !== connection.id.organization) {
            onSwitchTo(target);
            return;
          }
          setMode({ view: "project", reference: created.project.reference, created });
        }}
      />
    );
  }
  if (mode.view === "project") {
    return (
      <ProjectDetail
        backend={backend}
        connection={connection.id}
        reference={mode.reference}
        created={mode.created}
        onBack={() => {
          setReloads((n) => n + 1);
          setMode({ view: "list" });
        }}
      />
    );
  }

  const needsReconnect = connection.status === "needs_reconnect";
  const isSupabase = connection.id.provider === "supabase";
  const canCreate = isSupabase || connection.id.provider === "neon";
  return (
    <section class="card projects" aria-labelledby="projects-title">
      <header class="projects-header">
        <div>
          <h1 id="projects-title" data-testid="org-name">
            {connection.organization_name}
          </h1>
          <p class="muted">
            {isSupabase ? (
              <>
                Supabase organization <code>{connection.id.organization}</code>
              </>
            ) : connection.id.provider === "netlify" ? (
              "Netlify account (the token does not expire; Disconnect forgets it here, revoke it in Netlify's settings too)"
            ) : (
              "Neon account"
            )}
            {connection.user ? ` · signed in as ${connection.user}` : ""}
          </p>
          {groups.length > 0 ? (
            <p class="groups" data-testid="groups">
              <span class="muted">{connection.id.provider === "netlify" ? "Accounts:" : "Organizations:"}</span>
              {groups.map((g) => (
                <span key={g} class="chip">
                  {g}
                </span>
              ))}
            </p>
          ) : null}
          {load.state === "loaded" ? (
            <p class="muted small" data-testid="updated-ago">
              {updatedAgo(now - load.page.fetched_at)}
            </p>
          ) : null}
        </div>
        <div class="header-actions">
          {canCreate ? (
          <button
            class="button primary"
            data-testid="new-project"
            disabled={needsReconnect}
            onClick={() => setMode({ view: isSupabase ? "create" : "neon-create" })}
          >
            New project
          </button>
          ) : null}
          <button
            class="button"
            data-testid="refresh"
            disabled={load.state === "loading" || needsReconnect}
            onClick={() => setReloads((n) => n + 1)}
          >
            Refresh
          </button>
          <button
            class="button"
            data-testid="disconnect"
            disabled={disconnecting}
            onClick={async () => {
              setDisconnecting(true);
              try {
                await backend.connectionDisconnect(connection.id);
                onDisconnected();
              } catch (err) {
                setLoad({ state: "failed", error: asAppError(err) });
              } finally {
                setDisconnecting(false);
              }
            }}
          >
            {disconnecting ? "Disconnecting…" : "Disconnect"}
          </button>
        </div>
      </header>
      {needsReconnect ? (
        <ErrorNotice
          testId="needs-reconnect"
          error={{
            code: "needs_reconnect",
            message: "The sign-in for this organization was revoked or has expired. Reconnect to see its projects again.",
          }}
          action={
            <button class="button primary small" data-testid="reconnect" onClick={onReconnect}>
              Reconnect
            </button>
          }
        />
      ) : null}
      {!needsReconnect && load.state === "loading" ? (
        <p class="muted" data-testid="projects-loading">
          Loading projects…
        </p>
      ) : null}
      {!needsReconnect && load.state === "failed" ? <ErrorNotice error={load.error} testId="projects-error" /> : null}
      {!needsReconnect && load.state === "loaded" ? (
        <ProjectTable
          page={load.page}
          noun={connection.id.provider === "netlify" ? ["site", "sites"] : ["project", "projects"]}
          placeLabel={connection.id.provider === "netlify" ? "URL" : "Region"}
          onOpen={isSupabase ? (reference) => setMode({ view: "project", reference, created: null }) : undefined}
        />
      ) : null}
    </section>
  );
}

function updatedAgo(seconds: number): string {
  if (seconds < 10) return "Updated just now";
  if (seconds < 60) return `Updated ${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `Updated ${minutes} min ago` : `Updated ${Math.floor(minutes / 60)} h ago`;
}
