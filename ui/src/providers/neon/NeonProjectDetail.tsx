import { useState } from "preact/hooks";
import type { NeonBranchView } from "../../bindings/NeonBranchView";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { DetailHeader } from "../../components/DetailHeader";
import { useLoad } from "../../data/useLoad";
import type { ProjectDetailProps } from "../types";
import { NeonBranches } from "./NeonBranches";
import { NeonConnection } from "./NeonConnection";

/**
 * One Neon project: its facts, its branches with their computes, and for
 * the branch chosen, its databases and roles and the connection strings.
 */
export function NeonProjectDetail(props: ProjectDetailProps) {
  const { backend, connection, reference, onBack } = props;
  const key = `${connectionKey(connection)}/${reference}`;
  const load = useLoad(key, () => backend.neonProjectGet(connection, reference));
  const project = load.value;
  // The branch picked on this project; the default one until the user picks.
  const [picked, setPicked] = useState<{ key: string; branch: string } | null>(null);
  const branches = project?.branches ?? [];
  const chosen: NeonBranchView | undefined =
    branches.find((b) => picked?.key === key && b.id === picked.branch) ?? branches.find((b) => b.is_default) ?? branches[0];

  return (
    <section class="card projects" aria-labelledby="project-title">
      <DetailHeader back="Projects" title={project?.name ?? reference} onBack={onBack}>
        {project ? (
          <button class="button" data-testid="refresh-project" disabled={load.loading} onClick={load.reload}>
            Refresh
          </button>
        ) : null}
      </DetailHeader>
      {load.loading && !project ? (
        <p class="muted" data-testid="project-loading">
          Loading the project…
        </p>
      ) : null}
      {load.error && !load.loading ? <ErrorNotice error={load.error} testId="project-error" action={<Retry onRetry={load.reload} />} /> : null}
      {project ? (
        <>
          <dl class="facts">
            <dt>Project ID</dt>
            <dd>
              <code>{project.id}</code>
            </dd>
            <dt>Region</dt>
            <dd>{project.region_id}</dd>
            <dt>Postgres</dt>
            <dd>{project.pg_version ?? "—"}</dd>
            <dt>Created</dt>
            <dd>{new Date(project.created_at).toLocaleString()}</dd>
          </dl>
          <NeonBranches
            backend={backend}
            connection={connection}
            project={project.id}
            branches={branches}
            chosen={chosen?.id ?? null}
            onChoose={(branch) => setPicked({ key, branch })}
            onCreated={(branch) => {
              setPicked({ key, branch: branch.id });
              load.reload();
            }}
          />
          {chosen ? <NeonConnection backend={backend} connection={connection} project={project.id} branch={chosen} /> : null}
        </>
      ) : null}
    </section>
  );
}
