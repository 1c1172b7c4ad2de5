// Sending what the user asked for, with the same care as useLoad: an answer
// is applied only if the screen that asked is still the one shown, that is
// the component is still mounted and its key (the project, the connection the
// action is about) has not changed while the request was on its way.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";

export type Submit = {
  /** What is being sent (the label given to `run`), or null. */
  pending: string | null;
  /** Why the latest submission failed. */
  error: AppError | null;
  /**
   * Sends `action`; `then` receives its answer only while it is still
   * current, and a failure lands in `error`. Resolves once it has settled.
   */
  run<T>(label: string, action: () => Promise<T>, then?: (value: T) => void): Promise<void>;
  clearError(): void;
};

type Filed<T> = { key: string; value: T };

/** `key` names what the submissions are about; "" when the component is about one thing only. */
export function useSubmit(key = ""): Submit {
  const [pending, setPending] = useState<Filed<string> | null>(null);
  const [failure, setFailure] = useState<Filed<AppError> | null>(null);
  const inFlightRef = useRef(0);
  const keyRef = useRef(key);
  const mountedRef = useRef(true);
  useLayoutEffect(() => {
    keyRef.current = key;
  });
  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
    };
  }, []);

  const run = useCallback(
    async <T,>(label: string, action: () => Promise<T>, then?: (value: T) => void) => {
      const current = () => mountedRef.current && keyRef.current === key;
      inFlightRef.current += 1;
      setPending({ key, value: label });
      setFailure(null);
      try {
        const value = await action();
        if (current()) then?.(value);
      } catch (err) {
        if (current()) setFailure({ key, value: asAppError(err) });
      } finally {
        inFlightRef.current -= 1;
        if (mountedRef.current && inFlightRef.current === 0) setPending(null);
      }
    },
    [key],
  );
  const clearError = useCallback(() => setFailure(null), []);

  return {
    pending: pending?.key === key ? pending.value : null,
    error: failure?.key === key ? failure.value : null,
    run,
    clearError,
  };
}
