// Netlify: a user with their accounts and sites; a site opens on its
// deploys and environment variables.
import type { ProviderFolder } from "../types";
import { NetlifySiteDetail } from "./NetlifySiteDetail";

const netlify: ProviderFolder = {
  glyph: "M12 2 22 12 12 22 2 12Z M12 7l-5 5 5 5 5-5Z",
  // A Netlify token never expires, so forgetting it here is not revoking it.
  connectionNote: "the token does not expire; Disconnect forgets it here, revoke it in Netlify's settings too",
  screens: { project_detail: NetlifySiteDetail },
};
export default netlify;
