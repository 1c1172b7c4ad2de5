import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ProjectPage } from "../bindings/ProjectPage";
import type { ProjectSummary } from "../bindings/ProjectSummary";
import { STATUS_LABEL, statusTone } from "./status";
import { gridTemplate, placeColumns } from "./columns";

/** Row height in px; the list renders only the rows in view (plus a margin). */
export const ROW_HEIGHT = 44;
const OVERSCAN = 8;

export type Sort = "name_asc" | "name_desc" | "created_desc" | "created_asc";
export type StatusFilter = "all" | "healthy" | "paused" | "changing" | "problem";

const FILTERS: Record<StatusFilter, (status: string) => boolean> = {
  all: () => true,
  healthy: (s) => s === "ACTIVE_HEALTHY",
  paused: (s) => s === "INACTIVE",
  changing: (s) => statusTone(s) === "warn",
  problem: (s) => statusTone(s) === "bad",
};

/** Search (name or ref), status filter and sort: pure, so it is tested alone. */
export function visibleProjects(projects: ProjectSummary[], search: string, filter: StatusFilter, sort: Sort) {
  const needle = search.trim().toLowerCase();
  const list = projects.filter(
    (p) =>
      FILTERS[filter](p.status) &&
      (needle === "" || p.name.toLowerCase().includes(needle) || p.reference.includes(needle)),
  );
  const by: Record<Sort, (a: ProjectSummary, b: ProjectSummary) => number> = {
    name_asc: (a, b) => a.name.localeCompare(b.name),
    name_desc: (a, b) => b.name.localeCompare(a.name),
    created_desc: (a, b) => b.created_at.localeCompare(a.created_at),
    created_asc: (a, b) => a.created_at.localeCompare(b.created_at),
  };
  return list.sort(by[sort]);
}

export type ListItem = { kind: "group"; name: string; count: number } | { kind: "project"; project: ProjectSummary };

/**
 * The rows as the list draws them: where the projects sit in more than one
 * group (a Neon user's organizations, a Netlify user's accounts), each
 * group's projects under a heading, groups in the order the backend listed
 * them; otherwise the projects alone.
 */
export function listItems(all: ProjectSummary[], rows: ProjectSummary[]): ListItem[] {
  const order = [...new Set(all.map((p) => p.group ?? ""))];
  if (order.length < 2) return rows.map((project) => ({ kind: "project", project }));
  return order.flatMap((name): ListItem[] => {
    const members = rows.filter((p) => (p.group ?? "") === name);
    if (members.length === 0) return [];
    return [{ kind: "group", name, count: members.length }, ...members.map((project): ListItem => ({ kind: "project", project }))];
  });
}

export function ProjectTable(props: {
  page: ProjectPage;
  onOpen?: (reference: string) => void;
  /** What the provider calls its projects ("sites" on Netlify). */
  noun?: [string, string];
}) {
  const { page, onOpen } = props;
  const [one, many] = props.noun ?? ["project", "projects"];
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState<StatusFilter>("all");
  const [sort, setSort] = useState<Sort>("name_asc");
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  const viewportRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleProjects(page.projects, search, filter, sort), [page, search, filter, sort]);
  const items = useMemo(() => listItems(page.projects, rows), [page, rows]);
  const places = useMemo(() => placeColumns(page.projects), [page]);
  const grid = gridTemplate(places);
  const rowStyle = grid ? { gridTemplateColumns: grid } : {};

  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 480);
    measure();
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, []);

  if (page.projects.length === 0) {
    return (
      <p class="muted" data-testid="projects-empty">
        No {many} yet.
      </p>
    );
  }
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <>
      <div class="toolbar">
        <input
          type="search"
          aria-label="Search projects"
          placeholder="Search by name or reference"
          data-testid="project-search"
          value={search}
          onInput={(e) => {
            setSearch((e.target as HTMLInputElement).value);
            setScrollTop(0);
            if (viewportRef.current) viewportRef.current.scrollTop = 0;
          }}
        />
        <select aria-label="Status" value={filter} onChange={(e) => setFilter((e.target as HTMLSelectElement).value as StatusFilter)}>
          <option value="all">All statuses</option>
          <option value="healthy">Healthy</option>
          <option value="changing">Coming up or changing</option>
          <option value="paused">Paused</option>
          <option value="problem">Failed or unhealthy</option>
        </select>
        <select aria-label="Sort" value={sort} onChange={(e) => setSort((e.target as HTMLSelectElement).value as Sort)}>
          <option value="name_asc">Name A–Z</option>
          <option value="name_desc">Name Z–A</option>
          <option value="created_desc">Newest first</option>
          <option value="created_asc">Oldest first</option>
        </select>
      </div>
      <p class="muted count" data-testid="projects-count">
        {rows.length === page.projects.length
          ? `${page.projects.length} ${page.projects.length === 1 ? one : many}`
          : `${rows.length} of ${page.projects.length} ${many}`}
      </p>
      <div class="vtable" role="table" aria-rowcount={rows.length} data-testid="projects">
        <div class="vrow vhead" role="row" style={rowStyle}>
          <span role="columnheader">Name</span>
          <span role="columnheader">Reference</span>
          {places.map((c) => (
            <span key={c.field} role="columnheader">
              {c.label}
            </span>
          ))}
          <span role="columnheader">Status</span>
        </div>
        <div
          class="vbody"
          ref={viewportRef}
          data-testid="projects-viewport"
          onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
        >
          <div style={{ height: `${items.length * ROW_HEIGHT}px`, position: "relative" }}>
            {items.slice(first, last).map((item, i) => {
              const place = { position: "absolute", top: `${(first + i) * ROW_HEIGHT}px`, left: "0", right: "0" } as const;
              if (item.kind === "group") {
                return (
                  <div key={`group:${item.name}`} class="vrow vgroup" role="row" data-testid="project-group" style={place}>
                    <span role="rowheader">
                      {item.name} <span class="muted">· {item.count}</span>
                    </span>
                  </div>
                );
              }
              const p = item.project;
              return (
                <div
                  key={p.reference}
                  class="vrow"
                  role="row"
                  data-testid="project-row"
                  style={{ ...rowStyle, ...place }}
                >
                  <span role="cell" class="strong">
                    {onOpen ? (
                      <button class="link" data-testid="open-project" onClick={() => onOpen(p.reference)}>
                        {p.name}
                      </button>
                    ) : (
                      <span data-testid="project-name-cell">{p.name}</span>
                    )}
                  </span>
                  <span role="cell">
                    <code>{p.reference}</code>
                  </span>
                  {places.map((c) => (
                    <span key={c.field} role="cell">
                      {p[c.field]}
                    </span>
                  ))}
                  <span role="cell">
                    <span class={`badge ${statusTone(p.status)}`}>{STATUS_LABEL[p.status] ?? p.status}</span>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {rows.length === 0 ? <p class="muted">No {one} matches.</p> : null}
    </>
  );
}
