#!/usr/bin/env python3
"""Start-up and idle memory of Latchkey beside a bare Tauri window.

    startup.py <latchkey binary> <baseline binary>

Runs inside `dbus-run-session` (see scripts/bench): starts its own Xvfb and an
unlocked throwaway gnome-keyring, then launches the two binaries in turn
(app, baseline, app, baseline, ...) RUNS times each, every launch with fresh
XDG directories, so a slow moment of this shared machine hits both alike.
Prints a side-by-side table of medians and the ratios; it never passes or
fails on them.

"First render" is each binary's `ui ready` line on stderr: the app's UI
sends its first request right after its first render, and the bare window's
page does the same after its first frame. Memory is summed over the whole
process tree (the app and its WebKit web and network processes) from each
process's `/proc/<pid>/smaps_rollup`, IDLE_SECONDS after launch.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = max(5, int(os.environ.get("BENCH_RUNS", "5")))
IDLE_SECONDS = 5.0
TARGET_RATIO = 1.15  # issue 15: start and idle private memory within 1.15x


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


def process_tree(root_pid):
    """The pid and all its descendants' pids."""
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(pid))
    tree, stack = [], [root_pid]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, []))
    return tree


def tree_memory_kib(root_pid):
    """{rss, pss, private} in KiB, summed over the process tree.

    RSS counts shared libraries once per process; PSS splits each shared page
    among the processes mapping it; private is what only this tree uses (what
    closing the app would give back)."""
    total = {"rss": 0, "pss": 0, "private": 0}
    for pid in process_tree(root_pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                fields = dict(
                    (line.split(":")[0], int(line.split()[1]))
                    for line in f
                    if line.split(":")[0] in ("Rss", "Pss", "Private_Clean", "Private_Dirty")
                )
        except (OSError, ValueError, IndexError):
            continue  # it exited meanwhile
        total["rss"] += fields.get("Rss", 0)
        total["pss"] += fields.get("Pss", 0)
        total["private"] += fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return total


def one_run(binary, root, tag):
    home = os.path.join(root, tag)
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
    memory = None
    if ready is not None:
        time.sleep(max(0.0, IDLE_SECONDS - (time.monotonic() - started)))
        memory = tree_memory_kib(app.pid)
    app.terminate()
    try:
        app.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.kill()
    if ready is None:
        sys.exit(f"{tag}: {binary} never reported `ui ready`")
    return ready * 1000, memory


def row(label, app, base, unit, fmt="{:.0f}", target=None):
    ratio = app / base if base else float("nan")
    mark = ""
    if target is not None:
        mark = f"  (target <= {target:.2f}x: {'met' if ratio <= target else 'missed'})"
    print(f"  {label:<32}{fmt.format(app):>10} {unit:<4}{fmt.format(base):>10} {unit:<4}{ratio:>7.2f}x{mark}")


def main():
    app_bin, base_bin = sys.argv[1], sys.argv[2]
    samples = {"app": [], "base": []}
    with tempfile.TemporaryDirectory(prefix="latchkey-bench-") as root:
        xvfb = start_display()
        try:
            start_keyring(root)
            for i in range(RUNS):
                for key, binary in (("app", app_bin), ("base", base_bin)):
                    ready, memory = one_run(binary, root, f"{key}-{i}")
                    samples[key].append((ready, memory))
                    print(
                        f"  run {i + 1} {'Latchkey  ' if key == 'app' else 'bare Tauri'}: first render "
                        f"{ready:.0f} ms; idle RSS {memory['rss'] / 1024:.0f} MiB, PSS "
                        f"{memory['pss'] / 1024:.0f} MiB, private {memory['private'] / 1024:.0f} MiB"
                    )
        finally:
            xvfb.terminate()

    def median(key, pick):
        return statistics.median(pick(s) for s in samples[key])

    print(f"\n  {'median of ' + str(RUNS) + ', alternating':<32}{'Latchkey':>15}{'bare Tauri':>15}{'ratio':>8}")
    mib = 1048576
    row("binary size", os.path.getsize(app_bin) / mib, os.path.getsize(base_bin) / mib, "MiB", "{:.1f}")
    row(
        "launch to first render",
        median("app", lambda s: s[0]),
        median("base", lambda s: s[0]),
        "ms",
        target=TARGET_RATIO,
    )
    for kind in ("rss", "pss", "private"):
        row(
            f"idle {kind if kind == 'private' else kind.upper()} (tree, {IDLE_SECONDS:.0f} s)",
            median("app", lambda s: s[1][kind]) / 1024,
            median("base", lambda s: s[1][kind]) / 1024,
            "MiB",
            target=TARGET_RATIO if kind == "private" else None,
        )


if __name__ == "__main__":
    main()
