import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { NeonCreateForm } from "./NeonCreateForm";
import { connection, fakeBackend } from "../../testing/fakeBackend";

afterEach(cleanup);

describe("Neon create project", () => {
  it("sends the organization, region and Postgres version once", async () => {
    const backend = fakeBackend();
    const neonAccount = connection("user-1", "Ada", "connected", "neon");
    const onCreated = vi.fn();
    render(<NeonCreateForm backend={backend} connection={neonAccount} connections={[neonAccount]} onCreated={onCreated} onCancel={() => {}} />);
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Region" }) as HTMLSelectElement).value).toBe("aws-us-east-2"));
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "db" } });
    fireEvent.click(screen.getByTestId("neon-create-submit"));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(backend.neonProjectCreate).toHaveBeenCalledTimes(1);
    expect(backend.neonProjectCreate).toHaveBeenCalledWith(neonAccount.id, {
      name: "db",
      region_id: "aws-us-east-2",
      pg_version: 17,
      org_id: "org-1",
    });
  });
});
