// The sign-in as a sequence of steps (after GitHub Desktop's sign-in store):
// each step carries what its screen needs, and every async result checks that
// the flow it belongs to is still the current one, so a cancelled or stale
// sign-in can never overwrite a newer one.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Backend } from "../ipc";
import { asAppError } from "../ipc";
import type { AppError } from "../bindings/AppError";
import type { ConnectionMeta } from "../bindings/ConnectionMeta";

export type ConnectStep =
  | { step: "idle" }
  | { step: "starting"; provider: string }
  | { step: "waiting"; provider: string; authorizeUrl: string; browserOpened: boolean }
  | { step: "needs-secret"; provider: string; account: string | null; error: AppError | null; saving: boolean }
  | { step: "failed"; provider: string; error: AppError };

/** A sign-in's lifetime in the backend (pending flows expire after 10 minutes). */
export const FLOW_TTL_MS = 10 * 60 * 1000;

export interface ConnectFlow {
  state: ConnectStep;
  start(provider: string, account?: string | null): Promise<void>;
  cancel(): Promise<void>;
  /** The address the browser ended on: the backend's refusal, or null once it took it. */
  paste(address: string): Promise<AppError | null>;
  saveSecret(secret: string): Promise<void>;
  dismiss(): void;
}

export function useConnectFlow(backend: Backend, onConnected: (c: ConnectionMeta) => void): ConnectFlow {
  const [state, setState] = useState<ConnectStep>({ step: "idle" });
  // Bumped whenever the flow moves on: an answer that finds another number
  // than the one it started with belongs to a flow that is gone.
  const generationRef = useRef(0);
  // The event listener is set up once, so it reads the state and the callback
  // through refs, brought up to date after each render.
  const currentRef = useRef(state);
  const connectedRef = useRef(onConnected);
  useLayoutEffect(() => {
    currentRef.current = state;
    connectedRef.current = onConnected;
  });

  // The backend drops an unanswered sign-in after 10 minutes and ignores a
  // late answer quietly, so the wait ends here too, with a word why.
  useEffect(() => {
    if (state.step !== "waiting") return;
    const mine = generationRef.current;
    const timer = setTimeout(() => {
      if (generationRef.current !== mine) return;
      generationRef.current += 1;
      setState({
        step: "failed",
        provider: state.provider,
        error: { code: "cancelled", message: "This sign-in expired after 10 minutes without an answer. Start it again." },
      });
    }, FLOW_TTL_MS);
    return () => clearTimeout(timer);
  }, [state]);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void backend
      .onConnectFinished((event) => {
        const now = currentRef.current;
        const ours = (now.step === "waiting" || now.step === "failed") && now.provider === event.provider;
        // A connection that was made is always shown, whatever this panel
        // says: the user must never see "failed" for a sign-in that worked.
        if (event.connection) {
          if (ours) {
            generationRef.current += 1;
            setState({ step: "idle" });
          }
          connectedRef.current(event.connection);
          return;
        }
        // Only the sign-in we are waiting for may fail the flow.
        if (now.step !== "waiting" || now.provider !== event.provider) return;
        generationRef.current += 1;
        if (event.error) {
          setState({ step: "failed", provider: event.provider, error: event.error });
        }
      })
      .then((unlisten) => (cancelled ? unlisten() : (stop = unlisten)));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [backend]);

  const start = async (provider: string, account: string | null = null) => {
    const mine = ++generationRef.current;
    setState({ step: "starting", provider });
    try {
      const started = await backend.connectStart(provider, account);
      if (generationRef.current !== mine) return;
      setState({
        step: "waiting",
        provider,
        authorizeUrl: started.authorize_url,
        browserOpened: started.browser_opened,
      });
    } catch (err) {
      if (generationRef.current !== mine) return;
      const error = asAppError(err);
      setState(
        error.code === "not_configured"
          ? { step: "needs-secret", provider, account, error: null, saving: false }
          : { step: "failed", provider, error },
      );
    }
  };

  const cancel = async () => {
    const now = currentRef.current;
    generationRef.current += 1;
    setState({ step: "idle" });
    if (now.step === "waiting" || now.step === "starting") {
      await backend.connectCancel(now.provider).catch(() => undefined);
    }
  };

  const paste = async (address: string): Promise<AppError | null> => {
    const now = currentRef.current;
    if (now.step !== "waiting") return null;
    try {
      await backend.connectPaste(now.provider, address);
      return null;
    } catch (err) {
      return asAppError(err);
    }
  };

  const saveSecret = async (secret: string) => {
    const now = currentRef.current;
    if (now.step !== "needs-secret") return;
    const mine = ++generationRef.current;
    setState({ ...now, saving: true, error: null });
    try {
      await backend.clientSecretSet(now.provider, secret);
      if (generationRef.current !== mine) return;
      await start(now.provider, now.account);
    } catch (err) {
      if (generationRef.current !== mine) return;
      setState({ ...now, saving: false, error: asAppError(err) });
    }
  };

  const dismiss = () => {
    generationRef.current += 1;
    setState({ step: "idle" });
  };

  return { state, start, cancel, paste, saveSecret, dismiss };
}
