import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { EnvValueView } from "../../bindings/EnvValueView";
import { Confirm } from "../../components/Confirm";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { Field } from "../../components/FieldProblem";
import { connectionKey } from "../../connections";
import { fieldErrors } from "../../data/fieldError";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";

const CONTEXTS: [string, string][] = [
  ["all", "All deploy contexts"],
  ["production", "Production"],
  ["deploy-preview", "Deploy previews"],
  ["branch-deploy", "Branch deploys"],
  ["dev", "Local development (netlify dev)"],
];
const CONTEXT_LABEL = Object.fromEntries(CONTEXTS);

/**
 * The site's environment variables. The list carries no value; a plain
 * variable's values come on Reveal, a secret one's never. A value is
 * write-only: typed into a password field and sent, never read back.
 */
export function EnvVars(props: { backend: Backend; connection: ConnectionId; site: string }) {
  const { backend, connection, site } = props;
  const key = `${connectionKey(connection)}/${site}`;
  const load = useLoad(key, () => backend.netlifyEnvList(connection, site));
  const action = useSubmit(key);
  const [revealed, setRevealed] = useState<{ site: string; values: Record<string, EnvValueView[]> }>({ site: key, values: {} });
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const shown = revealed.site === key ? revealed.values : {};
  const vars = load.value;

  const hide = (name: string) => {
    const rest = { ...shown };
    delete rest[name];
    setRevealed({ site: key, values: rest });
  };

  return (
    <div data-testid="env-vars">
      <h2 class="section-title spaced">Environment variables</h2>
      {load.loading && !vars ? <p class="muted">Loading variables…</p> : null}
      {load.error && !load.loading ? <ErrorNotice error={load.error} testId="env-error" action={<Retry onRetry={load.reload} />} /> : null}
      {vars && vars.length === 0 ? <p class="muted" data-testid="env-empty">No variables yet.</p> : null}
      {vars && vars.length > 0 ? (
        <ul class="keys env-list">
          {vars.map((v) => (
            <li key={v.key} data-testid="env-var" data-key={v.key} data-secret={v.is_secret}>
              <span class="key-name">
                <span>
                  <code>{v.key}</code>
                  {v.is_secret ? <span class="badge bad">secret</span> : null}
                </span>
                <span class="muted small">{v.contexts.map((c) => CONTEXT_LABEL[c] ?? c).join(", ")}</span>
              </span>
              <span class="key-value" data-testid="env-value">
                {shown[v.key]
                  ? shown[v.key].map((value) => (
                      <span key={value.context} class="env-value">
                        {v.contexts.length > 1 ? <span class="muted small">{CONTEXT_LABEL[value.context] ?? value.context}: </span> : null}
                        <code>{value.value}</code>
                      </span>
                    ))
                  : v.is_secret
                    ? <span class="muted small">Only builds and functions can read it</span>
                    : <code>••••••••</code>}
              </span>
              <span class="key-actions">
                {v.is_secret ? null : shown[v.key] ? (
                  <button class="button small" onClick={() => hide(v.key)}>
                    Hide
                  </button>
                ) : (
                  <button
                    class="button small"
                    data-testid="reveal-env"
                    onClick={() =>
                      void action.run("reveal", () => backend.netlifyEnvReveal(connection, site, v.key), (values) =>
                        setRevealed({ site: key, values: { ...shown, [v.key]: values } }),
                      )
                    }
                  >
                    Reveal
                  </button>
                )}
                {confirmDelete === v.key ? (
                  <Confirm
                    label={`Delete ${v.key}?`}
                    confirmLabel="Delete"
                    testId="confirm-delete-env"
                    onConfirm={() =>
                      void action.run("delete", () => backend.netlifyEnvDelete(connection, site, v.key), (now) => {
                        setConfirmDelete(null);
                        hide(v.key);
                        load.set(now);
                      })
                    }
                    onCancel={() => setConfirmDelete(null)}
                  >
                    Every context's value goes.
                  </Confirm>
                ) : (
                  <button class="button small" data-testid="delete-env" onClick={() => setConfirmDelete(v.key)}>
                    Delete…
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {action.error ? <ErrorNotice error={action.error} testId="env-action-error" /> : null}
      {vars ? (
        <SetVariable
          backend={backend}
          connection={connection}
          site={site}
          existing={vars.map((v) => v.key)}
          onSaved={(now, name) => {
            hide(name);
            load.set(now);
          }}
        />
      ) : null}
    </div>
  );
}

function SetVariable(props: {
  backend: Backend;
  connection: ConnectionId;
  site: string;
  existing: string[];
  onSaved: (now: Awaited<ReturnType<Backend["netlifyEnvSet"]>>, key: string) => void;
}) {
  const { backend, connection, site, existing, onSaved } = props;
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [context, setContext] = useState("all");
  const [secret, setSecret] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmit(`${connectionKey(connection)}/${site}`);
  const errors = fieldErrors(submit, ["key", "value", "context"]);
  const updating = existing.includes(name.trim());

  return (
    <form
      class="form env-form"
      data-testid="env-form"
      onSubmit={(e) => {
        e.preventDefault();
        const request = { key: name, value, context, secret };
        void submit.run("set", () => backend.netlifyEnvSet(connection, site, request), (now) => {
          onSaved(now, name.trim());
          setSaved(`${updating ? "Updated" : "Added"} ${name.trim()}.`);
          setName("");
          setValue("");
          setContext("all");
          setSecret(false);
        });
      }}
    >
      <h3 class="section-title">{updating ? `Set a value of ${name.trim()}` : "Add or update a variable"}</h3>
      <div class="grid-2">
        <Field field="key" label="Key" message={errors.of("key")}>
          <input
            data-testid="env-key"
            value={name}
            placeholder="API_URL"
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => {
              errors.edited("key");
              setSaved(null);
              setName((e.target as HTMLInputElement).value);
            }}
          />
        </Field>
        <Field field="value" label="Value" message={errors.of("value")}>
          <input
            type="password"
            data-testid="env-value-input"
            value={value}
            autocomplete="off"
            placeholder="Write-only: never shown back here"
            onInput={(e) => {
              errors.edited("value");
              setValue((e.target as HTMLInputElement).value);
            }}
          />
        </Field>
        <Field field="context" label="Deploy context" message={errors.of("context")}>
          <select data-testid="env-context" value={context} onChange={(e) => setContext((e.target as HTMLSelectElement).value)}>
            {CONTEXTS.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <label class="choice">
          <input
            type="checkbox"
            data-testid="env-secret"
            checked={secret}
            disabled={updating}
            onChange={(e) => setSecret((e.target as HTMLInputElement).checked)}
          />
          Contains a secret value (Netlify never shows it again)
        </label>
      </div>
      {errors.banner ? <ErrorNotice error={errors.banner} testId="env-set-error" /> : null}
      <div class="form-actions">
        <button class="button primary" type="submit" data-testid="env-save" disabled={submit.pending !== null}>
          {submit.pending ? "Saving…" : updating ? "Set value" : "Add variable"}
        </button>
        {saved ? (
          <span class="muted small" role="status" data-testid="env-saved">
            {saved}
          </span>
        ) : null}
      </div>
    </form>
  );
}
