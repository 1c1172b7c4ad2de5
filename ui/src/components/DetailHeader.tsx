import type { ComponentChildren } from "preact";
import { useFocusOnMount } from "./focus";

/**
 * The top of a project's screen: the way back to the list, the title (which
 * takes the keyboard focus when the screen opens, so the user is not sent
 * back to the top of the page) and the screen's actions.
 */
export function DetailHeader(props: { back: string; title: string; onBack: () => void; children?: ComponentChildren }) {
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <header class="projects-header">
      <div>
        <button class="link" onClick={props.onBack} data-testid="back-to-projects">
          ← {props.back}
        </button>
        <h1 id="project-title" data-testid="project-name" tabIndex={-1} ref={titleRef}>
          {props.title}
        </h1>
      </div>
      {props.children}
    </header>
  );
}
