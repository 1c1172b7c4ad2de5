import { useState } from "preact/hooks";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/FieldProblem";
import { connectionKey } from "../../connections";
import { fieldErrors } from "../../data/fieldError";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import type { CreateProjectProps } from "../types";

const DEFAULT_PG = 17;

/** The `NeonCreateRequest` fields an input of this form stands for. */
const FIELDS = ["name", "region", "pg_version", "org_id"];

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
  const problems = fieldErrors(submit, FIELDS);
  const error = optionsLoad.error ?? problems.banner;

  // Presence only: what a name or region may be is the backend's to say.
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
      <Field field="name" label="Name" message={problems.of("name")}>
        <input
          name="name"
          value={name}
          aria-invalid={problems.of("name") !== null}
          onInput={(e) => {
            problems.edited("name");
            setName((e.target as HTMLInputElement).value);
          }}
        />
      </Field>
      <Field field="org_id" label="Organization" message={problems.of("org_id")}>
        <select
          name="organization"
          value={org}
          aria-invalid={problems.of("org_id") !== null}
          onChange={(e) => {
            problems.edited("org_id");
            setOrg((e.target as HTMLSelectElement).value);
          }}
        >
          {options?.organizations.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
          <option value="">Personal account</option>
        </select>
      </Field>
      <Field field="region" label="Region" message={problems.of("region")}>
        <select
          name="region"
          value={region}
          disabled={!options}
          aria-invalid={problems.of("region") !== null}
          onChange={(e) => {
            problems.edited("region");
            setRegion((e.target as HTMLSelectElement).value);
          }}
        >
          {optionsLoad.loading ? <option>Loading regions…</option> : null}
          {options?.regions.length === 0 ? <option value="">No regions offered</option> : null}
          {options?.regions.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field field="pg_version" label="Postgres version" message={problems.of("pg_version")}>
        <select
          name="pg_version"
          value={String(pg)}
          aria-invalid={problems.of("pg_version") !== null}
          onChange={(e) => {
            problems.edited("pg_version");
            setPg(Number((e.target as HTMLSelectElement).value));
          }}
        >
          {(options?.pg_versions ?? [DEFAULT_PG]).map((v) => (
            <option key={v} value={String(v)}>
              Postgres {v}
            </option>
          ))}
        </select>
      </Field>
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
