import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { CreateProjectForm, passwordWeakness } from "./CreateProjectForm";
import { SmtpForm, smtpProblem } from "./SmtpForm";
import { ProjectDetail } from "./ProjectDetail";
import { ApiKeys } from "./ApiKeys";
import { ConnectionString } from "./ConnectionString";
import { connection, fakeBackend } from "../../testing/fakeBackend";

afterEach(cleanup);

const acme = connection("acme", "Acme Inc");

describe("create project", () => {
  it("offers recommended regions first and sends a generated password request", async () => {
    const backend = fakeBackend();
    const onCreated = vi.fn();
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={onCreated} onCancel={() => {}} />,
    );
    await waitFor(() => expect((screen.getByRole("combobox", { name: "Region" }) as HTMLSelectElement).value).toBe("smartGroup:emea"));
    const submit = screen.getByTestId("create-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(backend.projectCreate).toHaveBeenCalledWith(acme.id, {
      name: "web",
      region_code: "emea",
      region_kind: "smartGroup",
      instance_size: null,
      db_password: null,
    });
  });

  it("checks an own password's strength before sending", async () => {
    const backend = fakeBackend();
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    fireEvent.click(screen.getByLabelText("Use my own"));
    fireEvent.input(screen.getByLabelText("Your database password"), { target: { value: "weak" } });
    expect(screen.getByTestId("password-weakness").textContent).toContain("12 characters");
    expect((screen.getByTestId("create-submit") as HTMLButtonElement).disabled).toBe(true);
    expect(passwordWeakness("Correct-horse-42")).toBeNull();
  });

  it("shows the API's answer when it refuses", async () => {
    const backend = fakeBackend({
      projectCreate: vi.fn().mockRejectedValue({ code: "provider", message: "The request was rejected: plan limit reached" }),
    });
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    await waitFor(() => expect((screen.getByTestId("create-submit") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("create-submit"));
    await waitFor(() => expect(screen.getByTestId("create-error").textContent).toContain("plan limit"));
  });

  it("lets the user pick another connected organization", async () => {
    const beta = connection("beta", "Beta Labs");
    const backend = fakeBackend();
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme, beta]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.change(screen.getByRole("combobox", { name: "Organization" }), { target: { value: "beta" } });
    await waitFor(() => expect(backend.regionsList).toHaveBeenLastCalledWith(beta.id));
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "api" } });
    await waitFor(() => expect((screen.getByTestId("create-submit") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("create-submit"));
    await waitFor(() => expect(backend.projectCreate).toHaveBeenCalledWith(beta.id, expect.objectContaining({ name: "api" })));
  });
});

describe("project detail", () => {
  it("shows the generated password once, health and the connection string", async () => {
    const backend = fakeBackend();
    const created = {
      project: { reference: "abcdefghijklmnopqrst", name: "web", region: "eu-west-1", url: null, status: "COMING_UP", created_at: "" },
      generated_password: "GeneratedPassword1234567890ab",
      password_saved: true,
      confirmed_by_listing: false,
    };
    render(<ProjectDetail backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" created={created} onBack={() => {}} />);
    expect(screen.getByTestId("password-once").textContent).toContain("GeneratedPassword1234567890ab");
    await waitFor(() => expect(screen.getByTestId("project-status").dataset.status).toBe("ACTIVE_HEALTHY"));
    expect(screen.getByTestId("connection-string").textContent).toBe(
      "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres",
    );
    expect(screen.getByTestId("health").textContent).toContain("db");
  });
});

describe("custom SMTP", () => {
  const valid = {
    host: "smtp.example.com",
    port: "587",
    user: "mailer",
    password: "pw",
    sender_name: "Example",
    admin_email: "no-reply@example.com",
    max_frequency: "",
    rate_limit_email_sent: "100",
  };

  it("names the first problem, like the backend does", () => {
    expect(smtpProblem(valid, false)).toBeNull();
    expect(smtpProblem({ ...valid, port: "70000" }, false)?.[0]).toBe("port");
    expect(smtpProblem({ ...valid, host: "no spaces.com" }, false)?.[0]).toBe("host");
    expect(smtpProblem({ ...valid, admin_email: "nobody" }, false)?.[0]).toBe("admin_email");
    expect(smtpProblem({ ...valid, password: "" }, false)?.[0]).toBe("password");
    expect(smtpProblem({ ...valid, password: "" }, true)).toBeNull();
  });

  it("sends the whole group once, the port as a string, and keeps the password unchanged when empty", async () => {
    const backend = fakeBackend();
    render(<SmtpForm backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" />);
    await waitFor(() => screen.getByTestId("smtp-form"));
    expect(screen.getByTestId("smtp-state").textContent).toBe("Off");
    const type = (name: string, value: string) =>
      fireEvent.input(document.querySelector(`input[name=smtp_${name}]`)!, { target: { value } });
    type("host", "smtp.example.com");
    type("port", "587");
    type("user", "mailer");
    type("password", "pw");
    type("admin_email", "no-reply@example.com");
    type("sender_name", "Example");
    fireEvent.click(screen.getByTestId("smtp-save"));
    await waitFor(() => screen.getByTestId("smtp-saved"));
    expect(backend.smtpUpdate).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", {
      host: "smtp.example.com",
      port: "587",
      user: "mailer",
      password: "pw",
      sender_name: "Example",
      admin_email: "no-reply@example.com",
      max_frequency: null,
      rate_limit_email_sent: 30,
    });
    expect(screen.getByTestId("smtp-state").textContent).toBe("On");
    expect((document.querySelector("input[name=smtp_password]") as HTMLInputElement).placeholder).toBe("unchanged");
    fireEvent.click(screen.getByTestId("smtp-disable"));
    await waitFor(() => expect(screen.getByTestId("smtp-state").textContent).toBe("Off"));
  });
});


