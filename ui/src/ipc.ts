// The only module that talks to Tauri. Everything else receives a `Backend`,
// so components are tested with a fake and never see `invoke`.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppError } from "./bindings/AppError";
import type { AppStatus } from "./bindings/AppStatus";
import type { LinkSummary } from "./bindings/LinkSummary";

export interface Backend {
  statusGet(): Promise<AppStatus>;
  linksList(): Promise<LinkSummary[]>;
  onLinkReceived(handler: (link: LinkSummary) => void): Promise<UnlistenFn>;
}

/** Commands reject with `AppError`; anything else is wrapped into one. */
export function asAppError(err: unknown): AppError {
  if (err && typeof err === "object" && "code" in err && "message" in err) {
    return err as AppError;
  }
  return { code: "internal", message: String(err) };
}

export const backend: Backend = {
  statusGet: () => invoke<AppStatus>("status_get"),
  linksList: () => invoke<LinkSummary[]>("links_list"),
  onLinkReceived: (handler) => listen<LinkSummary>("link-received", (e) => handler(e.payload)),
};
