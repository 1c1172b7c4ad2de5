#!/usr/bin/env python3
"""Start-up figures for a Latchkey binary: time to window ready and idle memory.

Runs inside `dbus-run-session` (see scripts/bench): starts its own Xvfb and an
unlocked throwaway gnome-keyring, then launches the app RUNS times, each with
fresh XDG directories. Prints figures only; it never passes or fails on them.

"Ready" is the app's `ui ready` log line: the UI's first request to the
backend, sent right after its first render.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
IDLE_SECONDS = 5.0


def start_display():
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    os.environ["DISPLAY"] = ":" + xvfb.stdout.readline().strip()
    return xvfb


def start_keyring(root):
    os.environ["XDG_RUNTIME_DIR"] = os.path.join(root, "runtime")
    os.environ["XDG_DATA_HOME"] = os.path.join(root, "keyring-data")
    os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
    out = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input=b"bench",
        capture_output=True,
        check=True,
    ).stdout.decode()
    for line in out.splitlines():
        key, _, value = line.partition("=")
        if key:
            os.environ[key] = value


def tree_rss_kib(root_pid):
    """RSS of a process and all its descendants (the app + WebKit processes)."""
    children = {}
    rss = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss[int(pid)] = int(line.split()[1])
            children.setdefault(ppid, []).append(int(pid))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def one_run(binary, root, index, measure_memory):
    home = os.path.join(root, f"run-{index}")
    env = dict(os.environ)
    for name in ("data", "config", "cache"):
        os.makedirs(os.path.join(home, name), exist_ok=True)
    env.update(
        XDG_DATA_HOME=os.path.join(home, "data"),
        XDG_CONFIG_HOME=os.path.join(home, "config"),
        XDG_CACHE_HOME=os.path.join(home, "cache"),
        NO_AT_BRIDGE="1",
        WEBKIT_DISABLE_DMABUF_RENDERER="1",
        RUST_LOG="info",
    )
    started = time.monotonic()
    app = subprocess.Popen([binary], env=env, stderr=subprocess.PIPE, text=True)
    ready = None
    for line in app.stderr:
        if "ui ready" in line:
            ready = time.monotonic() - started
            break
    rss = None
    if ready is not None and measure_memory:
        time.sleep(max(0.0, IDLE_SECONDS - (time.monotonic() - started)))
        rss = tree_rss_kib(app.pid)
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
    if ready is None:
        sys.exit(f"run {index}: the app never reported `ui ready`")
    return ready, rss


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="latchkey-bench-") as root:
        xvfb = start_display()
        try:
            start_keyring(root)
            readies, rsses = [], []
            for i in range(RUNS):
                ready, rss = one_run(binary, root, i, measure_memory=True)
                readies.append(ready)
                if rss:
                    rsses.append(rss)
                print(f"  run {i + 1}: ready in {ready * 1000:.0f} ms, idle RSS {rss / 1024:.0f} MiB")
        finally:
            xvfb.terminate()
    print(
        f"start to window ready: median {statistics.median(readies) * 1000:.0f} ms "
        f"(min {min(readies) * 1000:.0f}, max {max(readies) * 1000:.0f}, {RUNS} runs; "
        f"the first run is the coldest)"
    )
    print(f"idle RSS of the process tree {IDLE_SECONDS:.0f} s after start: median {statistics.median(rsses) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
