import { useState } from "preact/hooks";
import type { RegionChoice } from "../../bindings/RegionChoice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field, FieldProblem, fieldClass } from "../../components/FieldProblem";
import { connectionKey } from "../../connections";
import { fieldErrors } from "../../data/fieldError";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import type { CreateProjectProps } from "../types";

const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];

const regionValue = (r: RegionChoice) => `${r.kind}:${r.code}`;

/** The `CreateProjectRequest` fields an input of this form stands for (the region select sends two). */
const FIELDS = ["name", "region", "instance_size"];

/** A new Supabase project, in any of the organizations connected. */
export function CreateProjectForm(props: CreateProjectProps) {
  const { backend, onCreated, onCancel } = props;
  const choices = props.connections.filter((c) => c.status === "connected");
  const [account, setAccount] = useState(props.connection.id.account);
  const connection = choices.find((c) => c.id.account === account) ?? props.connection;
  const regionsLoad = useLoad(connectionKey(connection.id), () => backend.regionsList(connection.id));
  const regions = regionsLoad.loading ? null : regionsLoad.value;
  // Not keyed by organization: a project made is shown (with its password,
  // shown once) even if the user picked another organization meanwhile.
  const create = useSubmit();
  const [name, setName] = useState("");
  // The region the user picked; one the organization does not offer falls back to its first.
  const [picked, setPicked] = useState("");
  const region = regions?.some((r) => regionValue(r) === picked) ? picked : regions?.[0] ? regionValue(regions[0]) : "";
  const [size, setSize] = useState("");
  const [ownPassword, setOwnPassword] = useState(false);
  const [password, setPassword] = useState("");
  // The request fields this form shows an input for; the password only while
  // its input is there.
  const problems = fieldErrors(create, ownPassword ? [...FIELDS, "db_password"] : FIELDS);
  const error = regionsLoad.error ?? problems.banner;
  const submitting = create.pending !== null;
  // Only presence is checked here; whether a value is acceptable (a password
  // strong enough, a name short enough) is the backend's to say.
  const complete = name.trim() !== "" && region !== "" && (!ownPassword || password !== "");

  // Switching between generated and own changes what the password message was about.
  const choosePassword = (own: boolean) => {
    problems.edited("db_password");
    setOwnPassword(own);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!complete || submitting) return;
    const [kind, code] = region.split(":");
    await create.run(
      "creating",
      () =>
        backend.projectCreate(connection.id, {
          name: name.trim(),
          region_code: code,
          region_kind: kind,
          instance_size: size || null,
          db_password: ownPassword ? password : null,
        }),
      (created) => onCreated({ connection, reference: created.project.reference, created }),
    );
  };

  const group = (label: string, list: RegionChoice[]) =>
    list.length === 0 ? null : (
      <optgroup label={label}>
        {list.map((r) => (
          <option key={regionValue(r)} value={regionValue(r)}>
            {r.kind === "smartGroup" ? `${r.name} (any region)` : `${r.name} · ${r.code}`}
          </option>
        ))}
      </optgroup>
    );

  return (
    <form class="card form" onSubmit={submit} data-testid="create-project-form" aria-labelledby="create-title">
      <h1 id="create-title">New Supabase project</h1>
      <label class="field">
        <span>Organization</span>
        <select name="organization" value={connection.id.account} onChange={(e) => setAccount((e.target as HTMLSelectElement).value)}>
          {(choices.length > 0 ? choices : [props.connection]).map((c) => (
            <option key={c.id.account} value={c.id.account}>
              {c.account_name}
            </option>
          ))}
        </select>
      </label>
      <Field field="name" label="Name" message={problems.of("name")}>
        <input
          name="name"
          value={name}
          autocomplete="off"
          aria-invalid={problems.of("name") !== null}
          onInput={(e) => {
            problems.edited("name");
            setName((e.target as HTMLInputElement).value);
          }}
        />
      </Field>
      <Field field="region" label="Region" message={problems.of("region")}>
        <select
          name="region"
          value={region}
          disabled={!regions}
          aria-invalid={problems.of("region") !== null}
          onChange={(e) => {
            problems.edited("region");
            setPicked((e.target as HTMLSelectElement).value);
          }}
        >
          {regionsLoad.loading ? <option>Loading regions…</option> : null}
          {regions?.length === 0 ? <option value="">No regions offered</option> : null}
          {regions ? group("Recommended", regions.filter((r) => r.recommended)) : null}
          {regions ? group("Smart groups", regions.filter((r) => !r.recommended && r.kind === "smartGroup")) : null}
          {regions ? group("All regions", regions.filter((r) => !r.recommended && r.kind === "specific")) : null}
        </select>
      </Field>
      <Field field="instance_size" label="Instance size" message={problems.of("instance_size")}>
        <select
          name="size"
          value={size}
          aria-invalid={problems.of("instance_size") !== null}
          onChange={(e) => {
            problems.edited("instance_size");
            setSize((e.target as HTMLSelectElement).value);
          }}
        >
          <option value="">Plan default</option>
          {SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <fieldset class={fieldClass(problems.of("db_password"))}>
        <legend>Database password</legend>
        <label class="choice">
          <input type="radio" name="pw" checked={!ownPassword} onChange={() => choosePassword(false)} />
          Generate a strong password (shown once, kept in your keychain)
        </label>
        <label class="choice">
          <input type="radio" name="pw" checked={ownPassword} onChange={() => choosePassword(true)} />
          Use my own
        </label>
        {ownPassword ? (
          <input
            type="password"
            name="db_password"
            aria-label="Your database password"
            autocomplete="new-password"
            value={password}
            aria-invalid={problems.of("db_password") !== null}
            onInput={(e) => {
              problems.edited("db_password");
              setPassword((e.target as HTMLInputElement).value);
            }}
          />
        ) : null}
        <FieldProblem field="db_password" message={problems.of("db_password")} />
      </fieldset>
      {error ? <ErrorNotice error={error} testId="create-error" /> : null}
      <div class="form-actions">
        <button class="button" type="button" onClick={onCancel}>
          Cancel
        </button>
        <button class="button primary" type="submit" data-testid="create-submit" disabled={!complete || submitting}>
          {submitting ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}
