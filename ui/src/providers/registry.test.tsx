// What the registry promises: the backend's list says what a provider offers,
// a folder says how it looks; a provider with no folder still connects,
// shows its status and disconnects, with a generic mark and no screens.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { App } from "../App";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { PROVIDERS, USER_DEFINED, connection, fakeBackend } from "../testing/fakeBackend";
import { hasScreen, providerFolder, providerInfo } from "./registry";

afterEach(cleanup);

const page = (n: number) => ({
  projects: Array.from({ length: n }, (_, i) => ({
    reference: `ref-${i}`,
    name: `project-${i}`,
    region: "eu-west-1",
    url: null,
    status: "ACTIVE",
    created_at: "",
    group: null,
  })),
  total: n,
  fetched_at: Math.floor(Date.now() / 1000),
});

describe("provider registry", () => {
  it("finds each provider's folder, and a screen only where the backend lists its action", () => {
    const [supabase, neon, netlify] = PROVIDERS;
    expect(providerFolder("supabase").glyph).toBeTruthy();
    expect(hasScreen(supabase, "project_detail")).toBe(true);
    expect(hasScreen(neon, "create_project")).toBe(true);
    expect(hasScreen(neon, "project_detail")).toBe(false);
    expect(hasScreen(netlify, "create_project")).toBe(false);
    // Listed by the backend but drawn by no folder: nothing to show.
    expect(hasScreen(USER_DEFINED, "create_project")).toBe(false);
    // The backend's word wins over the folder: no action listed, no screen.
    expect(hasScreen({ ...supabase, actions: [] }, "create_project")).toBe(false);
    expect(providerInfo(PROVIDERS, "gone").display_name).toBe("gone");
  });

  it("connects, shows and disconnects a user-defined provider with a generic mark and no project screens", async () => {
    const mine = connection("u-42", "Ada's forge", "connected", USER_DEFINED.id);
    const connectionsList = vi.fn().mockResolvedValueOnce([mine]).mockResolvedValue([]);
    const backend = fakeBackend({ providersList: vi.fn(async () => [...PROVIDERS, USER_DEFINED]), connectionsList });
    render(<App backend={backend} />);

    await waitFor(() => expect(screen.getByTestId("org-name").textContent).toBe("Ada's forge"));
    const account = screen.getByTestId("account");
    expect(within(account).getByTestId("provider-mark").textContent).toBe("G");
    expect(account.textContent).toContain("Gitforge");
    expect(screen.getByTestId("account-status").dataset.status).toBe("connected");
    expect(screen.queryByTestId("new-project")).toBeNull();
    expect(screen.queryByTestId("refresh")).toBeNull();
    expect(screen.queryByTestId("projects-loading")).toBeNull();
    expect(backend.projectsList).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId("disconnect"));
    await waitFor(() => screen.getByTestId("accounts-empty"));
    expect(backend.connectionDisconnect).toHaveBeenCalledWith(mine.id);

    // And it can be connected like any other.
    const connect = await screen.findByTestId(`connect-${USER_DEFINED.id}`);
    expect(connect.textContent).toBe("Connect Gitforge");
    expect(within(connect.closest(".provider-row") as HTMLElement).getByTestId("provider-mark").textContent).toBe("G");
    fireEvent.click(connect);
    await waitFor(() => expect(backend.connectStart).toHaveBeenCalledWith(USER_DEFINED.id, null));
  });

  it("lists the projects of a built-in provider without a folder, but opens and creates none", async () => {
    const bare: ProviderInfo = { ...PROVIDERS[0], id: "newcloud", display_name: "Newcloud", featured: false };
    const backend = fakeBackend({
      providersList: vi.fn(async () => [...PROVIDERS, bare]),
      connectionsList: vi.fn(async () => [connection("team-1", "Team One", "connected", "newcloud")]),
      projectsList: vi.fn(async () => page(2)),
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getAllByTestId("project-row")).toHaveLength(2));
    expect(screen.queryByTestId("open-project")).toBeNull();
    expect(screen.queryByTestId("new-project")).toBeNull();
    expect(screen.getByTestId("provider-mark").textContent).toBe("N");
  });
});
