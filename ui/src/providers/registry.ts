// The one place that knows which providers have a folder here, and the one
// place that looks a provider up by its id. Adding a provider's screens means
// adding a folder `providers/<id>/` whose index.ts exports a ProviderFolder:
// import.meta.glob finds it at build time, no list to edit.
import type { ProviderAction } from "../bindings/ProviderAction";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import type { ProviderFolder, ScreenProps, Screens } from "./types";
import { h, type ComponentType, type VNode } from "preact";

const modules = import.meta.glob<ProviderFolder>("./*/index.ts", { eager: true, import: "default" });

/** Folder name (the provider id) to what the folder supplies. */
const FOLDERS: ReadonlyMap<string, ProviderFolder> = new Map(
  Object.entries(modules).map(([path, folder]) => [path.split("/")[1], folder]),
);

export function providerFolder(id: string): ProviderFolder {
  return FOLDERS.get(id) ?? {};
}

/**
 * What the backend says about a provider. A connection to a provider the
 * backend did not list (its TOML file was removed) still shows, as the plainest
 * provider there is: connect, status, disconnect.
 */
export function providerInfo(providers: ProviderInfo[], id: string): ProviderInfo {
  return (
    providers.find((p) => p.id === id) ?? {
      id,
      display_name: id,
      blurb: "",
      featured: false,
      covers: "user",
      group_noun: ["account", "accounts"],
      item_noun: ["project", "projects"],
      actions: [],
      user_defined: true,
      personal_token: null,
    }
  );
}

/** A screen shows only when the backend offers the action and the provider's folder draws it. */
function providerScreen<A extends ProviderAction>(info: ProviderInfo, action: A): ComponentType<ScreenProps[A]> | null {
  if (!info.actions.includes(action)) return null;
  const screens: Screens = providerFolder(info.id).screens ?? {};
  return (screens[action] as ComponentType<ScreenProps[A]> | undefined) ?? null;
}

export function hasScreen(info: ProviderInfo, action: ProviderAction): boolean {
  return providerScreen(info, action) !== null;
}

/**
 * The provider's screen for `action`, or null when it has none. The
 * components are the folders' own, the same on every render.
 */
export function renderScreen<A extends ProviderAction>(info: ProviderInfo, action: A, props: ScreenProps[A]): VNode | null {
  const screen = providerScreen(info, action);
  return screen ? h(screen as ComponentType<object>, props) : null;
}
