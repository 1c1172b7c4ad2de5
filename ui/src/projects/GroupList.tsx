import type { Backend } from "../ipc";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";
import type { ProviderInfo } from "../bindings/ProviderInfo";
import { connectionKey } from "../connections";
import { useLoad } from "../data/useLoad";

/**
 * The groups a user-wide connection reaches (Neon organizations, Netlify
 * accounts). A connection that covers one organization is that group, so it
 * lists none; nor does a connection that needs reconnecting.
 */
export function GroupList(props: { backend: Backend; connection: ConnectionMeta; provider: ProviderInfo }) {
  const { backend, connection, provider } = props;
  const wanted = provider.covers === "user" && connection.status === "connected";
  const groups = useLoad(wanted ? connectionKey(connection.id) : null, () => backend.connectionGroups(connection.id));
  // Failing to list the groups is not worth a notice: the projects still show.
  if (!wanted || !groups.value || groups.value.length === 0) return null;
  return (
    <p class="groups" data-testid="groups">
      <span class="muted">{capitalized(provider.group_noun[1])}:</span>
      {groups.value.map((g) => (
        <span key={g} class="chip">
          {g}
        </span>
      ))}
    </p>
  );
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
