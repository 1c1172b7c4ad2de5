// The other side of the CLI benchmark (bench/cli.py): every project of every
// organization a Supabase token reaches, listed in Node.
//
//   node bench/list-projects.mjs js  <base-url> <token>   supabase-management-js, as a script would use it
//   node bench/list-projects.mjs raw <base-url> <token>   the floor: the same requests, plain fetch, at lk's concurrency
//
// Prints one line of JSON: {"projects": N, "requests": N, "ms": time inside the process}.
import { SupabaseManagementAPI } from "supabase-management-js";

const [mode, baseUrl, token] = process.argv.slice(2);
const PAGE = 100;
// lk lists every connection at once and 4 pages of one at a time
// (crates/core/src/manage/project_list.rs: CONCURRENT_PAGES).
const PAGES_AT_ONCE = 4;
let requests = 0;
const started = performance.now();

async function viaClient() {
  const api = new SupabaseManagementAPI({ accessToken: token, baseUrl });
  requests++;
  const { data: orgs } = await api.listAllOrganizations();
  const perOrg = await Promise.all(
    orgs.map(async (org) => {
      const all = [];
      for (let offset = 0; ; offset += PAGE) {
        requests++;
        const { data } = await api.getAllProjectsForOrganization(org.slug, { limit: PAGE, offset });
        all.push(...data.projects);
        if (data.projects.length < PAGE) return all;
      }
    }),
  );
  return perOrg.flat().length;
}

async function raw() {
  const get = async (path) => {
    requests++;
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  };
  const orgs = await get("/v1/organizations");
  const perOrg = await Promise.all(
    orgs.map(async (org) => {
      const path = (offset) => `/v1/organizations/${org.slug}/projects?limit=${PAGE}&offset=${offset}`;
      const first = await get(path(0));
      const all = [...first.projects];
      const offsets = [];
      for (let o = PAGE; o < first.pagination.count; o += PAGE) offsets.push(o);
      for (let i = 0; i < offsets.length; i += PAGES_AT_ONCE) {
        const pages = await Promise.all(offsets.slice(i, i + PAGES_AT_ONCE).map((o) => get(path(o))));
        for (const page of pages) all.push(...page.projects);
      }
      return all;
    }),
  );
  return perOrg.flat().length;
}

const projects = mode === "raw" ? await raw() : await viaClient();
console.log(JSON.stringify({ projects, requests, ms: Math.round(performance.now() - started) }));
