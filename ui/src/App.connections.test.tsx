// The main window with several providers: what each connection shows comes
// from the backend's ProviderInfo, and switching connections never shows
// the previous one's late answer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { App } from "./App";
import type { ConnectionId } from "./bindings/ConnectionId";
import type { ProjectPage } from "./bindings/ProjectPage";
import { connection, fakeBackend } from "./testing/fakeBackend";
import { deferred, settle } from "./testing/deferred";

afterEach(cleanup);

const pageOf = (...names: string[]): ProjectPage => ({
  projects: names.map((name) => ({ reference: `ref-${name}`, name, region: "eu-west-1", url: null, status: "ACTIVE", created_at: "", group: null })),
  total: names.length,
  fetched_at: Math.floor(Date.now() / 1000),
});

describe("switching connections", () => {
  it("keeps a late answer for the connection left behind off the one selected", async () => {
    const acme = connection("acme", "Acme Inc");
    const beta = connection("beta", "Beta Labs");
    const acmeProjects = deferred<ProjectPage>();
    const projectsList = vi.fn((id: ConnectionId) =>
      id.account === "acme" ? acmeProjects.promise : Promise.resolve(pageOf("beta-web")),
    );
    render(<App backend={fakeBackend({ connectionsList: vi.fn(async () => [acme, beta]), projectsList })} />);
    await waitFor(() => expect(screen.getByTestId("org-name").textContent).toBe("Acme Inc"));

    fireEvent.click(screen.getAllByTestId("account")[1]);
    await waitFor(() => expect(screen.getByTestId("projects").textContent).toContain("beta-web"));
    acmeProjects.resolve(pageOf("acme-web"));
    await settle();
    expect(screen.getByTestId("org-name").textContent).toBe("Beta Labs");
    expect(screen.getByTestId("projects").textContent).toContain("beta-web");
    expect(screen.getByTestId("projects").textContent).not.toContain("acme-web");
  });
});

describe("what each provider shows", () => {
  it("names a user-wide connection by who signed in, lists its groups and creates but opens no project (Neon)", async () => {
    const ada = { ...connection("user-1", "Ada's projects", "connected", "neon"), user: "ada@example.com" };
    const backend = fakeBackend({
      connectionsList: vi.fn(async () => [ada]),
      projectsList: vi.fn(async () => pageOf("db")),
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getAllByTestId("project-row")).toHaveLength(1));
    expect(screen.getByTestId("account-name").textContent).toBe("ada@example.com");
    expect(screen.getByTestId("groups").textContent).toMatch(/^Organizations:/);
    expect(screen.queryByTestId("open-project")).toBeNull();
    fireEvent.click(screen.getByTestId("new-project"));
    await waitFor(() => screen.getByTestId("neon-create-form"));
  });

  it("calls Netlify's projects sites, and its groups accounts", async () => {
    const site = { ...pageOf("blog").projects[0], region: null, url: "https://blog.netlify.app" };
    const backend = fakeBackend({
      connectionsList: vi.fn(async () => [connection("user-9", "Ada", "connected", "netlify")]),
      projectsList: vi.fn(async () => ({ projects: [site], total: 1, fetched_at: Math.floor(Date.now() / 1000) })),
    });
    render(<App backend={backend} />);
    await waitFor(() => expect(screen.getByTestId("projects-count").textContent).toBe("1 site"));
    expect(screen.getByTestId("groups").textContent).toMatch(/^Accounts:/);
    expect(screen.queryByTestId("new-project")).toBeNull();
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Name", "Reference", "URL", "Status"]);
  });

  it("names an organization connection by the organization (Supabase)", async () => {
    render(<App backend={fakeBackend({ connectionsList: vi.fn(async () => [connection("acme", "Acme Inc")]) })} />);
    await waitFor(() => expect(screen.getByTestId("account-name").textContent).toBe("Acme Inc"));
    expect(screen.getByTestId("account").textContent).toContain("Supabase · acme");
    expect(screen.queryByTestId("groups")).toBeNull();
  });
});
