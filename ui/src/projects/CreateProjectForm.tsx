import { useEffect, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import type { RegionChoice } from "../bindings/RegionChoice";
import { ErrorNotice } from "../components/ErrorNotice";
import { CopyButton } from "../components/CopyButton";

const SIZES = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];

/** Client-side checks mirror the backend's, so most mistakes never leave the form. */
export function passwordWeakness(password: string): string | null {
  if ([...password].length < 12) return "Use at least 12 characters.";
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes < 3 ? "Mix at least three of: lower case, upper case, digits, symbols." : null;
}

export function CreateProjectForm(props: {
  backend: Backend;
  /** The organization selected in the sidebar: preselected. */
  connection: ConnectionMeta;
  /** Every connected organization the project could go to. */
  connections: ConnectionMeta[];
  onCreated: (created: ProjectCreated, in_: ConnectionMeta) => void;
  onCancel: () => void;
}) {
  const { backend, onCreated, onCancel } = props;
  const choices = props.connections.filter((c) => c.status === "connected" && c.id.provider === "supabase");
  const [orgSlug, setOrgSlug] = useState(props.connection.id.organization);
  const connection = choices.find((c) => c.id.organization === orgSlug) ?? props.connection;
  const [regions, setRegions] = useState<RegionChoice[] | null>(null);
  const [name, setName] = useState("");
  const [region, setRegion] = useState("");
  const [size, setSize] = useState("");
  const [ownPassword, setOwnPassword] = useState(false);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    setRegions(null);
    backend
      .regionsList(connection.id)
      .then((list) => {
        setRegions(list);
        setRegion((r) =>
          list.some((x) => `${x.kind}:${x.code}` === r) ? r : list[0] ? `${list[0].kind}:${list[0].code}` : "",
        );
      })
      .catch((e) => setError(asAppError(e)));
  }, [connection.id.organization]);

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
    setSubmitting(true);
    setError(null);
    try {
      const created = await backend.projectCreate(connection.id, {
        name: name.trim(),
        region_code: code,
        region_kind: kind,
        instance_size: size || null,
        db_password: ownPassword ? password : null,
      });
      onCreated(created, connection);
    } catch (err) {
      setError(asAppError(err));
    } finally {
      setSubmitting(false);
    }
  };

  const group = (label: string, list: RegionChoice[]) =>
    list.length === 0 ? null : (
      <optgroup label={label}>
        {list.map((r) => (
          <option key={`${r.kind}:${r.code}`} value={`${r.kind}:${r.code}`}>
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
        <select name="organization" value={orgSlug} onChange={(e) => setOrgSlug((e.target as HTMLSelectElement).value)}>
          {(choices.length > 0 ? choices : [props.connection]).map((c) => (
            <option key={c.id.organization} value={c.id.organization}>
              {c.organization_name}
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
        <select name="region" value={region} disabled={!regions} onChange={(e) => setRegion((e.target as HTMLSelectElement).value)}>
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

/** The one time a generated password is shown. */
export function PasswordOnce({ backend, created }: { backend: Backend; created: ProjectCreated }) {
  if (!created.generated_password) return null;
  return (
    <div class="notice-box" data-testid="password-once">
      <strong>Database password</strong>
      <p class="muted">
        Shown once. {created.password_saved ? "It is also saved in your system keychain." : "It could not be saved in your keychain: copy it now."}
      </p>
      <div class="secret-row">
        <code class="password">{created.generated_password}</code>
        <CopyButton backend={backend} text={created.generated_password} label="Copy password" />
      </div>
    </div>
  );
}
