import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { fakeBackend } from "../../testing/fakeBackend";
import { NeonProjectDetail } from "./NeonProjectDetail";

afterEach(cleanup);

const connection = { provider: "neon", account: "u1" };

function open(backend = fakeBackend()) {
  render(<NeonProjectDetail backend={backend} connection={connection} reference="lovelace-notes-100001" created={null} onBack={() => {}} />);
  return backend;
}

describe("Neon project detail", () => {
  it("shows branches with the default chosen, and its connection strings masked", async () => {
    const backend = open();
    await screen.findByText("lovelace-notes");
    const branches = await screen.findAllByTestId("branch");
    expect(branches.map((b) => b.dataset.branch)).toEqual(["main", "development"]);
    expect((screen.getAllByTestId("choose-branch")[0] as HTMLInputElement).checked).toBe(true);
    const strings = await screen.findAllByTestId("connection-string");
    expect(strings[0].textContent).toContain("********@ep-main-1-pooler");
    expect(document.body.textContent).not.toContain("revealed-pw");
    expect(backend.neonConnectionStrings).toHaveBeenCalledWith(connection, "lovelace-notes-100001", {
      branch_id: "br-main-1",
      database: "neondb",
      role: "neondb_owner",
    });
  });

  it("copies through Rust without the password reaching the page, and reveals only when asked", async () => {
    const backend = open();
    fireEvent.click(await screen.findByTestId("copy-pooled"));
    await screen.findByTestId("copied-note");
    expect(backend.neonConnectionStringCopy).toHaveBeenCalledWith(connection, "lovelace-notes-100001", expect.objectContaining({ branch_id: "br-main-1" }), true);
    expect(document.body.textContent).not.toContain("revealed-pw");
    fireEvent.click(screen.getByTestId("reveal-direct"));
    await waitFor(() => expect(document.body.textContent).toContain("revealed-pw@ep-main-1.us-east-2"));
    fireEvent.click(screen.getByTestId("copy-env"));
    await waitFor(() => expect(backend.neonEnvCopy).toHaveBeenCalled());
  });

  it("a branch without a compute says so and offers nothing to copy", async () => {
    open();
    const radios = await screen.findAllByTestId("choose-branch");
    fireEvent.change(radios[1], { target: { checked: true } });
    fireEvent.click(radios[1]);
    await screen.findByText(/no compute, so nothing can connect/);
    expect(screen.queryByTestId("copy-pooled")).toBeNull();
  });

  it("creates a branch from the chosen one and shows the backend's word on a bad name", async () => {
    const backend = fakeBackend({
      neonBranchCreate: async () => Promise.reject({ code: "validation", field: "name", message: "Give the branch a name of at most 256 characters." }),
    });
    open(backend);
    fireEvent.click(await screen.findByTestId("new-branch"));
    fireEvent.click(screen.getByTestId("create-branch"));
    const problem = await screen.findByTestId("field-error");
    expect(problem.dataset.field).toBe("name");
  });
});

describe("Neon database choice", () => {
  it("choosing a database brings its owner as the role", async () => {
    const backend = fakeBackend({
      neonBranchContents: async () => ({
        databases: [
          { name: "neondb", owner: "neondb_owner" },
          { name: "notes", owner: "notes_app" },
        ],
        roles: [
          { name: "neondb_owner", protected: false },
          { name: "notes_app", protected: false },
        ],
      }),
    });
    open(backend);
    const database = await screen.findByTestId("neon-database");
    fireEvent.change(database, { target: { value: "notes" } });
    await waitFor(() =>
      expect(backend.neonConnectionStrings).toHaveBeenLastCalledWith(connection, "lovelace-notes-100001", {
        branch_id: "br-main-1",
        database: "notes",
        role: "notes_app",
      }),
    );
    expect((screen.getByTestId("neon-role") as HTMLSelectElement).value).toBe("notes_app");
  });
});
