import { useState } from "preact/hooks";
import type { NetworkView } from "../bindings/NetworkView";
import { ErrorNotice, Retry } from "../components/ErrorNotice";
import { Field } from "../components/FieldProblem";
import { fieldErrors } from "../data/fieldError";
import { useLoad } from "../data/useLoad";
import { useSubmit } from "../data/useSubmit";
import type { Backend } from "../ipc";

const FIELDS = ["proxy", "no_proxy"] as const;

/**
 * The proxy Latchkey (and `lk`) send every provider and broker request
 * through. Without one here, the environment's HTTPS_PROXY / NO_PROXY
 * decide. Saved settings apply from the next start; the card says which
 * proxy this run uses.
 */
export function NetworkCard({ backend }: { backend: Backend }) {
  const load = useLoad("network", () => backend.networkGet());
  const [saved, setSaved] = useState<NetworkView | null>(null);
  const view = saved ?? load.value;
  return (
    <div class="settings-provider" data-testid="settings-network">
      <h2>Network</h2>
      {load.error ? <ErrorNotice error={load.error} testId="network-error" action={<Retry onRetry={load.reload} />} /> : null}
      {!view && !load.error ? <p class="muted">Loading…</p> : null}
      {view ? <NetworkForm backend={backend} view={view} onSaved={setSaved} /> : null}
    </div>
  );
}

function NetworkForm(props: { backend: Backend; view: NetworkView; onSaved: (view: NetworkView) => void }) {
  const { backend, view, onSaved } = props;
  const [proxy, setProxy] = useState(view.saved.proxy ?? "");
  const [noProxy, setNoProxy] = useState(view.saved.no_proxy ?? "");
  const submit = useSubmit("network");
  const errors = fieldErrors(submit, FIELDS);
  /** An input's handler: keeps its text and clears the backend's word on it. */
  const edit = (field: string, setText: (text: string) => void) => (e: Event) => {
    setText((e.target as HTMLInputElement).value);
    errors.edited(field);
  };
  return (
    <form
      class="network-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run("saving", () => backend.networkSet({ proxy, no_proxy: noProxy }), onSaved);
      }}
    >
      <dl class="facts">
        <dt>In use now</dt>
        <dd data-testid="network-in-use">
          {view.in_use}
          {view.restart_needed ? <span class="muted">Saved settings apply when Latchkey next starts.</span> : null}
        </dd>
      </dl>
      <Field field="proxy" label="Proxy" message={errors.of("proxy")}>
        <input
          name="proxy"
          type="text"
          spellcheck={false}
          placeholder="http://proxy.example.com:3128"
          value={proxy}
          onInput={edit("proxy", setProxy)}
        />
      </Field>
      <p class="hint">
        Leave empty to use <code>HTTPS_PROXY</code> and <code>NO_PROXY</code> from the environment Latchkey starts in. A
        proxy that needs a password goes there too: this file keeps none.
      </p>
      <Field field="no_proxy" label="Go direct to" message={errors.of("no_proxy")}>
        <input
          name="no_proxy"
          type="text"
          spellcheck={false}
          placeholder="localhost, 127.0.0.1, .internal.example.com"
          value={noProxy}
          onInput={edit("no_proxy", setNoProxy)}
        />
      </Field>
      <div>
        <button class="button primary" type="submit" data-testid="network-save" disabled={submit.pending !== null}>
          {submit.pending ? "Saving…" : "Save proxy settings"}
        </button>
      </div>
      {errors.banner ? <ErrorNotice error={errors.banner} testId="network-save-error" /> : null}
    </form>
  );
}
