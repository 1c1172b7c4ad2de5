// ESLint for the UI, run by scripts/test as "UI: lint". The React hooks rules
// are the point: a missing effect dependency or a hook called conditionally is
// how a stale answer ends up on the wrong screen. Preact's hooks follow React's
// rules, so the plugin applies as is.
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";

export default defineConfig([
  { ignores: ["src/bindings/**"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommended, reactHooks.configs.flat.recommended],
  },
]);
