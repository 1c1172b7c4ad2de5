import { useEffect, useRef } from "preact/hooks";
import type { ProjectDetailView } from "../../bindings/ProjectDetailView";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { DetailHeader } from "../../components/DetailHeader";
import { useLoad } from "../../data/useLoad";
import { STATUS_LABEL, statusTone } from "../../projects/status";
import type { ProjectDetailProps } from "../types";
import { PasswordOnce } from "./PasswordOnce";
import { SmtpForm } from "./SmtpForm";
import { ApiKeys } from "./ApiKeys";
import { ConnectionStrings } from "./ConnectionStrings";
import { PausedNotice } from "./PausedNotice";

const SETTLED = ["ACTIVE_HEALTHY", "INACTIVE", "INIT_FAILED", "REMOVED", "ACTIVE_UNHEALTHY"];
const FIRST_POLL_MS = 1000;
const LAST_POLL_MS = 10_000;

/** One project: facts, connection strings, service health, Auth SMTP. Polls with backoff while it changes state. */
export function ProjectDetail(props: ProjectDetailProps) {
  const { backend, connection, reference, created, onBack } = props;
  const key = `${connectionKey(connection)}/${reference}`;
  const load = useLoad(key, () => backend.projectGet(connection, reference));
  const project = load.value;
  usePollWhileChanging(key, project, load);
  const error = load.loading ? null : load.error;

  return (
    <section class="card projects" aria-labelledby="project-title">
      <DetailHeader back="Projects" title={project?.name ?? created?.project.name ?? reference} onBack={onBack}>
        {project ? (
          <span class={`badge large ${statusTone(project.status)}`} data-testid="project-status" data-status={project.status}>
            {STATUS_LABEL[project.status] ?? project.status}
          </span>
        ) : null}
      </DetailHeader>
      {created ? <PasswordOnce backend={backend} created={created} /> : null}
      {load.loading && !project ? (
        <p class="muted" data-testid="project-loading">
          Loading the project…
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} testId="project-error" action={<Retry onRetry={load.reload} />} /> : null}
      {project ? (
        <>
          <PausedNotice
            backend={backend}
            connection={connection}
            reference={project.reference}
            status={project.status}
            onRestoring={load.reload}
          />
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
          </dl>
          <h2 class="section-title spaced">Connection strings</h2>
          <ConnectionStrings
            backend={backend}
            connection={connection}
            reference={project.reference}
            endpoints={project.endpoints}
            poolerProblem={project.pooler_problem}
            saved={project.password_saved || !!created?.password_saved}
          />
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

/** Asks again while the project changes state, waiting longer each time (1 s, doubling, at most 10 s). */
function usePollWhileChanging(key: string, project: ProjectDetailView | null, load: { loading: boolean; error: unknown; reload: () => void }) {
  const { loading, error, reload } = load;
  const delayRef = useRef({ key, ms: FIRST_POLL_MS });
  useEffect(() => {
    if (!project || loading || error || SETTLED.includes(project.status)) return;
    if (delayRef.current.key !== key) delayRef.current = { key, ms: FIRST_POLL_MS };
    const timer = setTimeout(reload, delayRef.current.ms);
    delayRef.current.ms = Math.min(delayRef.current.ms * 2, LAST_POLL_MS);
    return () => clearTimeout(timer);
  }, [key, project, loading, error, reload]);
}
