import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectPage } from "../bindings/ProjectPage";
import { ErrorNotice } from "../components/ErrorNotice";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import { CreateProjectForm } from "./CreateProjectForm";
import { ProjectDetail } from "./ProjectDetail";
import { STATUS_LABEL, statusTone } from "./status";

type Mode = { view: "list" } | { view: "create" } | { view: "project"; reference: string; created: ProjectCreated | null };

type Load = { state: "loading" } | { state: "loaded"; page: ProjectPage } | { state: "failed"; error: AppError };

/** The selected organization's projects. */
export function ProjectsView(props: {
  backend: Backend;
  connection: ConnectionMeta;
  onReconnect: () => void;
  onDisconnected: () => void;
  onNeedsReconnect: () => void;
}) {
  const { backend, connection, onReconnect, onDisconnected, onNeedsReconnect } = props;
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [disconnecting, setDisconnecting] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [mode, setMode] = useState<Mode>({ view: "list" });
  const key = `${connection.id.provider}:${connection.id.organization}`;

  useEffect(() => {
    let stale = false;
    setLoad({ state: "loading" });
    backend
      .projectsList(connection.id)
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

  if (mode.view === "create") {
    return (
      <CreateProjectForm
        backend={backend}
        connection={connection}
        onCancel={() => setMode({ view: "list" })}
        onCreated={(created) => {
          setReloads((n) => n + 1);
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
  return (
    <section class="card projects" aria-labelledby="projects-title">
      <header class="projects-header">
        <div>
          <h1 id="projects-title" data-testid="org-name">
            {connection.organization_name}
          </h1>
          <p class="muted">
            Supabase organization <code>{connection.id.organization}</code>
            {connection.user ? ` · signed in as ${connection.user}` : ""}
          </p>
        </div>
        <div class="header-actions">
          <button
            class="button primary"
            data-testid="new-project"
            disabled={needsReconnect}
            onClick={() => setMode({ view: "create" })}
          >
            New project
          </button>
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
        <ProjectTable page={load.page} onOpen={(reference) => setMode({ view: "project", reference, created: null })} />
      ) : null}
    </section>
  );
}

function ProjectTable({ page, onOpen }: { page: ProjectPage; onOpen: (reference: string) => void }) {
  if (page.projects.length === 0) {
    return (
      <p class="muted" data-testid="projects-empty">
        This organization has no projects yet.
      </p>
    );
  }
  return (
    <>
      <p class="muted count" data-testid="projects-count">
        {page.total === 1 ? "1 project" : `${page.total} projects`}
        {page.total > page.projects.length ? ` (showing the first ${page.projects.length})` : ""}
      </p>
      <table class="table" data-testid="projects">
        <thead>
          <tr>
            <th>Name</th>
            <th>Reference</th>
            <th>Region</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {page.projects.map((p) => (
            <tr key={p.reference} data-testid="project-row">
              <td class="strong">
                <button class="link" data-testid="open-project" onClick={() => onOpen(p.reference)}>
                  {p.name}
                </button>
              </td>
              <td>
                <code>{p.reference}</code>
              </td>
              <td>{p.region}</td>
              <td>
                <span class={`badge ${statusTone(p.status)}`}>{STATUS_LABEL[p.status] ?? p.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
