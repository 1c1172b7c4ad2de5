/** Provider marks: simple glyphs in each provider's colour (not their logos). */
const GLYPHS: Record<string, string> = {
  supabase: "M13.5 2 4 14h7l-1 8 9.5-12h-7l1-8Z",
  neon: "M5 4h4l6 9V4h4v16h-4l-6-9v9H5z",
  netlify: "M12 2 22 12 12 22 2 12Z M12 7l-5 5 5 5 5-5Z",
};

export const PROVIDER_NAMES: Record<string, string> = {
  supabase: "Supabase",
  neon: "Neon",
  netlify: "Netlify",
};

export function ProviderMark({ provider, small }: { provider: string; small?: boolean }) {
  const size = small ? 14 : 22;
  return (
    <div class={`provider-mark ${provider}${small ? " small" : ""}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" width={size} height={size}>
        <path d={GLYPHS[provider] ?? GLYPHS.supabase} fill="currentColor" fill-rule="evenodd" />
      </svg>
    </div>
  );
}

export function SupabaseMark({ small }: { small?: boolean }) {
  return <ProviderMark provider="supabase" small={small} />;
}
