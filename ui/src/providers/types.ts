// What a provider's folder may supply to the rest of the UI. Everything here
// is optional: a provider without a folder (a user-defined one) gets the
// generic parts, and a screen shows only when the backend also lists its
// action for the provider.
import type { ComponentType } from "preact";
import type { Backend } from "../ipc";
import type { ConnectionId } from "../bindings/ConnectionId";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProjectCreated } from "../bindings/ProjectCreated";
import type { ProviderAction } from "../bindings/ProviderAction";

/** A project that was just made, and where. */
export type Creation = {
  /** The connection it was made in: the form may offer the provider's other connections. */
  connection: ConnectionMeta;
  reference: string;
  /** The backend's full answer when the project detail has more to show about it (a password shown once). */
  created: ProjectCreated | null;
};

export type CreateProjectProps = {
  backend: Backend;
  /** The connection selected in the sidebar: preselected. */
  connection: ConnectionMeta;
  /** This provider's connections (the selected one among them). */
  connections: ConnectionMeta[];
  onCreated: (creation: Creation) => void;
  onCancel: () => void;
};

export type ProjectDetailProps = {
  backend: Backend;
  connection: ConnectionId;
  reference: string;
  created: ProjectCreated | null;
  onBack: () => void;
};

/** The props of each screen, by the action that opens it. */
export type ScreenProps = {
  create_project: CreateProjectProps;
  project_detail: ProjectDetailProps;
};

// Keeps the action list (generated from Rust) and the screens in step: a new
// action fails to compile here until it has props.
type Exhaustive<T extends Record<ProviderAction, unknown>> = T;
export type Screens = { [A in keyof Exhaustive<ScreenProps>]?: ComponentType<ScreenProps[A]> };

export type ProviderFolder = {
  /** The mark: one SVG path on a 24×24 grid, filled in the colour styles.css gives `.provider-mark.<id>`. */
  glyph?: string;
  /** Said after the connection's description in its header, in brackets. */
  connectionNote?: string;
  screens?: Screens;
};
