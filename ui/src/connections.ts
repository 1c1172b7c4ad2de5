// How connections are told apart: by provider and account together (one
// account id may exist at two providers).
import type { ConnectionId } from "./bindings/ConnectionId";

/** One string per connection, for keys and comparisons. */
export function connectionKey(id: ConnectionId): string {
  return `${id.provider}:${id.account}`;
}

export function sameConnection(a: ConnectionId | null, b: ConnectionId | null): boolean {
  return !!a && !!b && connectionKey(a) === connectionKey(b);
}

export function sameProvider(a: ConnectionId, b: ConnectionId): boolean {
  return a.provider === b.provider;
}
