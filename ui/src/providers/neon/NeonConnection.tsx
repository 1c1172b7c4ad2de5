import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import type { NeonBranchContents } from "../../bindings/NeonBranchContents";
import type { NeonBranchView } from "../../bindings/NeonBranchView";
import type { NeonDatabaseChoice } from "../../bindings/NeonDatabaseChoice";
import { ErrorNotice, Retry } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useLoad } from "../../data/useLoad";
import { useSubmit } from "../../data/useSubmit";

const ROUTES = [
  { pooled: true, label: "Pooled", use: "For your app and serverless functions: many short connections through Neon's PgBouncer." },
  { pooled: false, label: "Direct", use: "For migrations, pg_dump and long sessions." },
] as const;

/**
 * The chosen branch's databases and roles, and the connection strings for
 * one database as one role. The page shows them masked; Copy has Rust fill
 * in the password and write the clipboard, and only Reveal brings the
 * password here.
 */
export function NeonConnection(props: { backend: Backend; connection: ConnectionId; project: string; branch: NeonBranchView }) {
  const { backend, connection, project, branch } = props;
  const branchKey = `${connectionKey(connection)}/${project}/${branch.id}`;
  const contents = useLoad(branchKey, () => backend.neonBranchContents(connection, project, branch.id));
  return (
    <div data-testid="neon-connection">
      <h2 class="section-title spaced">
        Connect to <span class="strong">{branch.name}</span>
      </h2>
      {contents.loading && !contents.value ? <p class="muted">Loading databases and roles…</p> : null}
      {contents.error && !contents.loading ? <ErrorNotice error={contents.error} testId="branch-contents-error" action={<Retry onRetry={contents.reload} />} /> : null}
      {contents.value ? (
        <Strings backend={backend} connection={connection} project={project} branch={branch} contents={contents.value} branchKey={branchKey} />
      ) : null}
    </div>
  );
}

function Strings(props: {
  backend: Backend;
  connection: ConnectionId;
  project: string;
  branch: NeonBranchView;
  contents: NeonBranchContents;
  branchKey: string;
}) {
  const { backend, connection, project, branch, contents, branchKey } = props;
  const roles = contents.roles.filter((r) => !r.protected);
  const [picked, setPicked] = useState<{ key: string; database: string; role: string } | null>(null);
  // The role one usually connects as: the database's owner, if it can log in.
  const ownerOf = (name: string) => roles.find((r) => r.name === contents.databases.find((d) => d.name === name)?.owner)?.name;
  const database = (picked?.key === branchKey ? picked.database : null) ?? contents.databases[0]?.name ?? "";
  const role = (picked?.key === branchKey ? picked.role : null) ?? ownerOf(database) ?? roles[0]?.name ?? "";
  const choice: NeonDatabaseChoice = { branch_id: branch.id, database, role };
  const choiceKey = `${branchKey}/${database}/${role}`;
  const ready = database !== "" && role !== "" && branch.computes.length > 0;
  const strings = useLoad(ready ? choiceKey : null, () => backend.neonConnectionStrings(connection, project, choice));
  const action = useSubmit(choiceKey);
  const [revealed, setRevealed] = useState<{ key: string; pooled: boolean; text: string } | null>(null);
  const [done, setDone] = useState<{ key: string; text: string } | null>(null);
  const note = done?.key === choiceKey ? done.text : null;

  if (contents.databases.length === 0 || roles.length === 0) {
    return <p class="muted">This branch has no database or no role to connect as yet. Create one in Neon's console.</p>;
  }
  // A database chosen brings its owner as the role; the role can still be
  // changed after.
  const pickDatabase = (name: string) => setPicked({ key: branchKey, database: name, role: ownerOf(name) ?? role });
  const pickRole = (name: string) => setPicked({ key: branchKey, database, role: name });

  return (
    <div class="conn-strings">
      <div class="grid-2">
        <label class="field">
          <span>Database</span>
          <select data-testid="neon-database" value={database} onChange={(e) => pickDatabase((e.target as HTMLSelectElement).value)}>
            {contents.databases.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} (owner {d.owner})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Role</span>
          <select data-testid="neon-role" value={role} onChange={(e) => pickRole((e.target as HTMLSelectElement).value)}>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {branch.computes.length === 0 ? <p class="muted small">This branch has no compute, so nothing can connect to it yet.</p> : null}
      {strings.loading && !strings.value ? <p class="muted small">Asking Neon for the connection strings…</p> : null}
      {strings.error && !strings.loading ? <ErrorNotice error={strings.error} testId="connection-strings-error" action={<Retry onRetry={strings.reload} />} /> : null}
      {strings.value ? (
        <ul class="endpoints">
          {ROUTES.map((r) => {
            const shown = revealed?.key === choiceKey && revealed.pooled === r.pooled ? revealed.text : null;
            const masked = r.pooled ? strings.value?.pooled : strings.value?.direct;
            const id = r.pooled ? "pooled" : "direct";
            return (
              <li key={id} data-testid={`neon-${id}`}>
                <div class="endpoint-head">
                  <strong>{r.label}</strong>
                </div>
                <p class="muted small">{r.use}</p>
                <div class="secret-row">
                  <code data-testid="connection-string">{shown ?? masked}</code>
                  <button
                    class="button small"
                    data-testid={`reveal-${id}`}
                    onClick={() =>
                      shown
                        ? setRevealed(null)
                        : void action.run("reveal", () => backend.neonConnectionStringReveal(connection, project, choice, r.pooled), (text) =>
                            setRevealed({ key: choiceKey, pooled: r.pooled, text }),
                          )
                    }
                  >
                    {shown ? "Hide" : "Reveal"}
                  </button>
                  <button
                    class="button small primary"
                    data-testid={`copy-${id}`}
                    onClick={() =>
                      void action.run("copy", () => backend.neonConnectionStringCopy(connection, project, choice, r.pooled), () =>
                        setDone({ key: choiceKey, text: `Copied the ${r.label.toLowerCase()} string with its password.` }),
                      )
                    }
                  >
                    Copy
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div class="form-actions">
        <button
          class="button"
          data-testid="copy-env"
          disabled={!ready}
          onClick={() =>
            void action.run("env", () => backend.neonEnvCopy(connection, project, choice), () =>
              setDone({ key: choiceKey, text: "Copied DATABASE_URL, DATABASE_URL_UNPOOLED and the PG* variables as .env lines." }),
            )
          }
        >
          Copy as .env
        </button>
        {note ? (
          <span class="muted small" role="status" data-testid="copied-note">
            {note} The clipboard is cleared in a minute.
          </span>
        ) : null}
      </div>
      {action.error ? <ErrorNotice error={action.error} testId="neon-action-error" /> : null}
    </div>
  );
}
