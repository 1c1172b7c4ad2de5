/** The Latchkey mark: a key inside a rounded latch. Same drawing as icons/source.svg. */
export function Logo({ size }: { size: number }) {
  return (
    <svg viewBox="0 0 64 64" width={size} height={size} aria-hidden="true" class="logo">
      <rect x="2" y="2" width="60" height="60" rx="14" fill="#3b5bdb" />
      <circle cx="24" cy="32" r="10" fill="none" stroke="#fff" stroke-width="6" />
      <path d="M34 32h20v7M46 32v6" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
