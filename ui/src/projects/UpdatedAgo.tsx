import { useNow } from "../data/useNow";

/** "Updated N s ago" for a list fetched at `fetchedAt` (Unix seconds), kept current. */
export function UpdatedAgo({ fetchedAt }: { fetchedAt: number }) {
  const now = useNow(5000);
  return (
    <p class="muted small" data-testid="updated-ago">
      {updatedAgo(now - fetchedAt)}
    </p>
  );
}

export function updatedAgo(seconds: number): string {
  if (seconds < 10) return "Updated just now";
  if (seconds < 60) return `Updated ${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `Updated ${minutes} min ago` : `Updated ${Math.floor(minutes / 60)} h ago`;
}
