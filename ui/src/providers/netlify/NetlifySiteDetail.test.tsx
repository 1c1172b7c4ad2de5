import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { fakeBackend } from "../../testing/fakeBackend";
import { NetlifySiteDetail } from "./NetlifySiteDetail";

afterEach(cleanup);

const connection = { provider: "netlify", account: "u1" };
const SITE = "7c3e9a10-1b2c-4d5e-8f90-0000000000a0";

function open(backend = fakeBackend()) {
  render(<NetlifySiteDetail backend={backend} connection={connection} reference={SITE} created={null} onBack={() => {}} />);
  return backend;
}

describe("Netlify site detail", () => {
  it("shows where the site builds from and a failed deploy with its message", async () => {
    open();
    expect((await screen.findByTestId("site-repository")).textContent).toContain("ada/notes");
    const deploys = await screen.findAllByTestId("deploy");
    expect(deploys[0].dataset.state).toBe("error");
    expect(screen.getByTestId("deploy-error").textContent).toBe("Build script returned non-zero exit code: 2");
  });

  it("opens the site through Rust, naming which address and never a URL", async () => {
    const backend = open();
    fireEvent.click(await screen.findByTestId("open-site"));
    await waitFor(() => expect(backend.netlifySiteOpen).toHaveBeenCalledWith(connection, SITE, "site"));
  });

  it("lists variables hidden, reveals a plain one, and offers no reveal for a secret one", async () => {
    const backend = open();
    const vars = await screen.findAllByTestId("env-var");
    expect(vars.map((v) => v.dataset.key)).toEqual(["PUBLIC_API_URL", "STRIPE_SECRET_KEY"]);
    expect(document.body.textContent).not.toContain("https://api.example.com");
    expect(vars[1].querySelector("[data-testid=reveal-env]")).toBeNull();
    fireEvent.click(vars[0].querySelector("[data-testid=reveal-env]")!);
    await waitFor(() => expect(document.body.textContent).toContain("https://api.example.com"));
    expect(backend.netlifyEnvReveal).toHaveBeenCalledWith(connection, SITE, "PUBLIC_API_URL");
  });

  it("sets a variable write-only and shows the list Netlify answers", async () => {
    const backend = open();
    await screen.findAllByTestId("env-var");
    fireEvent.input(screen.getByTestId("env-key"), { target: { value: "NEW_KEY" } });
    fireEvent.input(screen.getByTestId("env-value-input"), { target: { value: "v4lue" } });
    fireEvent.click(screen.getByTestId("env-save"));
    await screen.findByTestId("env-saved");
    expect(backend.netlifyEnvSet).toHaveBeenCalledWith(connection, SITE, { key: "NEW_KEY", value: "v4lue", context: "all", secret: false });
    expect((screen.getByTestId("env-value-input") as HTMLInputElement).value).toBe("");
    expect(document.body.textContent).not.toContain("v4lue");
  });
});

describe("Netlify site detail, keyboard and failures", () => {
  it("puts the focus on the title when it opens, and on Cancel when Delete asks", async () => {
    open();
    const title = await screen.findByTestId("project-name");
    expect(document.activeElement).toBe(title);
    const vars = await screen.findAllByTestId("env-var");
    fireEvent.click(vars[0].querySelector("[data-testid=delete-env]")!);
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Cancel"));
  });

  it("a site that fails to load says why and tries again", async () => {
    const netlifySiteGet = vi
      .fn()
      .mockRejectedValueOnce({ code: "network", message: "Netlify did not answer." })
      .mockImplementation(fakeBackend().netlifySiteGet);
    open(fakeBackend({ netlifySiteGet }));
    expect((await screen.findByTestId("project-error")).textContent).toContain("did not answer");
    fireEvent.click(screen.getByTestId("retry"));
    await screen.findByTestId("site-repository");
  });
});
