import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { SmtpSettings } from "../../bindings/SmtpSettings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/FieldProblem";
import { connectionKey } from "../../connections";
import { fieldErrors } from "../../data/fieldError";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";
import { FIELDS, REQUIRED, type Fields, fromSettings, request } from "./smtpFields";

/** Supabase's cap on auth emails per hour once custom SMTP is on. */
export const DEFAULT_EMAIL_CAP = 30;

export function SmtpForm(props: { backend: Backend; connection: ConnectionId; reference: string }) {
  const { backend, connection, reference } = props;
  const key = `${connectionKey(connection)}/${reference}`;
  const load = useLoad(key, () => backend.smtpGet(connection, reference));
  const submit = useSubmit(key);
  // The user's edits, tied to the settings they started from: new settings
  // (another project, or the answer to a save) start the form afresh.
  const [edits, setEdits] = useState<{ base: SmtpSettings; fields: Fields } | null>(null);
  const [savedAs, setSavedAs] = useState<SmtpSettings | null>(null);
  const settings = load.value;
  const fields = settings ? (edits?.base === settings ? edits.fields : fromSettings(settings)) : null;
  const problems = fieldErrors(submit, FIELDS);
  const error = load.error ?? problems.banner;
  const busy = submit.pending;
  const saved = savedAs !== null && savedAs === settings && edits?.base !== settings;

  if (!fields || !settings) {
    const failure = load.error ?? submit.error;
    return failure ? <ErrorNotice error={failure} testId="smtp-error" /> : <p class="muted">Loading Auth settings…</p>;
  }
  const complete = REQUIRED.every((f) => fields[f].trim() !== "");
  const set = (field: keyof Fields) => (e: Event) => {
    problems.edited(field);
    setEdits({ base: settings, fields: { ...fields, [field]: (e.target as HTMLInputElement).value } });
  };
  const input = (field: keyof Fields, label: string, extra: Record<string, unknown> = {}) => (
    <Field field={field} label={label} message={problems.of(field)}>
      <input
        name={`smtp_${field}`}
        value={fields[field]}
        onInput={set(field)}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={problems.of(field) !== null}
        {...extra}
      />
    </Field>
  );
  const save = () =>
    submit.run(
      "saving",
      // Built inside the action, so a count that is not a number fails like a refused request.
      async () => backend.smtpUpdate(connection, reference, request(fields)),
      (next) => {
        load.set(next);
        setSavedAs(next);
      },
    );
  const disable = () => submit.run("disabling", () => backend.smtpDisable(connection, reference), load.set);

  return (
    <form
      class="smtp-form"
      data-testid="smtp-form"
      // The browser's own checks (type="email") would be one more copy of the rules.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (complete && busy === null) void save();
      }}
    >
      <h2>
        Custom SMTP{" "}
        <span class={`badge ${settings.enabled ? "ok" : "muted"}`} data-testid="smtp-state">
          {settings.enabled ? "On" : "Off"}
        </span>
      </h2>
      <p class="muted">
        Auth emails (sign-up confirmations, magic links, password resets) go through your own mail server. Once custom
        SMTP is on, Supabase allows {DEFAULT_EMAIL_CAP} emails per hour until you raise the limit below.
      </p>
      <div class="grid-2">
        {input("host", "Host")}
        {input("port", "Port", { inputMode: "numeric", placeholder: "587" })}
        {input("user", "User name")}
        {input("password", "Password", {
          type: "password",
          placeholder: settings.enabled ? "unchanged" : "",
          autocomplete: "new-password",
        })}
        {input("admin_email", "Sender email", { type: "email", placeholder: "no-reply@example.com" })}
        {input("sender_name", "Sender name")}
        {input("max_frequency", "Minimum interval between emails to one user (s)", { inputMode: "numeric" })}
        {input("rate_limit_email_sent", "Emails per hour", { inputMode: "numeric" })}
      </div>
      {error ? <ErrorNotice error={error} testId="smtp-error" /> : null}
      {saved ? (
        <p class="hint ok" role="status" data-testid="smtp-saved">
          Saved.
        </p>
      ) : null}
      <div class="form-actions">
        {settings.enabled ? (
          <button
            class="button"
            type="button"
            data-testid="smtp-disable"
            disabled={busy !== null}
            onClick={() => void disable()}
          >
            {busy === "disabling" ? "Disabling…" : "Disable custom SMTP"}
          </button>
        ) : null}
        <button class="button primary" type="submit" data-testid="smtp-save" disabled={!complete || busy !== null}>
          {busy === "saving" ? "Saving…" : "Save SMTP settings"}
        </button>
      </div>
    </form>
  );
}
