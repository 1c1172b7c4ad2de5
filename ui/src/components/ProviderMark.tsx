import type { ProviderInfo } from "../bindings/ProviderInfo";
import { providerFolder } from "../providers/registry";

/**
 * A provider's mark: the glyph its folder draws, in its colour (not its logo);
 * a provider without one (user-defined) gets its initial.
 */
export function ProviderMark({ provider, small }: { provider: ProviderInfo; small?: boolean }) {
  const size = small ? 14 : 22;
  const glyph = providerFolder(provider.id).glyph;
  return (
    <div class={`provider-mark ${glyph ? provider.id : "generic"}${small ? " small" : ""}`} aria-hidden="true" data-testid="provider-mark">
      {glyph ? (
        <svg viewBox="0 0 24 24" width={size} height={size}>
          <path d={glyph} fill="currentColor" fill-rule="evenodd" />
        </svg>
      ) : (
        <span class="provider-initial">{initialOf(provider.display_name)}</span>
      )}
    </div>
  );
}

function initialOf(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? "?";
}
