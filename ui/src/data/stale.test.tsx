// A slow answer for what the user has left behind must not land on what they
// look at now: select A, then B, and A's late answer arrives last.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { CreateProjectForm } from "../providers/supabase/CreateProjectForm";
import { SmtpForm } from "../providers/supabase/SmtpForm";
import type { RegionChoice } from "../bindings/RegionChoice";
import type { SmtpSettings } from "../bindings/SmtpSettings";
import { connection, fakeBackend } from "../testing/fakeBackend";
import { deferred, settle } from "../testing/deferred";

afterEach(cleanup);

const region = (code: string, name: string): RegionChoice => ({ code, name, kind: "specific", recommended: true });

describe("a late answer for what was left behind", () => {
  it("does not replace the regions of the organization chosen since", async () => {
    const acme = connection("acme", "Acme Inc");
    const beta = connection("beta", "Beta Labs");
    const acmeRegions = deferred<RegionChoice[]>();
    const regionsList = vi.fn((id) => (id === acme.id ? acmeRegions.promise : Promise.resolve([region("ap-south-1", "Mumbai")])));
    render(
      <CreateProjectForm
        backend={fakeBackend({ regionsList })}
        connection={acme}
        connections={[acme, beta]}
        onCreated={() => {}}
        onCancel={() => {}}
      />,
    );
    fireEvent.change(screen.getByRole("combobox", { name: "Organization" }), { target: { value: "beta" } });
    const regionSelect = () => screen.getByRole("combobox", { name: "Region" }) as HTMLSelectElement;
    await waitFor(() => expect(regionSelect().value).toBe("specific:ap-south-1"));

    acmeRegions.resolve([region("us-west-1", "Acme's region")]);
    await settle();
    expect(regionSelect().textContent).not.toContain("Acme's region");
    expect(regionSelect().value).toBe("specific:ap-south-1");
  });

  it("does not fill the SMTP form with the settings of the project left behind", async () => {
    const acme = connection("acme", "Acme Inc");
    const first = deferred<SmtpSettings>();
    const settings = (host: string): SmtpSettings => ({
      enabled: true,
      host,
      port: "587",
      user: "mailer",
      sender_name: "Example",
      admin_email: "no-reply@example.com",
      max_frequency: null,
      rate_limit_email_sent: 30,
    });
    const smtpGet = vi.fn((_c, reference: string) =>
      reference === "first" ? first.promise : Promise.resolve(settings("smtp.second.example")),
    );
    const backend = fakeBackend({ smtpGet });
    const { rerender } = render(<SmtpForm backend={backend} connection={acme.id} reference="first" />);
    rerender(<SmtpForm backend={backend} connection={acme.id} reference="second" />);
    const host = () => document.querySelector("input[name=smtp_host]") as HTMLInputElement;
    await waitFor(() => expect(host().value).toBe("smtp.second.example"));

    first.resolve(settings("smtp.first.example"));
    await settle();
    expect(host().value).toBe("smtp.second.example");
  });
});
