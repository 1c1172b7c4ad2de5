import { useEffect, useRef, useState } from "preact/hooks";
import type { AppError } from "../bindings/AppError";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/FieldProblem";
import { bannerError, fieldError } from "../data/fieldError";

/**
 * For a browser that cannot hand the answer back (no handler for the link,
 * a sign-in over SSH): the address it ended on, pasted here, goes through
 * the same strict check as a link. A refusal is shown under the input and
 * the sign-in keeps waiting; an accepted answer finishes like any other.
 */
export function PasteAnswer(props: { paste: (address: string) => Promise<AppError | null> }) {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState("");
  const [problem, setProblem] = useState<AppError | null>(null);
  const [phase, setPhase] = useState<"editing" | "sending" | "accepted">("editing");
  // The form replaces the button that opened it: the focus goes to its field.
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <button type="button" class="link-button" data-testid="paste-open" onClick={() => setOpen(true)}>
        Browser didn't come back? Paste the address it ended on
      </button>
    );
  }
  return (
    <form
      class="paste-form"
      data-testid="paste-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setPhase("sending");
        const refused = await props.paste(address);
        setProblem(refused);
        setPhase(refused ? "editing" : "accepted");
      }}
    >
      <Field field="address" label="The address your browser ended on" message={fieldError(problem, "address")}>
        <div class="secret-row">
          <input
            ref={inputRef}
            data-testid="paste-address"
            type="text"
            autocomplete="off"
            spellcheck={false}
            placeholder="Copy it from the address bar after you approve, even if the page shows an error"
            value={address}
            onInput={(e) => {
              setAddress((e.target as HTMLInputElement).value);
              setProblem(null);
            }}
          />
          <button
            class="button primary"
            type="submit"
            data-testid="paste-submit"
            disabled={phase !== "editing" || address.trim() === ""}
          >
            {phase === "editing" ? "Continue" : "Checking…"}
          </button>
        </div>
      </Field>
      {bannerError(problem, ["address"]) ? <ErrorNotice error={problem!} testId="paste-error" /> : null}
    </form>
  );
}
