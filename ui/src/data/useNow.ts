import { useEffect, useState } from "preact/hooks";

/** Unix seconds, kept current every `everyMs`: for "N ago" and "expires in N". */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const tick = setInterval(() => setNow(Math.floor(Date.now() / 1000)), everyMs);
    return () => clearInterval(tick);
  }, [everyMs]);
  return now;
}
