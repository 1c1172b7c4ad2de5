import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import { ErrorNotice } from "../../components/ErrorNotice";
import { CopyButton } from "../../components/CopyButton";
import { connectionKey } from "../../connections";
import { useSubmit } from "../../data/useSubmit";

/**
 * The connection string: shown with a placeholder, copied with the password
 * filled in by Rust (saved one, or pasted here and saved only on "remember").
 */
export function ConnectionString(props: {
  backend: Backend;
  connection: ConnectionId;
  reference: string;
  placeholder: string;
  saved: boolean;
}) {
  const { backend, connection, reference, placeholder, saved } = props;
  const [password, setPassword] = useState("");
  const [remember, setRemember] = useState(false);
  const [isSaved, setIsSaved] = useState(saved);
  const [state, setState] = useState<"idle" | "copied">("idle");
  const submit = useSubmit(`${connectionKey(connection)}/${reference}`);
  const error = submit.error;

  const copy = (typed: string | null) =>
    submit.run("copy", () => backend.connectionStringCopy(connection, reference, typed, remember), () => {
      if (typed && remember) setIsSaved(true);
      setPassword("");
      setState("copied");
      setTimeout(() => setState("idle"), 2000);
    });

  return (
    <div class="conn-string">
      <div class="secret-row">
        <code data-testid="connection-string">{placeholder}</code>
        <CopyButton backend={backend} text={placeholder} label="Copy template" />
        {isSaved ? (
          <button class="button small primary" data-testid="copy-with-password" onClick={() => void copy(null)}>
            {state === "copied" ? "Copied" : "Copy with saved password"}
          </button>
        ) : null}
      </div>
      {!isSaved ? (
        <form
          class="secret-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (password !== "") void copy(password);
          }}
        >
          <input
            type="password"
            aria-label="Database password"
            placeholder="Paste the database password to copy a full string"
            autocomplete="off"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          <label class="choice">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember((e.target as HTMLInputElement).checked)} />
            Remember in keychain
          </label>
          <button class="button small" type="submit" disabled={password === ""}>
            {state === "copied" ? "Copied" : "Copy"}
          </button>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} testId="connection-string-error" /> : null}
    </div>
  );
}
