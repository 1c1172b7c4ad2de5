// Supabase: one organization per connection, with the project screens
// Latchkey draws for it (project detail, SMTP, API keys, connection string).
import type { ProviderFolder } from "../types";
import { CreateProjectForm } from "./CreateProjectForm";
import { ProjectDetail } from "./ProjectDetail";

const supabase: ProviderFolder = {
  glyph: "M13.5 2 4 14h7l-1 8 9.5-12h-7l1-8Z",
  screens: { create_project: CreateProjectForm, project_detail: ProjectDetail },
};
export default supabase;
