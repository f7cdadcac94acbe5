#!/usr/bin/env python3
"""Figure 4: restart to ready with 50 modules (hello, 50 times with a custom section of its own, so 50 modules and
50 AOT artifacts), artifacts warm (state dir and artifacts kept) and cold (artifacts deleted), next to the same
mik with no modules; the embedded PostgreSQL (mik's default) is started each time and its start, from mik's own
`embedded_postgres_started` line (`duration_ms`), is reported apart. Rounds rotate the three cases.
Method and causes: docs/benchmarks.md, "4. Restart to ready".
"""
import glob
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, TICKS, Figure, Mik, cpu_ticks, http_get, parse_args, wait_until  # noqa: E402
from startup import log_from, variants  # noqa: E402

HELLO = os.path.join(REPO, "tests", "guests", "wasm", "hello.wasm")
MODULES = 50
CASES = ("warm", "cold", "empty")


def restart(mik, names):
    """One start of a stopped mik: seconds from exec to /health 200 and to the first answer of every module,
    mik's CPU seconds until ready, and the embedded PostgreSQL's start in seconds (from mik's log)."""
    offset = os.path.getsize(mik.log_path) if os.path.exists(mik.log_path) else 0
    t0 = time.monotonic()
    mik.start(wait=False)

    def ready():
        if mik.proc.poll() is not None:
            raise RuntimeError(f"mik exited with {mik.proc.returncode}; see {mik.log_path}")
        return http_get(mik.base + "/health", timeout=5)[0] == 200
    wait_until(ready, timeout=300, interval=0.002)
    ready_s = time.monotonic() - t0
    cpu_s = cpu_ticks(mik.pid) / TICKS
    for name in names:
        status, body = http_get(f"{mik.base}/run/{name}/", timeout=60)
        if status != 200 or b"Hello" not in body:
            raise RuntimeError(f"{name} answered {status} {body[:80]!r}")
    answered_s = time.monotonic() - t0
    mik.stop()
    lines = log_from(mik.log_path, offset)
    started = [l for l in lines if l.get("message") == "embedded_postgres_started"]
    if not started or "duration_ms" not in started[-1]:
        raise RuntimeError(f"no embedded_postgres_started line with duration_ms in {mik.log_path} (an older mik?)")
    loaded = [l for l in lines if l.get("message") == "module_loaded"]
    return {"ready": ready_s, "answered": answered_s, "cpu": cpu_s, "pg": float(started[-1]["duration_ms"]) / 1000,
            "tiers": sorted({l["tier"] for l in loaded})}


def main():
    args = parse_args("restart")
    rounds = 1 if args.quick else 8
    fig = Figure(4, "restart", "Restart to ready with 50 modules", args,
                 params={"modules": MODULES, "module": "tests/guests/wasm/hello.wasm (a custom section each)",
                         "database": "embedded", "rounds": rounds})
    full = Mik()
    empty = Mik()
    try:
        names = variants(HELLO, MODULES, full.modules_dir, "h")
        # First starts make the embedded clusters (initdb) and the artifacts; they are not measured.
        restart(full, names)
        restart(empty, [])
        results = {case: [] for case in CASES}
        for number in range(rounds):
            order = CASES[number % 3:] + CASES[:number % 3]
            for case in order:
                if case == "cold":
                    for aot in glob.glob(os.path.join(full.modules_dir, "*.wasm.aot")):
                        os.remove(aot)
                r = restart(empty if case == "empty" else full, [] if case == "empty" else names)
                want = {"warm": ["aot"], "cold": ["compiled"], "empty": []}[case]
                if r["tiers"] != want:
                    raise RuntimeError(f"{case} start loaded modules from tiers {r['tiers']}, not {want}")
                results[case].append(r)
            print(f"  round {number + 1}/{rounds}: " + ", ".join(
                f"{c} ready {results[c][-1]['ready']:.2f} s (PostgreSQL {results[c][-1]['pg']:.2f} s)" for c in CASES),
                flush=True)
    finally:
        full.cleanup()
        empty.cleanup()

    col = lambda case, key: [r[key] for r in results[case]]  # noqa: E731
    mine = lambda case: [r["ready"] - r["pg"] for r in results[case]]  # noqa: E731
    fig.metric("exec to ready, 50 warm artifacts", "s", col("warm", "ready"), digits=2)
    fig.metric("exec to ready, 50 modules, no artifacts", "s", col("cold", "ready"), digits=2)
    fig.metric("exec to ready, no modules", "s", col("empty", "ready"), baseline=True, digits=2)
    fig.metric("embedded PostgreSQL's start (warm rounds)", "s", col("warm", "pg"), digits=2)
    fig.metric("mik's part of ready, 50 warm artifacts", "s", mine("warm"), target=("<", 1.0), digits=2)
    fig.metric("mik's part of ready, 50 modules, no artifacts", "s", mine("cold"), digits=2)
    fig.metric("mik's part of ready, no modules", "s", mine("empty"), baseline=True, digits=2)
    fig.metric("exec to every module answered, warm", "s", col("warm", "answered"), digits=2)
    fig.metric("exec to every module answered, no artifacts", "s", col("cold", "answered"), digits=2)
    fig.metric("mik's CPU until ready, 50 warm artifacts", "s", col("warm", "cpu"), digits=2)
    fig.metric("mik's CPU until ready, no modules", "s", col("empty", "cpu"), baseline=True, digits=2)
    fig.ratio("no artifacts / warm (mik's part)", "mik's part of ready, 50 modules, no artifacts",
              "mik's part of ready, 50 warm artifacts", digits=2)
    fig.ratio("50 warm modules / no modules (mik's part)", "mik's part of ready, 50 warm artifacts",
              "mik's part of ready, no modules", digits=2)
    fig.note("Ready is /health 200 (both listeners open, every module loaded). mik's part is that minus the "
             "embedded PostgreSQL's start as mik logs it (embedded_postgres_started duration_ms: pg_ctl start until "
             "PostgreSQL accepts connections); the target (< 1 s) applies to mik's part.")
    fig.note("Every module answered: after ready, one request to each of the 50 in turn.")
    fig.write()


if __name__ == "__main__":
    main()
