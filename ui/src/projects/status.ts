export const STATUS_LABEL: Record<string, string> = {
  ACTIVE_HEALTHY: "Healthy",
  ACTIVE: "Active",
  CURRENT: "Live",
  READY: "Ready",
  ACTIVE_UNHEALTHY: "Unhealthy",
  COMING_UP: "Coming up",
  INACTIVE: "Paused",
  GOING_DOWN: "Going down",
  INIT_FAILED: "Failed",
  RESTORING: "Restoring",
  UPGRADING: "Upgrading",
  PAUSING: "Pausing",
  RESTARTING: "Restarting",
  RESIZING: "Resizing",
};

export function statusTone(status: string): string {
  if (["ACTIVE_HEALTHY", "ACTIVE", "CURRENT", "READY"].includes(status)) return "ok";
  if (["INIT_FAILED", "ACTIVE_UNHEALTHY", "RESTORE_FAILED", "PAUSE_FAILED"].includes(status)) return "bad";
  if (status === "INACTIVE" || status === "REMOVED") return "muted";
  return "warn";
}
