// Keyboard users lose their place when the control they used goes away (a
// button that turns into a confirmation, a screen that replaces another):
// the focus falls back to the top of the page. These put it where the user
// now has to look. Preact's `autoFocus` only sets the HTML attribute, which a
// browser honours once per page at most, so the focus is moved by hand.
import { useEffect, useRef } from "preact/hooks";

/** A ref whose element takes the focus when it first appears. */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
