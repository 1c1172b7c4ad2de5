// A scriptable Backend for component tests: every command is a vi.fn with a
// sensible default, and events are fired by hand.
import { vi } from "vitest";
import type { Backend } from "../ipc";
import type { AppStatus } from "../bindings/AppStatus";
import type { ConnectFinished } from "../bindings/ConnectFinished";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { LinkSummary } from "../bindings/LinkSummary";

export const okStatus: AppStatus = {
  version: "0.1.0",
  channel: "debug",
  scheme: "dev.latchkey.debug",
  keychain: { backend: "Secret Service", state: "ok", problem: null },
};

export function connection(org: string, name: string, status: ConnectionMeta["status"] = "connected"): ConnectionMeta {
  return {
    id: { provider: "supabase", organization: org },
    organization_name: name,
    user: "dev@example.com",
    connected_at: 1_700_000_000,
    status,
  };
}

export type FakeBackend = Backend & {
  emitLink(link: LinkSummary): void;
  emitFinished(event: ConnectFinished): void;
};

export function fakeBackend(overrides: Partial<Backend> = {}): FakeBackend {
  let onLink: ((l: LinkSummary) => void) | undefined;
  let onFinished: ((e: ConnectFinished) => void) | undefined;
  const base: Backend = {
    statusGet: vi.fn(async () => okStatus),
    linksList: vi.fn(async () => []),
    onLinkReceived: vi.fn(async (h) => {
      onLink = h;
      return () => (onLink = undefined);
    }),
    connectStart: vi.fn(async () => ({ authorize_url: "https://auth.example/authorize?state=s", browser_opened: true })),
    connectCancel: vi.fn(async () => undefined),
    onConnectFinished: vi.fn(async (h) => {
      onFinished = h;
      return () => (onFinished = undefined);
    }),
    clientSecretStatus: vi.fn(async () => true),
    clientSecretSet: vi.fn(async () => undefined),
    connectionsList: vi.fn(async () => []),
    projectsList: vi.fn(async () => ({ projects: [], total: 0 })),
    connectionDisconnect: vi.fn(async () => undefined),
    settingsGet: vi.fn(async () => [
      {
        id: "supabase",
        display_name: "Supabase",
        client_id: "9b2f4a8e-6c1d-4e5f-8a7b-3c2d1e0f9a8b",
        api_base_url: "http://127.0.0.1:54321/",
        redirect_uri: "dev.latchkey.debug:/oauth/supabase",
        client_secret_saved: false,
      },
    ]),
  };
  return {
    ...base,
    ...overrides,
    emitLink: (l) => onLink?.(l),
    emitFinished: (e) => onFinished?.(e),
  };
}
