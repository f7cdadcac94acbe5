#!/usr/bin/env python3
"""Figure 5, continued: requests/s of the hello guest with mik's event store (an external throw-away PostgreSQL,
`[database] url`) running and stopped, in alternating rounds, with mik's CPU per request; wrk on loopback. While the
store is down a module is deployed, so its audit events go to the spool; afterwards they must be in PostgreSQL.
bench/outage.sh runs this script with its own durations and prints the figure."""
import json
import os
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in bench/lib from a run
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import MIK, REPO, Figure, Mik, http_get, parse_args, wait_until  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402
from loadgen import wrk, wrk_measure  # noqa: E402


def extra(p):
    p.add_argument("--duration", type=int, help="seconds per measurement (default 10, quick 3)")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--warmup", type=int, help="seconds of load before the first round (default 20, quick 3)")
    p.add_argument("--rounds", type=int, help="running/stopped pairs (default 3, quick 2)")


args = parse_args("outage", extra)
duration = args.duration or (3 if args.quick else 10)
warmup = args.warmup or (3 if args.quick else 20)
rounds = args.rounds or (2 if args.quick else 3)
conns = args.connections
fig = Figure(5, "outage", "Requests/s with the event store stopped", args,
             params={"duration_s": duration, "connections": conns, "warmup_s": warmup, "rounds": rounds})
hello = os.path.join(REPO, "examples", "modules", "hello.wasm")

if not os.path.exists(MIK):
    subprocess.run(["dotnet", "publish", "src/Api", "-c", "Release", "-o", os.path.dirname(MIK), "--nologo", "-v", "quiet"],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)

with BenchPostgres() as pg, Mik(modules=[hello], server_extra="max_concurrent_requests = 64",
                                toml=f'[database]\nurl = "{pg.url}"\n') as mik:
    def store_is(state):
        def check():
            status, body = http_get(mik.base + "/health", timeout=2)
            try:
                return status in (200, 503) and json.loads(body).get("event_store") == state
            except ValueError:
                return False
        wait_until(check, timeout=60, interval=0.2)

    def measure():
        """(req/s, mik CPU µs per request) of one wrk run; one wrk thread takes one core, mik the other."""
        got = wrk_measure(mik.base + "/run/hello/", mik.pid, conns, duration)
        return got["rate"], got["cpu_us_per_request"]

    mik.start()
    store_is("ok")
    wrk(mik.base + "/run/hello/", conns, warmup)
    running, stopped = [], []
    for r in range(rounds):
        running.append(measure())
        pg.pause()
        store_is("degraded")
        if r == 0:
            # Deployed while the store is down: ModuleDeployed and AotCompiled go to the spool.
            shutil.copy(hello, os.path.join(mik.modules_dir, "deployed_while_down.wasm"))
        stopped.append(measure())
        pg.resume()
        store_is("ok")
        print(f"round {r + 1}: running {running[-1][0]:.0f} req/s {running[-1][1]:.0f} µs, "
              f"stopped {stopped[-1][0]:.0f} req/s {stopped[-1][1]:.0f} µs", file=sys.stderr)

    query = ("select count(*) from mik.mt_events where stream_id in "
             "('module:deployed_while_down', 'cache:deployed_while_down')")
    replayed = 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        replayed = int(pg.sql(query) or 0)
        if replayed >= 2:
            break
        time.sleep(1)

fig.metric("req/s, store running", "req/s", [x[0] for x in running], baseline=True, digits=0)
fig.metric("req/s, store stopped", "req/s", [x[0] for x in stopped], digits=0)
fig.metric("mik CPU per request, store running", "µs", [x[1] for x in running], baseline=True)
fig.metric("mik CPU per request, store stopped", "µs", [x[1] for x in stopped])
fig.ratio("stopped / running, req/s", "req/s, store stopped", "req/s, store running", target=(">=", 0.90))
fig.ratio("stopped / running, CPU per request", "mik CPU per request, store stopped", "mik CPU per request, store running")
fig.note(f"hello guest, wrk -t1 -c{conns}, {duration} s per measurement after {warmup} s of warm-up; each round "
         f"measures with PostgreSQL running, stops it (mik's /health says event_store degraded), measures, starts it again.")
fig.note(f"A module deployed while the store was stopped (first round): {replayed} audit events on its module: and "
         f"cache: streams were in PostgreSQL afterwards, replayed from the spool"
         + (" (at least ModuleDeployed and AotCompiled expected)." if replayed >= 2
            else " -- fewer than the 2 expected (ModuleDeployed, AotCompiled) within 30 s."))
fig.write()
