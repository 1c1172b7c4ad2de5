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

  it("shows the backend's refusal beside the input it names, not in the banner, until it is edited", async () => {
    const message = "Give the project a name of at most 64 characters.";
    const backend = fakeBackend({ neonProjectCreate: vi.fn().mockRejectedValue({ code: "validation", field: "name", message }) });
    const neonAccount = connection("user-1", "Ada", "connected", "neon");
    render(<NeonCreateForm backend={backend} connection={neonAccount} connections={[neonAccount]} onCreated={() => {}} onCancel={() => {}} />);
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Region" }) as HTMLSelectElement).value).toBe("aws-us-east-2"));
    const name = document.querySelector("input[name=name]") as HTMLInputElement;
    // No length limit in the form: the backend's is the one that counts.
    fireEvent.input(name, { target: { value: "n".repeat(65) } });
    fireEvent.click(screen.getByTestId("neon-create-submit"));

    const field = name.closest(".field")!;
    await waitFor(() => expect(field.querySelector("[data-testid=field-error]")?.textContent).toBe(message));
    expect(field.classList.contains("invalid")).toBe(true);
    expect(backend.neonProjectCreate).toHaveBeenCalledWith(neonAccount.id, expect.objectContaining({ name: "n".repeat(65) }));
    expect(screen.queryByTestId("neon-create-error")).toBeNull();

    fireEvent.input(name, { target: { value: "db" } });
    expect(field.querySelector("[data-testid=field-error]")).toBeNull();
    expect(field.classList.contains("invalid")).toBe(false);
  });

  it("puts a validation error that names no field in the banner", async () => {
    const backend = fakeBackend({
      neonProjectCreate: vi.fn().mockRejectedValue({ code: "validation", message: "That is not a Neon account id." }),
    });
    const neonAccount = connection("user-1", "Ada", "connected", "neon");
    render(<NeonCreateForm backend={backend} connection={neonAccount} connections={[neonAccount]} onCreated={() => {}} onCancel={() => {}} />);
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Region" }) as HTMLSelectElement).value).toBe("aws-us-east-2"));
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "db" } });
    fireEvent.click(screen.getByTestId("neon-create-submit"));
    await waitFor(() => expect(screen.getByTestId("neon-create-error").textContent).toContain("That is not a Neon account id."));
    expect(screen.queryByTestId("field-error")).toBeNull();
  });
});
