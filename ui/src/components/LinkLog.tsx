import type { LinkSummary } from "../bindings/LinkSummary";

/** Debug aid: links the OS delivered to this instance (route and harmless detail only). */
export function LinkLog({ links }: { links: LinkSummary[] }) {
  return (
    <section class="card linklog" aria-labelledby="linklog-title">
      <h2 id="linklog-title" class="section-title">Received links (debug build)</h2>
      {links.length === 0 ? (
        <p class="muted" data-testid="links-empty">
          No link received yet.
        </p>
      ) : (
        <ol class="links" data-testid="links">
          {links.map((link, i) => (
            <li key={i} data-testid="link">
              <code>{link.route}</code> <span class="muted">{link.detail}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
