// The SMTP form's text and the request it becomes.
import type { AppError } from "../../bindings/AppError";
import type { SmtpSettings } from "../../bindings/SmtpSettings";
import type { SmtpUpdate } from "../../bindings/SmtpUpdate";

export type Fields = {
  host: string;
  port: string;
  user: string;
  password: string;
  sender_name: string;
  admin_email: string;
  max_frequency: string;
  rate_limit_email_sent: string;
};

/** Every input of the form, named as the request names it. */
export const FIELDS: readonly (keyof Fields)[] = [
  "host",
  "port",
  "user",
  "password",
  "sender_name",
  "admin_email",
  "max_frequency",
  "rate_limit_email_sent",
];

/**
 * The two counts travel as integers, so text that is not one cannot even be
 * put in the request for the backend to judge: it is refused here, in the
 * backend's own shape, and shown beside its input like the backend's answers.
 * Empty leaves the setting as it is; the range is the backend's to check.
 */
function count(f: Fields, field: "max_frequency" | "rate_limit_email_sent"): number | null {
  const text = f[field].trim();
  if (text === "") return null;
  if (!/^-?\d+$/.test(text)) {
    const invalid: AppError = { code: "validation", field, message: "Enter a whole number, or leave it empty." };
    throw invalid;
  }
  return Number(text);
}

/** The request for what the form holds; throws, as the backend would, on a count that is not one. */
export function request(f: Fields): SmtpUpdate {
  return {
    host: f.host.trim(),
    port: f.port.trim(),
    user: f.user.trim(),
    password: f.password === "" ? null : f.password,
    sender_name: f.sender_name.trim(),
    admin_email: f.admin_email.trim(),
    max_frequency: count(f, "max_frequency"),
    rate_limit_email_sent: count(f, "rate_limit_email_sent"),
  };
}

/** What custom SMTP cannot work without; whether each value will do is the backend's to say. */
export const REQUIRED: readonly (keyof Fields)[] = ["host", "port", "user", "admin_email", "sender_name"];

/** The form as the saved settings fill it; the password is never sent back, so it starts empty. */
export function fromSettings(s: SmtpSettings): Fields {
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
