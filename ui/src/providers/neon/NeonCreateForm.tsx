import { useState } from "preact/hooks";
import { ErrorNotice } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import type { CreateProjectProps } from "../types";

const DEFAULT_PG = 17;

/** A new Neon project: organization (or personal), region, Postgres version. */
export function NeonCreateForm(props: CreateProjectProps) {
  const { backend, connection, onCreated, onCancel } = props;
  const optionsLoad = useLoad(connectionKey(connection.id), () => backend.neonOptions(connection.id));
  const options = optionsLoad.value;
  const submit = useSubmit();
  const [name, setName] = useState("");
  // What the user picked; null until they do, meaning the first option offered
  // ("" is a real choice for the organization: a personal project).
  const [pickedOrg, setOrg] = useState<string | null>(null);
  const [pickedRegion, setRegion] = useState<string | null>(null);
  const [pickedPg, setPg] = useState<number | null>(null);
  const org = pickedOrg ?? options?.organizations[0]?.[0] ?? "";
  const region = pickedRegion ?? options?.regions[0]?.[0] ?? "";
  const pg = pickedPg ?? options?.pg_versions[0] ?? DEFAULT_PG;
  const submitting = submit.pending !== null;
  const error = optionsLoad.error ?? submit.error;

  const ready = name.trim() !== "" && region !== "" && !submitting;
  return (
    <form
      class="card form"
      data-testid="neon-create-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        void submit.run(
          "creating",
          () =>
            backend.neonProjectCreate(connection.id, {
              name: name.trim(),
              region_id: region,
              pg_version: pg,
              org_id: org === "" ? null : org,
            }),
          (project) => onCreated({ connection, reference: project.reference, created: null }),
        );
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
          {(options?.pg_versions ?? [DEFAULT_PG]).map((v) => (
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
