import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { SmtpSettings } from "../../bindings/SmtpSettings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";

/** Supabase's cap on auth emails per hour once custom SMTP is on. */
export const DEFAULT_EMAIL_CAP = 30;

type Fields = {
  host: string;
  port: string;
  user: string;
  password: string;
  sender_name: string;
  admin_email: string;
  max_frequency: string;
  rate_limit_email_sent: string;
};

/** Mirrors the backend's checks; returns the first problem and its field. */
export function smtpProblem(f: Fields, enabled: boolean): [keyof Fields, string] | null {
  if (!/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(f.host.trim()))
    return ["host", "Enter the SMTP server's host name, e.g. smtp.example.com."];
  const port = Number(f.port.trim());
  if (!/^\d+$/.test(f.port.trim()) || port < 1 || port > 65535)
    return ["port", "The port is a number from 1 to 65535 (usually 465 or 587)."];
  if (f.user.trim() === "") return ["user", "Enter the SMTP user name."];
  if (!enabled && f.password === "") return ["password", "Enter the SMTP password to turn custom SMTP on."];
  if (!/^[^\s@]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(f.admin_email.trim()))
    return ["admin_email", "Enter the sender email address, e.g. no-reply@example.com."];
  if (f.sender_name.trim() === "") return ["sender_name", "Enter the sender name people see."];
  if (f.rate_limit_email_sent !== "" && !(Number(f.rate_limit_email_sent) >= 1))
    return ["rate_limit_email_sent", "Allow at least 1 email per hour."];
  return null;
}

function fromSettings(s: SmtpSettings): Fields {
  return {
    host: s.host,
    port: s.port,
    user: s.user,
    password: "",
    sender_name: s.sender_name,
    admin_email: s.admin_email,
    max_frequency: s.max_frequency === null ? "" : String(s.max_frequency),
    rate_limit_email_sent: s.rate_limit_email_sent === null ? "" : String(s.rate_limit_email_sent),
  };
}

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
  const error = load.error ?? submit.error;
  const busy = submit.pending;
  const saved = savedAs !== null && savedAs === settings && edits?.base !== settings;

  if (!fields || !settings) {
    return error ? <ErrorNotice error={error} testId="smtp-error" /> : <p class="muted">Loading Auth settings…</p>;
  }
  const problem = smtpProblem(fields, settings.enabled);
  const set = (field: keyof Fields) => (e: Event) => {
    setEdits({ base: settings, fields: { ...fields, [field]: (e.target as HTMLInputElement).value } });
  };
  const input = (field: keyof Fields, label: string, extra: Record<string, unknown> = {}) => (
    <label class={`field${problem?.[0] === field && fields[field] !== "" ? " invalid" : ""}`}>
      <span>{label}</span>
      <input name={`smtp_${field}`} value={fields[field]} onInput={set(field)} autocomplete="off" spellcheck={false} {...extra} />
    </label>
  );
  const save = () =>
    submit.run(
      "saving",
      () =>
        backend.smtpUpdate(connection, reference, {
          host: fields.host.trim(),
          port: fields.port.trim(),
          user: fields.user.trim(),
          password: fields.password === "" ? null : fields.password,
          sender_name: fields.sender_name.trim(),
          admin_email: fields.admin_email.trim(),
          max_frequency: fields.max_frequency === "" ? null : Number(fields.max_frequency),
          rate_limit_email_sent: fields.rate_limit_email_sent === "" ? null : Number(fields.rate_limit_email_sent),
        }),
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
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) void save();
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
      {problem && fields.host !== "" ? <p class="hint bad">{problem[1]}</p> : null}
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
        <button class="button primary" type="submit" data-testid="smtp-save" disabled={!!problem || busy !== null}>
          {busy === "saving" ? "Saving…" : "Save SMTP settings"}
        </button>
      </div>
    </form>
  );
}
