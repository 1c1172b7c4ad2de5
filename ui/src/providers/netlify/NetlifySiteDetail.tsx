import { useState } from "preact/hooks";
import type { SiteLink } from "../../bindings/SiteLink";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { DetailHeader } from "../../components/DetailHeader";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import type { ProjectDetailProps } from "../types";
import { Deploys } from "./Deploys";
import { EnvVars } from "./EnvVars";

/** One Netlify site: where it lives and builds from, its latest deploys, its environment variables. */
export function NetlifySiteDetail(props: ProjectDetailProps) {
  const { backend, connection, reference, onBack } = props;
  const key = `${connectionKey(connection)}/${reference}`;
  const load = useLoad(key, () => backend.netlifySiteGet(connection, reference));
  const open = useSubmit(key);
  const [notOpened, setNotOpened] = useState<string | null>(null);
  const site = load.value;

  // Rust reads the address from Netlify and opens it: the page only names which.
  const openLink = (which: SiteLink) =>
    open.run("open", () => backend.netlifySiteOpen(connection, reference, which), (opened) =>
      setNotOpened(opened ? null : "No browser could be started. The address is shown above to copy."),
    );

  return (
    <section class="card projects" aria-labelledby="project-title">
      <DetailHeader back="Sites" title={site?.name ?? reference} onBack={onBack}>
        {site ? (
          <div class="header-actions">
            <button class="button primary" data-testid="open-site" disabled={!site.url} onClick={() => void openLink("site")}>
              Open site
            </button>
            <button class="button" data-testid="open-dashboard" onClick={() => void openLink("dashboard")}>
              Open in Netlify
            </button>
            <button class="button" data-testid="refresh-project" disabled={load.loading} onClick={load.reload}>
              Refresh
            </button>
          </div>
        ) : null}
      </DetailHeader>
      {load.loading && !site ? (
        <p class="muted" data-testid="project-loading">
          Loading the site…
        </p>
      ) : null}
      {load.error && !load.loading ? <ErrorNotice error={load.error} testId="project-error" action={<Retry onRetry={load.reload} />} /> : null}
      {open.error ? <ErrorNotice error={open.error} testId="open-error" /> : null}
      {notOpened ? <p class="muted small">{notOpened}</p> : null}
      {site ? (
        <>
          <dl class="facts">
            <dt>URL</dt>
            <dd>{site.url ? <code data-testid="site-url">{site.url}</code> : "Not published yet"}</dd>
            <dt>Account</dt>
            <dd>{site.account_name ?? "—"}</dd>
            <dt>Repository</dt>
            <dd data-testid="site-repository">
              {site.repository ? (
                <>
                  <code>{site.repository.name}</code>
                  {site.repository.branch ? <> · branch <code>{site.repository.branch}</code></> : null}
                  {site.repository.provider ? <span class="muted"> ({site.repository.provider})</span> : null}
                </>
              ) : (
                "Not linked to a repository (deployed by upload)"
              )}
            </dd>
            <dt>Site ID</dt>
            <dd>
              <code>{site.id}</code>
            </dd>
          </dl>
          <Deploys deploys={site.deploys} />
          <EnvVars backend={backend} connection={connection} site={site.id} />
        </>
      ) : null}
    </section>
  );
}
