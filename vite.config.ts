// The UI lives in ui/; Tauri embeds the build from dist/ (tauri.conf.json).
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: "ui",
  publicDir: "public",
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "safari16",
    sourcemap: false,
  },
  server: { port: 5173, strictPort: true },
  clearScreen: false,
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    environment: "jsdom",
    // Paths are relative to `root` (ui/); the relay page lives beside it.
    include: ["src/**/*.test.{ts,tsx}", "../relay/**/*.test.js"],
  },
});
