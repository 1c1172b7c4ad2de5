#!/usr/bin/env python3
"""`lk projects` against other clients doing the same work, as whole
processes, in one run (issue 12's benchmark). Prints figures; never fails on
them.

Runs inside `dbus-run-session` (see scripts/bench), with a throwaway unlocked
gnome-keyring, fresh XDG directories, and the sandbox generating 20
organizations of 2,000 projects each, its rate limit lifted:

- Supabase: `lk projects --provider supabase` (20 connections from one
  personal token, each listed page by page, all at once) against Node running
  supabase-community's supabase-management-js over the same pages
  (bench/list-projects.mjs js), and the floor: the same requests, plain fetch,
  at lk's concurrency (bench/list-projects.mjs raw; its time inside the
  process, and the whole process's).
- Neon: `lk projects --provider neon` against neonctl doing the same:
  `neonctl orgs list`, then `neonctl projects list --org-id` for each.

Runs alternate between the clients so the machine's swings hit all alike.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import start_keyring  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The sandbox's seeded demo credentials (docs/sandbox.md); not real secrets.
SUPABASE_TOKEN = "sbp_0d3e5a7c9b1f2e4d6c8a0b2d4f6e8a1c3e5b7d9f"
NEON_KEY = "neon_sandbox_apikey_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071"


def timed(args, env, stdin=None):
    started = time.monotonic()
    out = subprocess.run(args, env=env, input=stdin, capture_output=True, text=True)
    took = time.monotonic() - started
    if out.returncode != 0:
        sys.exit(f"{args[0]} failed ({out.returncode}): {out.stderr.strip()}")
    return took, out.stdout


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def main():
    lk, sandbox_bin = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="latchkey-bench-cli-") as root:
        start_keyring(root)
        sandbox = subprocess.Popen(
            [sandbox_bin, "--port", "0", "--generate", "20x2000", "--rate-limit", "100000000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            base = sandbox.stdout.readline().split(" ")[0]
            env = dict(os.environ)
            for name in ("home", "data", "config"):
                os.makedirs(os.path.join(root, name), exist_ok=True)
            env.update(
                HOME=os.path.join(root, "home"),
                XDG_DATA_HOME=os.path.join(root, "data"),
                XDG_CONFIG_HOME=os.path.join(root, "config"),
                LATCHKEY_SUPABASE_API_URL=base,
                LATCHKEY_NEON_API_URL=f"{base}/neon",
            )
            timed([lk, "connect", "supabase", "--token"], env, SUPABASE_TOKEN + "\n")
            timed([lk, "connect", "neon", "--token"], env, NEON_KEY + "\n")

            node_script = os.path.join(ROOT, "bench", "list-projects.mjs")
            neonctl = os.path.join(ROOT, "node_modules", ".bin", "neonctl")
            neon_config = os.path.join(root, "neonctl")
            os.makedirs(neon_config, exist_ok=True)
            times = {k: [] for k in ("lk", "js", "raw", "raw_inside", "lk_neon", "neonctl")}
            counts = {}
            for _ in range(RUNS):
                took, out = timed([lk, "projects", "--provider", "supabase", "--json"], env)
                times["lk"].append(took)
                counts["lk"] = len(json.loads(out)["projects"])
                for mode in ("js", "raw"):
                    took, out = timed(["node", node_script, mode, base, SUPABASE_TOKEN], env)
                    result = json.loads(out)
                    times[mode].append(took)
                    counts[mode] = result["projects"]
                    counts[f"{mode}_requests"] = result["requests"]
                    if mode == "raw":
                        times["raw_inside"].append(result["ms"] / 1000)
                took, out = timed([lk, "projects", "--provider", "neon", "--json"], env)
                times["lk_neon"].append(took)
                counts["lk_neon"] = len(json.loads(out)["projects"])
                # neonctl lists one organization per call, as its users do:
                # the organizations, then each one's projects.
                def neon(*args):
                    return timed(
                        [neonctl, *args, "--api-host", f"{base}/neon/api/v2", "--api-key", NEON_KEY,
                         "--output", "json", "--no-analytics", "--config-dir", neon_config],
                        env,
                    )
                took, out = neon("orgs", "list")
                total, listed = took, 0
                for org in json.loads(out):
                    took, out = neon("projects", "list", "--org-id", org["id"])
                    total += took
                    listed += len(json.loads(out))
                times["neonctl"].append(total)
                counts["neonctl"] = listed
        finally:
            sandbox.terminate()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"Supabase, 20 organizations x 2,000 projects ({counts['lk']} listed; median of {RUNS}, whole processes):")
    print(f"  lk projects                       {ms(med['lk']):>9}")
    print(f"  supabase-management-js (Node)     {ms(med['js']):>9}   {med['js'] / med['lk']:.2f}x lk's time (target: at least 2x)")
    print(f"  floor: {counts['raw_requests']} requests, plain fetch at lk's concurrency")
    print(f"     as a whole Node process        {ms(med['raw']):>9}   lk is {med['lk'] / med['raw']:.2f}x of it")
    print(f"     inside the process             {ms(med['raw_inside']):>9}   lk is {med['lk'] / med['raw_inside']:.2f}x of it")
    if not counts["lk"] == counts["js"] == counts["raw"]:
        print(f"  note: the clients listed different counts: {counts}")
    print(f"Neon emulator (median of {RUNS}, whole processes):")
    print(f"  lk projects --provider neon       {ms(med['lk_neon']):>9}   ({counts['lk_neon']} projects, every organization)")
    print(f"  neonctl orgs list + projects list {ms(med['neonctl']):>9}   {med['neonctl'] / med['lk_neon']:.2f}x lk's time ({counts['neonctl']} projects, one process per organization)")


if __name__ == "__main__":
    main()
