/** The backend's word on one input, shown under it (see data/fieldError.ts). */
export function FieldProblem(props: { field: string; message: string | null }) {
  return props.message === null ? null : (
    <span class="hint bad" data-testid="field-error" data-field={props.field}>
      {props.message}
    </span>
  );
}

/** The class of a `.field` wrapper, marked invalid while it has a problem. */
export const fieldClass = (message: string | null) => (message === null ? "field" : "field invalid");

/**
 * A labelled input with the backend's word on it: the `.field` wrapper,
 * its label, the input (children) and the problem under it.
 */
export function Field(props: { field: string; label: string; message: string | null; children: preact.ComponentChildren }) {
  return (
    <label class={fieldClass(props.message)}>
      <span>{props.label}</span>
      {props.children}
      <FieldProblem field={props.field} message={props.message} />
    </label>
  );
}
