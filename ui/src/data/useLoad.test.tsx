// useLoad's own promises, apart from any screen.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useLoad, type FetchContext } from "./useLoad";
import { deferred, settle, type Deferred } from "../testing/deferred";

afterEach(cleanup);

function Probe(props: { itemKey: string | null; fetcher: (c: FetchContext) => Promise<string> }) {
  const load = useLoad(props.itemKey, props.fetcher);
  return (
    <div>
      <span data-testid="value">{load.value ?? "-"}</span>
      <span data-testid="state">{load.loading ? "loading" : load.error ? `error:${load.error.message}` : "idle"}</span>
      <button onClick={load.reload}>reload</button>
      <button onClick={() => load.set("saved")}>set</button>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe("useLoad", () => {
  it("keeps the value while reloading, tells the fetcher it is a reload, and lets only the latest answer land", async () => {
    const answers: Deferred<string>[] = [];
    const contexts: FetchContext[] = [];
    const fetcher = (c: FetchContext) => {
      contexts.push(c);
      const d = deferred<string>();
      answers.push(d);
      return d.promise;
    };
    render(<Probe itemKey="a" fetcher={fetcher} />);
    await waitFor(() => expect(answers).toHaveLength(1));
    answers[0].resolve("first");
    await waitFor(() => expect(text("value")).toBe("first"));

    fireEvent.click(screen.getByText("reload"));
    fireEvent.click(screen.getByText("reload"));
    expect(contexts.map((c) => c.reload)).toEqual([false, true, true]);
    expect(text("state")).toBe("loading");
    expect(text("value")).toBe("first");
    answers[2].resolve("third");
    answers[1].resolve("second, overtaken");
    await settle();
    expect(text("value")).toBe("third");
    expect(text("state")).toBe("idle");
  });

  it("drops an answer still on its way when the user's own action sets the value", async () => {
    const answer = deferred<string>();
    render(<Probe itemKey="a" fetcher={() => answer.promise} />);
    fireEvent.click(screen.getByText("set"));
    answer.resolve("late");
    await settle();
    expect(text("value")).toBe("saved");
  });

  it("shows nothing of the previous key, and keeps the value when a reload fails", async () => {
    let fail = false;
    const fetcher = (key: string) => () => (fail ? Promise.reject({ code: "network", message: "offline" }) : Promise.resolve(key));
    const { rerender } = render(<Probe itemKey="a" fetcher={fetcher("a")} />);
    await waitFor(() => expect(text("value")).toBe("a"));
    rerender(<Probe itemKey="b" fetcher={fetcher("b")} />);
    expect(text("value")).toBe("-");
    await waitFor(() => expect(text("value")).toBe("b"));
    fail = true;
    fireEvent.click(screen.getByText("reload"));
    await waitFor(() => expect(text("state")).toBe("error:offline"));
    expect(text("value")).toBe("b");
  });
});
