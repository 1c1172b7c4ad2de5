// Where a failed submission is shown. The backend is the one judge of a
// request: when it refuses one before sending anything, its validation error
// names the request field at fault, and the form puts the message beside that
// input instead of repeating the rule in TypeScript, where it would drift.
import type { AppError } from "../bindings/AppError";
import type { Submit } from "./useSubmit";

/** The backend's message for `field`, if `error` is a validation error about it. */
export function fieldError(error: AppError | null, field: string): string | null {
  return error?.code === "validation" && error.field === field ? error.message : null;
}

/**
 * What is left for the form's banner: `error`, unless it is shown beside one
 * of the `fields` the form has on screen. A validation error about no field,
 * or about one the form does not show, still needs saying somewhere.
 */
export function bannerError(error: AppError | null, fields: readonly string[]): AppError | null {
  return fields.some((f) => fieldError(error, f) !== null) ? null : error;
}

export type FieldErrors = {
  /** The message to show beside `field`, or null. */
  of(field: string): string | null;
  /** The error for the banner, or null. */
  banner: AppError | null;
  /** Call when the user edits `field`: its message no longer describes what they see. */
  edited(field: string): void;
};

/** The two helpers above, for a form that submits through `useSubmit`. */
export function fieldErrors(submit: Pick<Submit, "error" | "clearError">, fields: readonly string[]): FieldErrors {
  const shown = (field: string) => (fields.includes(field) ? fieldError(submit.error, field) : null);
  return {
    of: shown,
    banner: bannerError(submit.error, fields),
    edited: (field) => {
      if (shown(field) !== null) submit.clearError();
    },
  };
}
