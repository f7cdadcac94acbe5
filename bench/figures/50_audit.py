#!/usr/bin/env python3
"""Figure 5: audit events per second of the real writer (AuditQueue -> AuditWriter -> Marten, bench/AuditBench) into
a throw-away PostgreSQL with its defaults (fsync on), against the baseline of the same run: the same events through
Marten's own batched appends (one session and commit per batch), no queue, writer or spool. Rounds alternate."""
import os
import subprocess
import sys
import tempfile
import shutil

sys.dont_write_bytecode = True  # no __pycache__ in bench/lib from a run
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, parse_args  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402

args = parse_args("audit")
rounds = 2 if args.quick else 5
events = 20_000 if args.quick else 100_000
fig = Figure(5, "audit", "Audit events per second", args,
             params={"events_per_round": events, "rounds": rounds, "fsync": "on (PostgreSQL defaults)"})

build = tempfile.mkdtemp(prefix="mik-bench-auditbench.", dir="/tmp")
try:
    subprocess.run(["dotnet", "publish", "bench/AuditBench", "-c", "Release", "-o", build, "--nologo", "-v", "quiet"],
                   cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    bench = os.path.join(build, "AuditBench")
    with BenchPostgres() as pg:
        def run(mode, n=events):
            """One AuditBench process: its key=value line as a dict (it creates and drops its own schema)."""
            cmd = [bench, pg.url, str(n)] + (["--marten"] if mode == "marten" else [])
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=600,
                                 env={**os.environ, "MIK_BENCH_PG_PID": str(pg.postmaster_pid)})
            if out.returncode != 0:
                raise RuntimeError(f"AuditBench {mode} failed: {out.stderr.strip()[-500:]}")
            line = next(l for l in out.stdout.splitlines() if l.startswith("mode="))
            return dict(kv.split("=", 1) for kv in line.split())

        run("writer", events // 5)  # warm-up: PostgreSQL's caches and the first WAL segments, not kept
        got = {"writer": [], "marten": []}
        for r in range(rounds):
            for mode in (("writer", "marten") if r % 2 == 0 else ("marten", "writer")):
                got[mode].append(run(mode))
                print(f"round {r + 1} {mode}: {got[mode][-1]['events_per_sec']} events/s", file=sys.stderr)

    def col(mode, key):
        return [float(x[key]) for x in got[mode]]

    def cpu(mode):
        return [float(x["client_cpu_us_per_event"]) + float(x["pg_cpu_us_per_event"]) for x in got[mode]]

    fig.metric("writer events/s", "events/s", col("writer", "events_per_sec"), target=(">=", 25000), digits=0)
    fig.metric("Marten alone events/s", "events/s", col("marten", "events_per_sec"), baseline=True, digits=0)
    fig.metric("writer CPU per event (mik side + PostgreSQL)", "µs", cpu("writer"))
    fig.metric("Marten alone CPU per event (client + PostgreSQL)", "µs", cpu("marten"), baseline=True)
    fig.metric("writer CPU per event, mik side", "µs", col("writer", "client_cpu_us_per_event"))
    fig.metric("writer CPU per event, PostgreSQL", "µs", col("writer", "pg_cpu_us_per_event"))
    fig.metric("Marten alone CPU per event, client", "µs", col("marten", "client_cpu_us_per_event"), baseline=True)
    fig.metric("Marten alone CPU per event, PostgreSQL", "µs", col("marten", "pg_cpu_us_per_event"), baseline=True)
    fig.ratio("writer / Marten alone, events/s", "writer events/s", "Marten alone events/s")
    fig.ratio("writer / Marten alone, CPU per event", "writer CPU per event (mik side + PostgreSQL)",
              "Marten alone CPU per event (client + PostgreSQL)")
    first = got["writer"][0]
    fig.note(f"{events:,} mixed events per round (40% on one auth stream, the rest over 50 modules' streams), "
             f"batches of up to {first['batch']}, the writer in {first['lanes']} lanes, Marten alone in one session "
             f"per batch; each round in a fresh schema with the two indexes migrations/ adds (ux_mt_events_id, "
             f"idx_mt_events_timestamp). Rates from the first Record to the last commit.")
    fig.note("CPU per event counts the AuditBench process (producer included) and every PostgreSQL backend it used.")
    fig.write()
finally:
    shutil.rmtree(build, ignore_errors=True)
