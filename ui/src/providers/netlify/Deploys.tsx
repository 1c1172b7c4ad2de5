import type { DeployView } from "../../bindings/DeployView";

const TONE: Record<string, string> = { ready: "ok", error: "bad", rejected: "bad", building: "warn", enqueued: "warn", processing: "warn", new: "warn" };
const CONTEXT: Record<string, string> = { production: "Production", "deploy-preview": "Deploy preview", "branch-deploy": "Branch deploy" };

/** The latest deploys, newest first; a failed one says why, in Netlify's words. */
export function Deploys({ deploys }: { deploys: DeployView[] }) {
  return (
    <div data-testid="deploys">
      <h2 class="section-title spaced">Latest deploys</h2>
      {deploys.length === 0 ? <p class="muted">No deploys yet.</p> : null}
      <ul class="deploys">
        {deploys.map((d) => (
          <li key={d.id} data-testid="deploy" data-state={d.state}>
            <div class="deploy-head">
              <span class={`badge ${TONE[d.state] ?? "muted"}`}>{d.state === "error" ? "failed" : d.state}</span>
              <span class="strong">{d.title ?? (d.context ? CONTEXT[d.context] ?? d.context : "Deploy")}</span>
              <span class="muted small">
                {d.context ? `${CONTEXT[d.context] ?? d.context} · ` : ""}
                {d.branch ?? ""}
                {d.commit ? (
                  <>
                    @<code>{d.commit}</code>
                  </>
                ) : null}
                {d.created_at ? ` · ${new Date(d.created_at).toLocaleString()}` : ""}
              </span>
            </div>
            {d.error_message ? (
              <p class="deploy-error" data-testid="deploy-error">
                {d.error_message}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
