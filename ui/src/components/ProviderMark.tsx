/** Provider marks: simple glyphs in each provider's colour (not their logos). */
export function SupabaseMark({ small }: { small?: boolean }) {
  const size = small ? 14 : 22;
  return (
    <div class={`provider-mark supabase${small ? " small" : ""}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" width={size} height={size}>
        <path d="M13.5 2 4 14h7l-1 8 9.5-12h-7l1-8Z" fill="currentColor" />
      </svg>
    </div>
  );
}
