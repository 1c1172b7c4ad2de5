// Loading that cannot put a stale answer on screen (after GitHub Desktop's
// habit: after each await, check that the step you are in is still current).
// Every answer is filed under the key it was asked for, and the hook returns
// only what belongs to the key it is given now: an answer for a key left
// behind, or one overtaken by a reload or a `set`, is dropped on arrival.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";

export type Loaded<T> = {
  /** The latest answer for the current key; null until the first one. Kept while reloading. */
  value: T | null;
  /** Why the latest request for the current key failed. */
  error: AppError | null;
  /** A request for the current key is on its way. */
  loading: boolean;
  /** Asks again for the same key (the fetcher is told it is a reload). */
  reload: () => void;
  /** Puts a value the user's own action returned (a save) in place of any answer still on its way. */
  set: (value: T) => void;
};

export type FetchContext = {
  /** True when the user asked again for the same key, false for its first request. */
  reload: boolean;
};

type Answer<T> = { key: string; round: number; value: T | null; error: AppError | null };

/**
 * Loads what `key` names, `null` for nothing (yet). The key alone decides
 * when to ask: the fetcher is read when the request starts, so it may close
 * over fresh props without being a dependency.
 */
export function useLoad<T>(key: string | null, fetcher: (context: FetchContext) => Promise<T>): Loaded<T> {
  // A round is one request: a new key, a reload and a set each start one,
  // and only an answer to the latest round may land.
  const roundRef = useRef(0);
  const fetcherRef = useRef(fetcher);
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  // The latest reload the user asked for: loading until a later answer lands.
  const [reloaded, setReloaded] = useState<{ key: string; round: number } | null>(null);
  useLayoutEffect(() => {
    fetcherRef.current = fetcher;
  });

  const ask = useCallback((key: string, reload: boolean) => {
    const mine = ++roundRef.current;
    const current = () => roundRef.current === mine;
    fetcherRef.current({ reload }).then(
      (value) => {
        if (current()) setAnswer({ key, round: mine, value, error: null });
      },
      (err: unknown) => {
        if (!current()) return;
        const error = asAppError(err);
        setAnswer((prev) => ({ key, round: mine, value: prev?.key === key ? prev.value : null, error }));
      },
    );
    return mine;
  }, []);

  useEffect(() => {
    if (key === null) return;
    const mine = ask(key, false);
    return () => {
      // Unmounted or moved on to another key: whatever is on its way is stale.
      if (roundRef.current === mine) roundRef.current += 1;
    };
  }, [key, ask]);

  // Asked from an event handler, so the request starts at once.
  const reload = useCallback(() => {
    if (key !== null) setReloaded({ key, round: ask(key, true) });
  }, [key, ask]);
  const set = useCallback(
    (value: T) => {
      if (key !== null) setAnswer({ key, round: ++roundRef.current, value, error: null });
    },
    [key],
  );

  const mine = answer !== null && answer.key === key ? answer : null;
  const awaitingReload = reloaded !== null && reloaded.key === key && (mine === null || mine.round < reloaded.round);
  return {
    value: mine?.value ?? null,
    error: mine?.error ?? null,
    loading: key !== null && (mine === null || awaitingReload),
    reload,
    set,
  };
}
