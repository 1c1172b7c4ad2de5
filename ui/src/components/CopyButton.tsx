import { useState } from "preact/hooks";
import type { Backend } from "../ipc";

/** Copies through the backend (the webview's own clipboard API is refused). */
export function CopyButton({ backend, text, label }: { backend: Backend; text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      class="button small"
      type="button"
      onClick={async () => {
        const ok = await backend.clipboardWrite(text).then(
          () => true,
          () => false,
        );
        setState(ok ? "copied" : "failed");
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </button>
  );
}
