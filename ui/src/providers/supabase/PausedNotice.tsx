import type { Backend } from "../../ipc";
import type { ConnectionId } from "../../bindings/ConnectionId";
import { ErrorNotice } from "../../components/ErrorNotice";
import { connectionKey } from "../../connections";
import { useSubmit } from "../../data/useSubmit";

/**
 * A paused project says so and offers Restore; while it restores, the
 * detail screen polls its status and this says what is happening.
 */
export function PausedNotice(props: {
  backend: Backend;
  connection: ConnectionId;
  reference: string;
  status: string;
  onRestoring: () => void;
}) {
  const { backend, connection, reference, status, onRestoring } = props;
  const submit = useSubmit(`${connectionKey(connection)}/${reference}`);
  if (status === "RESTORING") {
    return (
      <div class="notice-box" data-testid="restoring-notice" role="status">
        <strong>Restoring</strong>
        <p>The project is waking up. This page updates by itself when its database is back.</p>
      </div>
    );
  }
  if (status !== "INACTIVE") return null;
  const restore = () => submit.run("restore", () => backend.projectRestore(connection, reference), onRestoring);
  return (
    <div class="notice-box" data-testid="paused-notice">
      <strong>This project is paused</strong>
      <p>
        Supabase pauses inactive free projects. Its database, API and connection poolers are off until you restore it,
        which takes a few minutes; nothing stored in it is lost.
      </p>
      <button
        class="button small primary"
        data-testid="restore-project"
        disabled={submit.pending !== null}
        onClick={() => void restore()}
      >
        {submit.pending ? "Restoring…" : "Restore project"}
      </button>
      {submit.error ? <ErrorNotice error={submit.error} testId="restore-error" /> : null}
    </div>
  );
}
