import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { NeonBranchView } from "../../bindings/NeonBranchView";
import type { NeonComputeView } from "../../bindings/NeonComputeView";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/FieldProblem";
import { connectionKey } from "../../connections";
import { fieldErrors } from "../../data/fieldError";
import { useSubmit } from "../../data/useSubmit";
import { useFocusOnMount } from "../../components/focus";

const STATE_TONE: Record<string, string> = { ready: "ok", active: "ok", idle: "muted", init: "warn", archived: "muted" };

/** The project's branches, one chosen (radio buttons: arrow keys move between them), and a form for a new one. */
export function NeonBranches(props: {
  backend: Backend;
  connection: ConnectionId;
  project: string;
  branches: NeonBranchView[];
  chosen: string | null;
  onChoose: (branch: string) => void;
  onCreated: (branch: NeonBranchView) => void;
}) {
  const { backend, connection, project, branches, chosen, onChoose, onCreated } = props;
  const [creating, setCreating] = useState(false);
  return (
    <div data-testid="neon-branches">
      <div class="section-head">
        <h2 class="section-title spaced">Branches</h2>
        {creating ? null : (
          <button class="button small" data-testid="new-branch" onClick={() => setCreating(true)}>
            New branch
          </button>
        )}
      </div>
      {creating ? (
        <NewBranchForm
          backend={backend}
          connection={connection}
          project={project}
          branches={branches}
          from={chosen}
          onCancel={() => setCreating(false)}
          onCreated={(b) => {
            setCreating(false);
            onCreated(b);
          }}
        />
      ) : null}
      {branches.length === 0 ? <p class="muted">This project has no branches.</p> : null}
      <ul class="branch-list" role="radiogroup" aria-label="Branch">
        {branches.map((b) => (
          <li key={b.id} class={b.id === chosen ? "chosen" : ""} data-testid="branch" data-branch={b.name}>
            <label class="branch-pick">
              <input
                type="radio"
                name={`branch-${project}`}
                checked={b.id === chosen}
                onChange={() => onChoose(b.id)}
                data-testid="choose-branch"
              />
              <span class="strong">{b.name}</span>
              {b.is_default ? <span class="badge ok">default</span> : null}
              {b.protected ? <span class="badge muted">protected</span> : null}
              <span class={`badge ${STATE_TONE[b.state] ?? "muted"}`}>{b.state}</span>
              <span class="muted small">created {new Date(b.created_at).toLocaleDateString()}</span>
            </label>
            <ul class="computes">
              {b.computes.length === 0 ? <li class="muted small">No compute: start one in Neon's console to connect.</li> : null}
              {b.computes.map((c) => (
                <Compute key={c.id} compute={c} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Compute({ compute }: { compute: NeonComputeView }) {
  return (
    <li class="small" data-testid="compute">
      <code>{compute.host}</code> <span class="muted">{compute.kind === "read_write" ? "read-write" : "read-only"}</span>{" "}
      <span class={`badge ${STATE_TONE[compute.state] ?? "muted"}`}>{compute.state}</span>{" "}
      <span class="muted">
        autoscaling {compute.min_cu}–{compute.max_cu} CU
      </span>
    </li>
  );
}

function NewBranchForm(props: {
  backend: Backend;
  connection: ConnectionId;
  project: string;
  branches: NeonBranchView[];
  from: string | null;
  onCancel: () => void;
  onCreated: (branch: NeonBranchView) => void;
}) {
  const { backend, connection, project, branches, from, onCancel, onCreated } = props;
  const [name, setName] = useState("");
  const [parent, setParent] = useState(from ?? "");
  const submit = useSubmit(`${connectionKey(connection)}/${project}`);
  const errors = fieldErrors(submit, ["name", "parent"]);
  const nameRef = useFocusOnMount<HTMLInputElement>();
  return (
    <form
      class="form branch-form"
      data-testid="branch-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run("create", () => backend.neonBranchCreate(connection, project, { name, parent_id: parent || null }), onCreated);
      }}
    >
      <div class="grid-2">
        <Field field="name" label="Name" message={errors.of("name")}>
          <input
            data-testid="branch-name"
            value={name}
            ref={nameRef}
            placeholder="feature/login"
            onInput={(e) => {
              errors.edited("name");
              setName((e.target as HTMLInputElement).value);
            }}
          />
        </Field>
        <Field field="parent" label="From" message={errors.of("parent")}>
          <select value={parent} onChange={(e) => setParent((e.target as HTMLSelectElement).value)}>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p class="muted small">A copy of the chosen branch's data as it is now, with a compute of its own.</p>
      {errors.banner ? <ErrorNotice error={errors.banner} testId="branch-error" /> : null}
      <div class="form-actions">
        <button class="button primary" type="submit" data-testid="create-branch" disabled={submit.pending !== null}>
          {submit.pending ? "Creating…" : "Create branch"}
        </button>
        <button class="button" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
