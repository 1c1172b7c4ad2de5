import type { AppStatus } from "../bindings/AppStatus";

const STATE_LABEL = {
  ok: "OK",
  locked: "Locked",
  unavailable: "Unavailable",
  timeout: "Not answering",
} as const;

/** Version and keychain health, read from the backend's real round trip. */
export function StatusBar(props: { status: AppStatus | null; failed?: boolean; checking: boolean; onRetry: () => void }) {
  const { status, failed, checking, onRetry } = props;
  const keychain = status?.keychain;
  const tone = !keychain ? "pending" : keychain.state === "ok" ? "ok" : "bad";
  return (
    <footer class="statusbar" role="contentinfo">
      <span class="version" data-testid="app-version">
        {status ? `Latchkey ${status.version}${status.channel === "debug" ? " (debug build)" : ""}` : "Latchkey"}
      </span>
      <span class="keychain" data-testid="keychain-status" data-state={keychain?.state ?? "checking"}>
        <span class={`dot ${tone}`} aria-hidden="true" />
        {keychain
          ? `Keychain: ${keychain.backend} — ${STATE_LABEL[keychain.state]}`
          : failed
            ? "Keychain: status unavailable"
            : "Keychain: checking…"}
      </span>
      {failed && !keychain ? (
        <button class="button small" data-testid="keychain-retry" onClick={onRetry} disabled={checking}>
          {checking ? "Checking…" : "Retry"}
        </button>
      ) : null}
      {keychain && keychain.problem ? (
        <>
          <span class="keychain-problem" data-testid="keychain-problem">
            {keychain.problem}
          </span>
          <button class="button small" data-testid="keychain-retry" onClick={onRetry} disabled={checking}>
            {checking ? "Checking…" : "Retry"}
          </button>
        </>
      ) : null}
    </footer>
  );
}
