// Neon: a user with their organizations; projects are created here, and a
// project opens on its branches and connection strings.
import type { ProviderFolder } from "../types";
import { NeonCreateForm } from "./NeonCreateForm";
import { NeonProjectDetail } from "./NeonProjectDetail";

const neon: ProviderFolder = {
  glyph: "M5 4h4l6 9V4h4v16h-4l-6-9v9H5z",
  screens: { create_project: NeonCreateForm, project_detail: NeonProjectDetail },
};
export default neon;
