import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { CreateProjectForm } from "./CreateProjectForm";
import { SmtpForm } from "./SmtpForm";
import { ProjectDetail } from "./ProjectDetail";
import { ApiKeys } from "./ApiKeys";
import { ConnectionStrings } from "./ConnectionStrings";
import { PausedNotice } from "./PausedNotice";
import { connection, fakeBackend } from "../../testing/fakeBackend";

afterEach(cleanup);

const acme = connection("acme", "Acme Inc");

/** What the form shows about the input named `name`: its message, and whether it is marked invalid. */
function besideInput(name: string) {
  const input = document.querySelector(`[name=${name}]`) as HTMLInputElement;
  const field = input.closest(".field")!;
  return {
    input,
    invalid: field.classList.contains("invalid") && input.getAttribute("aria-invalid") === "true",
    message: field.querySelector("[data-testid=field-error]")?.textContent ?? null,
  };
}

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

  it("leaves an own password to the backend and shows its refusal beside the input until it is edited", async () => {
    const backend = fakeBackend({
      projectCreate: vi.fn().mockRejectedValue({ code: "validation", field: "db_password", message: "Use at least 12 characters." }),
    });
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    fireEvent.click(screen.getByLabelText("Use my own"));
    const submit = screen.getByTestId("create-submit") as HTMLButtonElement;
    // Presence is all the form checks: empty, then filled with something weak.
    expect(submit.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText("Your database password"), { target: { value: "weak" } });
    await waitFor(() => expect(submit.disabled).toBe(false));
    expect(besideInput("db_password").message).toBeNull();
    fireEvent.click(submit);

    await waitFor(() => expect(besideInput("db_password").message).toBe("Use at least 12 characters."));
    expect(besideInput("db_password").invalid).toBe(true);
    expect(backend.projectCreate).toHaveBeenCalledWith(acme.id, expect.objectContaining({ db_password: "weak" }));
    expect(screen.queryByTestId("create-error")).toBeNull();
    expect(besideInput("name").invalid).toBe(false);

    fireEvent.input(besideInput("db_password").input, { target: { value: "weak but longer" } });
    expect(besideInput("db_password").message).toBeNull();
    expect(besideInput("db_password").invalid).toBe(false);
    expect(screen.queryByTestId("create-error")).toBeNull();
  });

  it("puts a validation error that names no field in the banner", async () => {
    const backend = fakeBackend({
      projectCreate: vi.fn().mockRejectedValue({ code: "validation", message: "That organization cannot be used." }),
    });
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    await waitFor(() => expect((screen.getByTestId("create-submit") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("create-submit"));
    await waitFor(() => expect(screen.getByTestId("create-error").textContent).toContain("That organization cannot be used."));
    expect(screen.getByTestId("create-error").dataset.code).toBe("validation");
    expect(screen.queryByTestId("field-error")).toBeNull();
  });

  it("puts a validation error about a field it does not show in the banner", async () => {
    // The generated password has no input: an error about it has nowhere else to go.
    const backend = fakeBackend({
      projectCreate: vi.fn().mockRejectedValue({ code: "validation", field: "db_password", message: "No password." }),
    });
    render(
      <CreateProjectForm backend={backend} connection={acme} connections={[acme]} onCreated={() => {}} onCancel={() => {}} />,
    );
    fireEvent.input(screen.getByRole("textbox", { name: "Name" }), { target: { value: "web" } });
    await waitFor(() => expect((screen.getByTestId("create-submit") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("create-submit"));
    await waitFor(() => expect(screen.getByTestId("create-error").textContent).toContain("No password."));
    expect(screen.queryByTestId("field-error")).toBeNull();
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
      project: { reference: "abcdefghijklmnopqrst", name: "web", region: "eu-west-1", url: null, status: "COMING_UP", created_at: "", group: null },
      generated_password: "GeneratedPassword1234567890ab",
      password_saved: true,
      confirmed_by_listing: false,
    };
    render(<ProjectDetail backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" created={created} onBack={() => {}} />);
    expect(screen.getByTestId("password-once").textContent).toContain("GeneratedPassword1234567890ab");
    await waitFor(() => expect(screen.getByTestId("project-status").dataset.status).toBe("ACTIVE_HEALTHY"));
    const strings = screen.getAllByTestId("connection-string").map((c) => c.textContent);
    expect(strings).toEqual([
      "postgresql://postgres:[DB-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres",
      "postgresql://postgres.abcdefghijklmnopqrst:[DB-PASSWORD]@aws-0-eu-west-1.pooler.supabase.com:6543/postgres",
    ]);
    expect(screen.getByTestId("endpoint-transaction_pooler").textContent).toContain("IPv4");
    expect(screen.getByTestId("health").textContent).toContain("db");
  });
});

describe("custom SMTP", () => {
  const type = (name: string, value: string) =>
    fireEvent.input(document.querySelector(`input[name=smtp_${name}]`)!, { target: { value } });
  const fill = () => {
    type("host", "smtp.example.com");
    type("port", "70000");
    type("user", "mailer");
    type("password", "pw");
    type("admin_email", "no-reply@example.com");
    type("sender_name", "Example");
  };

  it("sends what the backend must judge and shows its refusal beside the input until it is edited", async () => {
    const message = "The port is a number from 1 to 65535 (usually 465 or 587).";
    const backend = fakeBackend({ smtpUpdate: vi.fn().mockRejectedValue({ code: "validation", field: "port", message }) });
    render(<SmtpForm backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" />);
    await waitFor(() => screen.getByTestId("smtp-form"));
    const save = screen.getByTestId("smtp-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fill();
    expect(save.disabled).toBe(false);
    fireEvent.click(save);

    await waitFor(() => expect(besideInput("smtp_port").message).toBe(message));
    expect(besideInput("smtp_port").invalid).toBe(true);
    expect(backend.smtpUpdate).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", expect.objectContaining({ port: "70000" }));
    expect(screen.queryByTestId("smtp-error")).toBeNull();
    expect(besideInput("smtp_host").invalid).toBe(false);

    // Editing another input leaves the port's message; editing the port clears it.
    type("host", "mail.example.com");
    expect(besideInput("smtp_port").message).toBe(message);
    type("port", "587");
    expect(besideInput("smtp_port").message).toBeNull();
    expect(besideInput("smtp_port").invalid).toBe(false);
  });

  it("refuses a count that is not a number beside it, without sending", async () => {
    const backend = fakeBackend();
    render(<SmtpForm backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" />);
    await waitFor(() => screen.getByTestId("smtp-form"));
    fill();
    type("rate_limit_email_sent", "lots");
    fireEvent.click(screen.getByTestId("smtp-save"));
    await waitFor(() => expect(besideInput("smtp_rate_limit_email_sent").message).toContain("whole number"));
    expect(backend.smtpUpdate).not.toHaveBeenCalled();
  });

  it("sends the whole group once, the port as a string, and keeps the password unchanged when empty", async () => {
    const backend = fakeBackend();
    render(<SmtpForm backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" />);
    await waitFor(() => screen.getByTestId("smtp-form"));
    expect(screen.getByTestId("smtp-state").textContent).toBe("Off");
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


describe("connection strings", () => {
  const endpoints = [
    { route: "direct" as const, label: "Direct connection", template: "postgresql://direct", networks: "IPv6 only", use_for: "servers" },
    { route: "session_pooler" as const, label: "Session pooler", template: "postgresql://session", networks: "IPv4 and IPv6", use_for: "servers" },
  ];

  const renderStrings = (props: { endpoints: typeof endpoints; poolerProblem: string | null; saved: boolean }) => {
    const backend = fakeBackend();
    render(<ConnectionStrings backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" {...props} />);
    return backend;
  };

  it("copies a route with a pasted password through the backend, saving it only when asked", async () => {
    const backend = renderStrings({ endpoints, poolerProblem: null, saved: false });
    expect((screen.getByTestId("copy-session_pooler") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(screen.getByLabelText("Database password"), { target: { value: "pw-123" } });
    fireEvent.click(screen.getByLabelText("Remember in keychain"));
    fireEvent.click(screen.getByTestId("copy-session_pooler"));
    await waitFor(() =>
      expect(backend.connectionStringCopy).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst", "session_pooler", "pw-123", true),
    );
    await waitFor(() => screen.getByTestId("password-saved-note"));
    fireEvent.click(screen.getByTestId("copy-direct"));
    await waitFor(() =>
      expect(backend.connectionStringCopy).toHaveBeenLastCalledWith(acme.id, "abcdefghijklmnopqrst", "direct", null, true),
    );
  });

  it("says why the pooler strings are missing", () => {
    renderStrings({ endpoints: endpoints.slice(0, 1), poolerProblem: "the OAuth app lacks the “database:read” scope", saved: true });
    expect(screen.getByTestId("pooler-problem").textContent).toContain("database:read");
  });
});

describe("a paused project", () => {
  it("offers Restore, calls the backend once and then says it is restoring", async () => {
    const backend = fakeBackend();
    const onRestoring = vi.fn();
    const { rerender } = render(
      <PausedNotice backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" status="INACTIVE" onRestoring={onRestoring} />,
    );
    expect(screen.getByTestId("paused-notice").textContent).toContain("paused");
    fireEvent.click(screen.getByTestId("restore-project"));
    await waitFor(() => expect(onRestoring).toHaveBeenCalled());
    expect(backend.projectRestore).toHaveBeenCalledWith(acme.id, "abcdefghijklmnopqrst");
    rerender(
      <PausedNotice backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" status="RESTORING" onRestoring={onRestoring} />,
    );
    expect(screen.getByTestId("restoring-notice").textContent).toContain("waking up");
  });

  it("says nothing for a running project", () => {
    const backend = fakeBackend();
    render(<PausedNotice backend={backend} connection={acme.id} reference="abcdefghijklmnopqrst" status="ACTIVE_HEALTHY" onRestoring={() => {}} />);
    expect(screen.queryByTestId("paused-notice")).toBeNull();
  });
});
