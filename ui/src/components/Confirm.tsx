import type { ComponentChildren } from "preact";
import { useFocusOnMount } from "./focus";

/**
 * An inline "are you sure": what will happen, the action, and Cancel. It
 * replaces the button that asked, so the focus moves to Cancel, the choice
 * that changes nothing.
 */
export function Confirm(props: {
  /** What the question is, for screen readers. */
  label: string;
  children: ComponentChildren;
  confirmLabel: string;
  testId: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const cancel = useFocusOnMount<HTMLButtonElement>();
  return (
    <span class="confirm" role="alertdialog" aria-label={props.label}>
      {props.children}
      <button class="button small danger" data-testid={props.testId} onClick={props.onConfirm}>
        {props.confirmLabel}
      </button>
      <button class="button small" ref={cancel} onClick={props.onCancel}>
        Cancel
      </button>
    </span>
  );
}
