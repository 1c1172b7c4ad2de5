import type { AppError } from "../bindings/AppError";

const TITLES: Partial<Record<AppError["code"], string>> = {
  denied: "Sign-in declined",
  needs_reconnect: "Reconnect needed",
  rate_limited: "Slow down",
  network: "Can't reach the service",
  keychain_locked: "Keychain locked",
  keychain_unavailable: "Keychain unavailable",
  keychain_timeout: "Keychain not answering",
  not_configured: "Setup needed",
  missing_scope: "Missing permission",
  validation: "Check the form",
};

/** "Try again" for a notice about something that failed to load. */
export function Retry(props: { onRetry: () => void; busy?: boolean }) {
  return (
    <button class="button small" data-testid="retry" disabled={props.busy} onClick={props.onRetry}>
      {props.busy ? "Trying…" : "Try again"}
    </button>
  );
}

/** An error where the user is looking, with the words the backend chose. */
export function ErrorNotice(props: {
  error: AppError;
  testId: string;
  title?: string;
  /** `info` for news that is not a failure. */
  tone?: "error" | "info";
  onDismiss?: () => void;
  action?: preact.ComponentChildren;
}) {
  const { error, testId, title, tone, onDismiss, action } = props;
  return (
    <div class={tone === "info" ? "error-notice info" : "error-notice"} role="alert" data-testid={testId} data-code={error.code}>
      <div>
        <strong>{title ?? TITLES[error.code] ?? "Something went wrong"}</strong>
        <p>{error.message}</p>
      </div>
      <div class="error-actions">
        {action}
        {onDismiss ? (
          <button class="button small" data-testid={`${testId}-dismiss`} onClick={onDismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
