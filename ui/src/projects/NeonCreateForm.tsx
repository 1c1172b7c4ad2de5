import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { NeonOptions } from "../bindings/NeonOptions";
import type { ProjectSummary } from "../bindings/ProjectSummary";
import { ErrorNotice } from "../components/ErrorNotice";

/** A new Neon project: organization (or personal), region, Postgres version. */
export function NeonCreateForm(props: {
  backend: Backend;
  connection: ConnectionMeta;
  onCreated: (project: ProjectSummary) => void;
  onCancel: () => void;
}) {
  const { backend, connection, onCreated, onCancel } = props;
  const [options, setOptions] = useState<NeonOptions | null>(null);
  const [name, setName] = useState("");
  const [org, setOrg] = useState("");
  const [region, setRegion] = useState("");
  const [pg, setPg] = useState(17);
  const [error, setError] = useState<AppError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    backend
      .neonOptions(connection.id)
      .then((o) => {
        setOptions(o);
        setOrg(o.organizations[0]?.[0] ?? "");
        setRegion(o.regions[0]?.[0] ?? "");
        setPg(o.pg_versions[0] ?? 17);
      })
      .catch((e) => setError(asAppError(e)));
  }, [connection.id.organization]);

  const ready = name.trim() !== "" && region !== "" && !submitting;
  return (
    <form
      class="card form"
      data-testid="neon-create-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ready) return;
        setSubmitting(true);
        setError(null);
        try {
          onCreated(
            await backend.neonProjectCreate(connection.id, {
              name: name.trim(),
              region_id: region,
              pg_version: pg,
              org_id: org === "" ? null : org,
            }),
          );
        } catch (err) {
          setError(asAppError(err));
        } finally {
          setSubmitting(false);
        }
      }}
    >
      <h1>New Neon project</h1>
      <label class="field">
        <span>Name</span>
        <input name="name" value={name} maxLength={64} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        <span>Organization</span>
        <select name="organization" value={org} onChange={(e) => setOrg((e.target as HTMLSelectElement).value)}>
          {options?.organizations.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
          <option value="">Personal account</option>
        </select>
      </label>
      <label class="field">
        <span>Region</span>
        <select name="region" value={region} disabled={!options} onChange={(e) => setRegion((e.target as HTMLSelectElement).value)}>
          {options === null ? <option>Loading regions…</option> : null}
          {options?.regions.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Postgres version</span>
        <select name="pg_version" value={String(pg)} onChange={(e) => setPg(Number((e.target as HTMLSelectElement).value))}>
          {(options?.pg_versions ?? [17]).map((v) => (
            <option key={v} value={String(v)}>
              Postgres {v}
            </option>
          ))}
        </select>
      </label>
      {error ? <ErrorNotice error={error} testId="neon-create-error" /> : null}
      <div class="form-actions">
        <button class="button" type="button" onClick={onCancel}>
          Cancel
        </button>
        <button class="button primary" type="submit" data-testid="neon-create-submit" disabled={!ready}>
          {submitting ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
