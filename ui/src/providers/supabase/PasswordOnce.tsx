import type { Backend } from "../../ipc";
import type { ProjectCreated } from "../../bindings/ProjectCreated";
import { CopyButton } from "../../components/CopyButton";

/** The one time a generated password is shown. */
export function PasswordOnce({ backend, created }: { backend: Backend; created: ProjectCreated }) {
  if (!created.generated_password) return null;
  return (
    <div class="notice-box" data-testid="password-once">
      <strong>Database password</strong>
      <p class="muted">
        Shown once. {created.password_saved ? "It is also saved in your system keychain." : "It could not be saved in your keychain: copy it now."}
      </p>
      <div class="secret-row">
        <code class="password">{created.generated_password}</code>
        <CopyButton backend={backend} text={created.generated_password} label="Copy password" />
      </div>
    </div>
  );
}
