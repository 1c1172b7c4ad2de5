import { useState } from "preact/hooks";
import type { RegionChoice } from "../../bindings/RegionChoice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import type { CreateProjectProps } from "../types";

const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];

/** Client-side checks mirror the backend's, so most mistakes never leave the form. */
export function passwordWeakness(password: string): string | null {
  if ([...password].length < 12) return "Use at least 12 characters.";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes < 3 ? "Mix at least three of: lower case, upper case, digits, symbols." : null;
}

const regionValue = (r: RegionChoice) => `${r.kind}:${r.code}`;

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
  const error = regionsLoad.error ?? create.error;
  const submitting = create.pending !== null;

  const weakness = ownPassword && password ? passwordWeakness(password) : null;
  const problem =
    name.trim() === ""
      ? "Give the project a name."
      : !region
        ? "Choose a region."
        : ownPassword && (password === "" || weakness)
          ? (weakness ?? "Enter a database password.")
          : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (problem || submitting) return;
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
      <label class="field">
        <span>Name</span>
        <input
          name="name"
          value={name}
          maxLength={64}
          autocomplete="off"
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        <span>Region</span>
        <select name="region" value={region} disabled={!regions} onChange={(e) => setPicked((e.target as HTMLSelectElement).value)}>
          {regions === null ? <option>Loading regions…</option> : null}
          {regions ? group("Recommended", regions.filter((r) => r.recommended)) : null}
          {regions ? group("Smart groups", regions.filter((r) => !r.recommended && r.kind === "smartGroup")) : null}
          {regions ? group("All regions", regions.filter((r) => !r.recommended && r.kind === "specific")) : null}
        </select>
      </label>
      <label class="field">
        <span>Instance size</span>
        <select name="size" value={size} onChange={(e) => setSize((e.target as HTMLSelectElement).value)}>
          <option value="">Plan default</option>
          {SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="field">
        <legend>Database password</legend>
        <label class="choice">
          <input type="radio" name="pw" checked={!ownPassword} onChange={() => setOwnPassword(false)} />
          Generate a strong password (shown once, kept in your keychain)
        </label>
        <label class="choice">
          <input type="radio" name="pw" checked={ownPassword} onChange={() => setOwnPassword(true)} />
          Use my own
        </label>
        {ownPassword ? (
          <input
            type="password"
            name="db_password"
            aria-label="Your database password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        ) : null}
        {weakness ? (
          <span class="hint bad" data-testid="password-weakness">
            {weakness}
          </span>
        ) : null}
      </fieldset>
      {error ? <ErrorNotice error={error} testId="create-error" /> : null}
      <div class="form-actions">
        <button class="button" type="button" onClick={onCancel}>
          Cancel
        </button>
        <button class="button primary" type="submit" data-testid="create-submit" disabled={!!problem || submitting}>
          {submitting ? "Creating…" : "Create project"}
        </button>
      </div>
      {problem && name !== "" ? <p class="hint">{problem}</p> : null}
    </form>
  );
}