describe("API keys", () => {
  it("hides values until revealed and copies the secret key only after confirming", async () => {
    const backend = fakeBackend();
    render(<ApiKeys backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" />);
    await waitFor(() => expect(screen.getAllByTestId("api-key")).toHaveLength(2));
    expect(screen.getAllByTestId("api-key-value")[0].textContent).toContain("•");
    // Only the publishable key can be revealed.
    expect(screen.getAllByTestId("reveal-key")).toHaveLength(1);
    fireEvent.click(screen.getAllByTestId("reveal-key")[0]);
    await waitFor(() => expect(screen.getAllByTestId("api-key-value")[0].textContent).toBe("revealed-anon-value"));
    expect(backend.apiKeyReveal).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", "anon");

    // The secret key: copied by the backend after a confirmation, never shown.
    const secretRow = screen.getAllByTestId("api-key")[1];
    fireEvent.click(within(secretRow).getByTestId("copy-key"));
    expect(backend.apiKeyCopy).not.toHaveBeenCalled();
    fireEvent.click(within(secretRow).getByTestId("confirm-copy-key"));
    await waitFor(() => expect(backend.apiKeyCopy).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", "service_role", true));
    expect(within(secretRow).getByTestId("api-key-value").textContent).toContain("•");
    expect(backend.apiKeyReveal).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByTestId("copy-env"));
    await waitFor(() => screen.getByTestId("env-copied"));
    expect(backend.apiKeysCopyEnv).toHaveBeenLastCalledWith(acme.id, "abcdefghijklmnopqrst", false);
    fireEvent.click(screen.getByTestId("copy-env-secret"));
    expect(backend.apiKeysCopyEnv).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId("confirm-secret"));
    await waitFor(() => expect(backend.apiKeysCopyEnv).toHaveBeenLastCalledWith(acme.id, "abcdefghijklmnopqrst", true));
    expect(screen.getByTestId("env-copied").textContent).toContain("secret key");
  });
});


describe("connection string", () => {
  it("copies with a pasted password through the backend, saving it only when asked", async () => {
    const backend = fakeBackend();
    render(
      <ConnectionString
        backend={backend}
        connection={acme.id}
        reference="abcdefghijklmnopqrst"
        placeholder="postgresql://…"
        saved={false}
      />,
    );
    fireEvent.input(screen.getByLabelText("Database password"), { target: { value: "pw-123" } });
    fireEvent.click(screen.getByLabelText("Remember in keychain"));
    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    await waitFor(() =>
      expect(backend.connectionStringCopy).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", "pw-123", true),
    );
    await waitFor(() => screen.getByTestId("copy-with-password"));
  });
});
