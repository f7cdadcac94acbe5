"""Figure 4, continued: start-up and the first seconds under load, by the runtime's tier-1 call-counting delay.

mik.runtimeconfig.json sets `System.Runtime.TieredCompilation.CallCountingDelayMs` (docs/operations.md, Runtime
settings of the `mik` binary). This figure is the evidence for its value: the shipped setting against the runtime's
default (100 ms) and 0, in rotated rounds, each a fresh start of the same mik (external PostgreSQL, the hello guest):
seconds and CPU to ready, then req/s in consecutive windows of closed-loop load (wrk, 32 connections). The
environment (`DOTNET_TC_CallCountingDelayMs`) overrides the runtimeconfig, so one binary serves all three.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, TICKS, Figure, Mik, cpu_ticks, parse_args  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402
from loadgen import wrk  # noqa: E402

args = parse_args("warmup")
rounds, windows, window_s = (1, 2, 1) if args.quick else (4, 4, 2)
with open(os.path.join(REPO, "artifacts", "mik", "mik.runtimeconfig.json")) as f:
    shipped = json.load(f)["runtimeOptions"]["configProperties"].get(
        "System.Runtime.TieredCompilation.CallCountingDelayMs", 100)
delays = {f"delay {shipped} ms (as shipped)": str(shipped), "delay 100 ms (runtime default)": "100", "delay 0 ms": "0"}
if str(shipped) in ("100", "0"):
    delays = {f"delay {d} ms" + (" (as shipped)" if d == str(shipped) else ""): d for d in ("100", "0")}
fig = Figure(4, "warmup", "Start-up and warm-up by tier-1 delay", args,
             params={"rounds": rounds, "windows": windows, "window s": window_s, "connections": 32})
got = {name: {"ready": [], "cpu": [], **{w: [] for w in range(windows)}} for name in delays}
with BenchPostgres(fast=True) as pg, Mik(modules=[os.path.join(REPO, "examples", "modules", "hello.wasm")],
                                        toml=f'[database]\nurl = "{pg.url}"\n',
                                        server_extra="max_concurrent_requests = 64\n") as mik:
    mik.start()   # the first start creates the schema and the artifact; not measured
    mik.stop()
    base_env = mik.env
    names = list(delays)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            mik.env = {**base_env, "DOTNET_TC_CallCountingDelayMs": delays[name]}
            got[name]["ready"].append(mik.start())
            got[name]["cpu"].append((cpu_ticks(mik.pid)) * 1000 / TICKS)
            for w in range(windows):
                got[name][w].append(wrk(mik.base + "/run/hello/", 32, window_s)["rate"])
            mik.stop()
shipped_name = names[0] if "as shipped" in names[0] else next(n for n in names if "as shipped" in n)
for name in delays:
    base = name == shipped_name
    fig.metric(f"{name}: exec to ready", "s", got[name]["ready"], baseline=base, digits=2)
    fig.metric(f"{name}: CPU to ready", "ms", got[name]["cpu"], baseline=base, digits=0)
    for w in range(windows):
        fig.metric(f"{name}: req/s, seconds {w * window_s}–{(w + 1) * window_s} of load", "req/s", got[name][w],
                   baseline=base, digits=0)
for name in delays:
    if name != shipped_name:
        fig.ratio(f"CPU to ready, {name} / as shipped", f"{name}: CPU to ready", f"{shipped_name}: CPU to ready")
        fig.ratio(f"req/s in the first window, {name} / as shipped",
                  f"{name}: req/s, seconds 0–{window_s} of load", f"{shipped_name}: req/s, seconds 0–{window_s} of load")
fig.write()
