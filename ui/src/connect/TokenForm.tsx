import { useState } from "preact/hooks";
import { useFocusOnMount } from "../components/focus";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { ErrorNotice } from "../components/ErrorNotice";
import { Field } from "../components/FieldProblem";
import { bannerError, fieldError } from "../data/fieldError";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";

/**
 * Connect with a personal token instead of a sign-in. The token goes one
 * way, to Rust, which checks it with the provider before saving it in the
 * keychain; a refusal comes back in the provider's words under the input.
 */
export function TokenForm(props: {
  backend: Backend;
  provider: ProviderInfo;
  /** "Connect with a token", or "Paste a new token" for a connection whose token stopped working. */
  title: string;
  onConnected: (connections: ConnectionMeta[]) => void;
  onCancel: () => void;
}) {
  // The form replaces the button that opened it: the focus goes to the token field.
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const { backend, provider, title, onConnected, onCancel } = props;
  const facts = provider.personal_token;
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<AppError | null>(null);
  const [checking, setChecking] = useState(false);
  if (!facts) return null;
  return (
    <form
      class="secret-form token-form"
      data-testid="token-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setChecking(true);
        try {
          const connected = await backend.connectWithToken(provider.id, token);
          setToken("");
          onConnected(connected);
        } catch (err) {
          setProblem(asAppError(err));
        } finally {
          setChecking(false);
        }
      }}
    >
      <strong>{title}</strong>
      <span class="muted">
        A {provider.display_name} {facts.name} reaches {facts.reaches}. Latchkey checks it with {provider.display_name},
        then keeps it in your system keychain only.{" "}
        <button type="button" class="link-button inline" data-testid="token-page-open" onClick={() => void backend.personalTokenPageOpen(provider.id)}>
          Create one in {provider.display_name}
        </button>
      </span>
      <Field field="token" label={capitalized(facts.name)} message={fieldError(problem, "token")}>
        <div class="secret-row">
          <input
            ref={inputRef}
            data-testid="token-input"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={token}
            onInput={(e) => {
              setToken((e.target as HTMLInputElement).value);
              setProblem(null);
            }}
          />
          <button class="button primary" type="submit" data-testid="token-submit" disabled={checking || token.trim() === ""}>
            {checking ? "Checking…" : "Check and connect"}
          </button>
          <button class="button" type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </Field>
      {bannerError(problem, ["token"]) ? <ErrorNotice error={problem!} testId="token-error" /> : null}
    </form>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
