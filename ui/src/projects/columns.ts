// Which "where it lives" columns the project table shows: Supabase and Neon
// projects carry a region, Netlify sites a URL. The rows decide, not the
// provider, so a provider that sends both (or neither) needs no code here.
import type { ProjectSummary } from "../bindings/ProjectSummary";

export type PlaceColumn = { field: "region" | "url"; label: string; width: string };

const PLACE_COLUMNS: PlaceColumn[] = [
  { field: "region", label: "Region", width: "1.3fr" },
  { field: "url", label: "URL", width: "2fr" },
];

/** The place columns some row has a value for, in a fixed order. */
export function placeColumns(projects: ProjectSummary[]): PlaceColumn[] {
  return PLACE_COLUMNS.filter((c) => projects.some((p) => p[c.field] !== null));
}

/**
 * The grid for these columns, or undefined for the one styles.css draws
 * (name, reference, one place, status).
 */
export function gridTemplate(places: PlaceColumn[]): string | undefined {
  if (places.length === 1 && places[0].field === "region") return undefined;
  return ["2fr", "2fr", ...places.map((c) => c.width), "1fr"].join(" ");
}
