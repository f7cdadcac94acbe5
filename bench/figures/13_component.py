"""Figure 1, continued: the hello handler as a wasi:http component next to the WAGI hello, in the same mik.

Closed loop (wrk) at 32 connections, the two URLs alternating round by round after a warm-up; the baseline is
the WAGI hello. Target: a component request costs at most 2x a WAGI request's CPU (docs/components.md, Cost).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, Mik, parse_args  # noqa: E402
from loadgen import wrk, wrk_measure  # noqa: E402

args = parse_args("component")
rounds, secs, warmup, conns = (2, 2, 2, 32) if args.quick else (5, 8, 10, 32)
fig = Figure(1, "component", "Hello as a wasi:http component against the WAGI hello", args,
             params={"connections": conns, "seconds per round": secs, "rounds": rounds, "warm-up s": warmup})
guests = {"WAGI hello": os.path.join(REPO, "examples", "modules", "hello.wasm"),
          "hello component": os.path.join(REPO, "tests", "guests", "components", "hello-http.wasm")}
urls = {"WAGI hello": "/run/hello/", "hello component": "/run/hello-http/"}
with Mik(modules=guests.values(), server_extra="max_concurrent_requests = 64\n") as mik:
    mik.start()
    for name in urls:
        wrk(mik.base + urls[name], conns, warmup)
    got = {name: [] for name in urls}
    errors = 0
    for r in range(rounds):
        order = list(urls) if r % 2 == 0 else list(reversed(urls))
        for name in order:
            res = wrk_measure(mik.base + urls[name], mik.pid, conns, secs)
            got[name].append(res)
            errors += res["errors"]
    for name in urls:
        base = name == "WAGI hello"
        fig.metric(f"{name}: requests/s", "req/s", [g["rate"] for g in got[name]], baseline=base, digits=0)
        fig.metric(f"{name}: CPU per request", "µs", [g["cpu_us_per_request"] for g in got[name]], baseline=base)
    fig.ratio("CPU per request, component / WAGI", "hello component: CPU per request", "WAGI hello: CPU per request",
              target=("<=", 2.0))
    fig.ratio("requests/s, component / WAGI", "hello component: requests/s", "WAGI hello: requests/s")
    fig.note(f"Socket errors and non-2xx answers during the measured rounds: {errors}.")
fig.write()
