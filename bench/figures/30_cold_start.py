#!/usr/bin/env python3
"""Figure 3: the first request to a ~1 MB module (tests/guests/wasm/big.wasm, ~1 MB of code in 3100 functions)
with no AOT artifact (it compiles), with a warm AOT artifact after a restart, and in the memory tier.

mik loads every module at start-up and on deploy, before it serves it, so a request meets a module outside the
memory tier only when the tier has dropped it. Each round therefore runs a fresh mik (fresh state dir) with
`cache_size = 1` and a second module, hello: a request to hello evicts big, and the next request to big loads it
on the request path. (a) big's artifact is deleted first, so that request compiles; (b) after a restart (artifact
on disk) it loads from the artifact; (c) the request after it finds big in the memory tier. Method and causes:
docs/benchmarks.md, "3. Cold start".
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, TICKS, Figure, Mik, cpu_ticks, parse_args  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402
from startup import lines_for, timed_get  # noqa: E402

BIG = os.path.join(REPO, "tests", "guests", "wasm", "big.wasm")
HELLO = os.path.join(REPO, "tests", "guests", "wasm", "hello.wasm")
BIG_PATH = "/run/big?fn=1"  # one of its 3100 functions: the run itself is short, the load is what is timed


def first_request(mik, want_tier):
    """Evicts big (a request to hello), then requests big: (client ms, mik's duration_ms, mik's compile_ms, mik's CPU ms)."""
    status, _, _, _ = timed_get(mik, "/run/hello/")
    if status != 200:
        raise RuntimeError(f"hello answered {status}")
    return request_big(mik, want_tier)


def request_big(mik, want_tier):
    cpu = cpu_ticks(mik.pid)
    status, body, ms, trace = timed_get(mik, BIG_PATH)
    cpu_ms = (cpu_ticks(mik.pid) - cpu) * 1000 / TICKS
    if status != 200 or not body.startswith(b"big: fn=1"):
        raise RuntimeError(f"big answered {status} {body[:80]!r}")
    loads = lines_for(mik, trace, "module_loaded")
    tier = loads[0]["tier"] if loads else "memory"
    if tier != want_tier:
        raise RuntimeError(f"big was served from tier {tier}, not {want_tier}: the figure would time something else")
    completed = lines_for(mik, trace, "request_completed")[0]
    return ms, float(completed["duration_ms"]), float(loads[0]["compile_ms"]) if loads else 0.0, cpu_ms


def round_once(pg, number):
    rows = {}
    with Mik(modules=[BIG, HELLO], server_extra="cache_size = 1\n", toml=f'[database]\nurl = "{pg.url}"\nschema = "cold{number}"\n') as mik:
        mik.start(timeout=900)
        os.remove(os.path.join(mik.modules_dir, "big.wasm.aot"))
        rows["a"] = first_request(mik, "compiled")
        rows["artifact_bytes"] = os.path.getsize(os.path.join(mik.modules_dir, "big.wasm.aot"))
        mik.stop()
        mik.start(timeout=900)
        rows["b"] = first_request(mik, "aot")
        rows["c"] = request_big(mik, "memory")
    return rows


def main():
    args = parse_args("cold_start")
    rounds = 2 if args.quick else 8
    fig = Figure(3, "cold_start", "Cold start of a 1 MB module", args,
                 params={"module": "tests/guests/wasm/big.wasm", "module_bytes": os.path.getsize(BIG),
                         "request": BIG_PATH, "cache_size": 1, "rounds": rounds})
    pg = BenchPostgres(fast=True)
    results = []
    try:
        for number in range(rounds):
            results.append(round_once(pg, number))
            print(f"  round {number + 1}/{rounds}: " + ", ".join(
                f"{k} {results[-1][k][0]:.1f} ms" for k in ("a", "b", "c")), flush=True)
    finally:
        pg.stop()

    col = lambda key, i: [r[key][i] for r in results]  # noqa: E731
    fig.metric("first request, no artifact (compiles)", "ms", col("a", 0))
    fig.metric("first request, warm AOT artifact", "ms", col("b", 0))
    fig.metric("request, module in the memory tier", "ms", col("c", 0), baseline=True, digits=2)
    fig.metric("mik's duration_ms, no artifact", "ms", col("a", 1))
    fig.metric("mik's duration_ms, warm AOT artifact", "ms", col("b", 1))
    fig.metric("mik's duration_ms, memory tier", "ms", col("c", 1), baseline=True, digits=2)
    fig.metric("of which compiling (mik's compile_ms)", "ms", col("a", 2))
    fig.metric("mik's CPU for the request, no artifact", "ms", col("a", 3), digits=0)
    fig.metric("mik's CPU for the request, warm AOT artifact", "ms", col("b", 3), digits=0)
    fig.ratio("no artifact / warm artifact", "first request, no artifact (compiles)",
              "first request, warm AOT artifact", target=(">=", 50), digits=1)
    fig.ratio("warm artifact / memory tier", "first request, warm AOT artifact",
              "request, module in the memory tier", digits=1)
    fig.doc["params"]["artifact_bytes"] = results[0]["artifact_bytes"]
    fig.note("Client-side times include a fresh loopback request (connection made before the clock starts); "
             "mik's duration_ms is its own request_completed figure for the same request.")
    fig.note(f"CPU is mik's user + system time across the request, in clock ticks of {1000 / TICKS:.0f} ms: "
             "above the wall-clock time when the compilation runs on more than one core.")
    fig.note("The first request is forced onto the request path: cache_size = 1 and a request to hello evict big "
             "first, since mik otherwise loads every module before it serves it (at start-up and on deploy).")
    fig.write()


if __name__ == "__main__":
    main()
