import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { ProjectTable, listItems, visibleProjects } from "./ProjectTable";
import { gridTemplate, placeColumns } from "./columns";
import type { ProjectSummary } from "../bindings/ProjectSummary";

afterEach(cleanup);

function many(n: number): ProjectSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    reference: `ref${String(i).padStart(17, "0")}`,
    name: `project-${String(i).padStart(4, "0")}`,
    region: "eu-west-1",
    url: null,
    status: i % 10 === 0 ? "INACTIVE" : "ACTIVE_HEALTHY",
    created_at: `2026-01-01T00:00:${String(i % 60).padStart(2, "0")}Z`,
    group: null,
  }));
}

describe("project list", () => {
  it("searches by name or reference, filters by status and sorts", () => {
    const list = many(30);
    expect(visibleProjects(list, "project-001", "all", "name_asc").map((p) => p.name)).toEqual([
      "project-0010",
      "project-0011",
      "project-0012",
      "project-0013",
      "project-0014",
      "project-0015",
      "project-0016",
      "project-0017",
      "project-0018",
      "project-0019",
    ]);
    expect(visibleProjects(list, "ref00000000000000029", "all", "name_asc")).toHaveLength(1);
    expect(visibleProjects(list, "", "paused", "name_asc")).toHaveLength(3);
    expect(visibleProjects(list, "", "all", "name_desc")[0].name).toBe("project-0029");
  });

  it("renders only the rows in view for 2,000 projects and filters them", () => {
    render(<ProjectTable page={{ projects: many(2000), total: 2000, fetched_at: 0 }} onOpen={() => {}} />);
    expect(screen.getByTestId("projects-count").textContent).toBe("2000 projects");
    const rendered = screen.getAllByTestId("project-row").length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(60);
    fireEvent.input(screen.getByTestId("project-search"), { target: { value: "project-199" } });
    expect(screen.getByTestId("projects-count").textContent).toBe("10 of 2000 projects");
    expect(screen.getAllByTestId("project-row")).toHaveLength(10);
  });
});

describe("place columns", () => {
  const row = (region: string | null, url: string | null): ProjectSummary => ({
    reference: "ref",
    name: "p",
    region,
    url,
    status: "ACTIVE",
    created_at: "",
    group: null,
  });
  const headers = () => screen.getAllByRole("columnheader").map((h) => h.textContent);

  it("follows what the rows carry: a region, a URL, both or neither", () => {
    expect(placeColumns([row("eu-west-1", null)]).map((c) => c.label)).toEqual(["Region"]);
    expect(placeColumns([row(null, "https://a.netlify.app")]).map((c) => c.label)).toEqual(["URL"]);
    expect(placeColumns([row("eu-west-1", null), row(null, "https://a.example")]).map((c) => c.label)).toEqual([
      "Region",
      "URL",
    ]);
    expect(placeColumns([row(null, null)])).toEqual([]);
    // The usual layout is the stylesheet's; any other gets its own grid.
    expect(gridTemplate(placeColumns([row("eu-west-1", null)]))).toBeUndefined();
    expect(gridTemplate(placeColumns([row("eu-west-1", "https://a.example")]))).toBe("2fr 2fr 1.3fr 2fr 1fr");
  });

  it("renders a URL column for sites and both columns when rows differ", () => {
    const page = (projects: ProjectSummary[]) => ({ projects, total: projects.length, fetched_at: 0 });
    const { rerender } = render(<ProjectTable page={page([{ ...row(null, "https://blog.netlify.app"), name: "blog" }])} />);
    expect(headers()).toEqual(["Name", "Reference", "URL", "Status"]);
    expect(screen.getByTestId("project-row").textContent).toContain("https://blog.netlify.app");
    rerender(<ProjectTable page={page([row("eu-west-1", null), { ...row(null, "https://x.example"), reference: "ref2" }])} />);
    expect(headers()).toEqual(["Name", "Reference", "Region", "URL", "Status"]);
  });
});

describe("grouped list", () => {
  const row = (name: string, group: string | null): ProjectSummary => ({
    reference: name,
    name,
    region: "aws-us-east-2",
    url: null,
    status: "ACTIVE",
    created_at: "",
    group,
  });

  it("heads each group in the backend's order, and draws no heading for one group", () => {
    const all = [row("p1", "Personal"), row("o1", "Engines"), row("o2", "Engines")];
    const items = listItems(all, [all[2], all[0], all[1]]);
    expect(items.map((i) => (i.kind === "group" ? `# ${i.name} (${i.count})` : i.project.name))).toEqual([
      "# Personal (1)",
      "p1",
      "# Engines (2)",
      "o2",
      "o1",
    ]);
    expect(listItems([row("a", null), row("b", null)], [row("a", null)]).map((i) => i.kind)).toEqual(["project"]);
    // A search that leaves a group empty drops its heading too.
    expect(listItems(all, [all[1]]).map((i) => i.kind)).toEqual(["group", "project"]);
  });
});
