import { render } from "preact";
import { App } from "./App";
import { backend } from "./ipc";
import "./styles.css";

render(<App backend={backend} />, document.getElementById("app")!);
