import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionId } from "../bindings/ConnectionId";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import type { ProjectDetailView } from "../bindings/ProjectDetailView";
import { ErrorNotice } from "../components/ErrorNotice";
import { PasswordOnce } from "./CreateProjectForm";
import { SmtpForm } from "./SmtpForm";
import { ApiKeys } from "./ApiKeys";
import { ConnectionString } from "./ConnectionString";
import { STATUS_LABEL, statusTone } from "./status";

const SETTLED = ["ACTIVE_HEALTHY", "INACTIVE", "INIT_FAILED", "REMOVED", "ACTIVE_UNHEALTHY"];

/** One project: facts, service health, connection string, Auth SMTP. Polls with backoff while it changes state. */
export function ProjectDetail(props: {
  backend: Backend;
  connection: ConnectionId;
  reference: string;
  created: ProjectCreated | null;
  onBack: () => void;
}) {
  const { backend, connection, reference, created, onBack } = props;
  const [project, setProject] = useState<ProjectDetailView | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let stale = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 1000;
    const load = async () => {
      try {
        const next = await backend.projectGet(connection, reference);
        if (stale) return;
        setProject(next);
        setError(null);
        if (!SETTLED.includes(next.status)) {
          timer = setTimeout(load, delay);
          delay = Math.min(delay * 2, 10_000);
        }
      } catch (err) {
        if (!stale) setError(asAppError(err));
      }
    };
    void load();
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [reference]);

  return (
    <section class="card projects" aria-labelledby="project-title">
      <header class="projects-header">
        <div>
          <button class="link" onClick={onBack} data-testid="back-to-projects">
            ← Projects
          </button>
          <h1 id="project-title" data-testid="project-name">
            {project?.name ?? created?.project.name ?? reference}
          </h1>
        </div>
        {project ? (
          <span class={`badge large ${statusTone(project.status)}`} data-testid="project-status" data-status={project.status}>
            {STATUS_LABEL[project.status] ?? project.status}
          </span>
        ) : null}
      </header>
      {created ? <PasswordOnce backend={backend} created={created} /> : null}
      {error ? <ErrorNotice error={error} testId="project-error" /> : null}
      {project ? (
        <>
          <dl class="facts">
            <dt>Reference</dt>
            <dd>
              <code>{project.reference}</code>
            </dd>
            <dt>Region</dt>
            <dd>{project.region}</dd>
            <dt>Created</dt>
            <dd>{new Date(project.created_at).toLocaleString()}</dd>
            <dt>Database</dt>
            <dd>
              {project.database_host ? (
                <>
                  <code>{project.database_host}</code> · Postgres {project.database_version}
                </>
              ) : (
                "Not ready yet"
              )}
            </dd>
            <dt>Connection string</dt>
            <dd>
              <ConnectionString
                backend={backend}
                connection={connection}
                reference={project.reference}
                placeholder={project.connection_string}
                saved={project.password_saved || !!created?.password_saved}
              />
            </dd>
          </dl>
          <h2 class="section-title spaced">Service health</h2>
          <ul class="health" data-testid="health">
            {project.health.length === 0 ? <li class="muted">Not reported yet.</li> : null}
            {project.health.map((h) => (
              <li key={h.name}>
                <span
                  class={`status-dot ${h.healthy ? "ok" : h.status.toUpperCase() === "COMING_UP" ? "warn" : "bad"}`}
                  aria-hidden="true"
                />
                {h.name} <span class="muted">{h.healthy ? "healthy" : h.status.toLowerCase().replace("_", " ")}</span>
              </li>
            ))}
          </ul>
          <ApiKeys backend={backend} connection={connection} reference={project.reference} />
          <SmtpForm backend={backend} connection={connection} reference={project.reference} />
        </>
      ) : null}
    </section>
  );
}
