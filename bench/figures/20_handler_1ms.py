#!/usr/bin/env python3
"""Figure 2: a handler that works for about 1 ms (tests/guests/src/cpuwork.c), one request at a time and at a few
connections: end-to-end latency next to the guest's own time for its work (its clock, reported in its body), the share
of time outside the guest, and where that time goes (mik's request_completed duration, mik's CPU per request).
docs/benchmarks.md, "2. A handler that works for about a millisecond", says how and why."""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, TICKS, Figure, Mik, cpu_ticks, parse_args  # noqa: E402
from loadgen import MIK_LOGGING, MIK_SERVER, build_openloop, openloop, settle  # noqa: E402

GUEST = os.path.join(REPO, "tests", "guests", "wasm", "cpuwork.wasm")
LEVELS = [1, 4]
CALIBRATION_N = 1_000_000


class RequestLog:
    """mik's request_completed lines for the cpuwork module, read on from where the last call stopped."""

    def __init__(self, path):
        self.path, self.offset = path, 0

    def durations_ms(self):
        out = []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        end = data.rfind(b"\n") + 1  # a line still being written is read next time
        self.offset += end
        for line in data[:end].splitlines():
            if b'"request_completed"' not in line:
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if obj.get("module") == "cpuwork" and obj.get("status") == 200:
                out.append(float(obj["duration_ms"]))
        return out


def main():
    args = parse_args("handler_1ms")
    rounds, seconds, warmup = (2, 1.5, 3) if args.quick else (4, 7, 10)
    build_openloop()
    with Mik(modules=[GUEST], server_extra=MIK_SERVER, toml=MIK_LOGGING) as mik:
        mik.start()
        url = mik.base + "/run/cpuwork/"
        log = RequestLog(mik.log_path)
        run = lambda n, conns, secs: openloop(f"{url}?n={n}", 0, conns, secs, warmup=0, expect="cpuwork n=",
                                              extract="ns=")
        run(CALIBRATION_N, 4, warmup)  # mik's request path through the JIT's tiers
        # The loop count that makes the guest's own clock say about 1 ms, on this machine, now.
        calib = run(CALIBRATION_N, 1, 2 if not args.quick else 1)
        n = max(10_000, round(CALIBRATION_N * 1e6 / max(calib["extract_p50"], 1)))
        print(f"n = {n} (n = {CALIBRATION_N} took {calib['extract_p50'] / 1e3:.0f} µs in the guest)", flush=True)
        settle(0.5)
        log.durations_ms()
        rows = {c: [] for c in LEVELS}
        for r in range(rounds):
            for conns in (LEVELS if r % 2 == 0 else LEVELS[::-1]):
                before = cpu_ticks(mik.pid)
                o = run(n, conns, seconds)
                cpu_us = (cpu_ticks(mik.pid) - before) * 1e6 / TICKS
                settle(0.5)  # mik's log lines are written in batches every 20 ms
                mik_ms = log.durations_ms()
                rows[conns].append({**o, "cpu_us": cpu_us / max(o["completed"], 1),
                                    "mik_us": statistics.fmean(mik_ms) * 1000 if mik_ms else 0.0})
                g = rows[conns][-1]
                print(f"round {r + 1}/{rounds}, {conns} conn: {g['mean_us']:.0f} µs end to end, "
                      f"{g['extract_mean'] / 1e3:.0f} µs in the guest, {g['mik_us']:.0f} µs in mik, "
                      f"{g['achieved_rate']:.0f} req/s", flush=True)

    fig = Figure(2, "handler_1ms", "A handler that works for about 1 ms", args, params={
        "guest": "tests/guests/wasm/cpuwork.wasm (a xorshift loop timed by the guest's own clock)",
        "loop count n": n, "load": "bench/openloop, closed loop (each connection sends again when answered)",
        "connections": ", ".join(map(str, LEVELS)), "seconds per measurement": seconds, "rounds": rounds})
    for conns in LEVELS:
        runs = rows[conns]
        sfx = f", {conns} conn"
        fig.metric("end to end (mean)" + sfx, "µs", [g["mean_us"] for g in runs], digits=0)
        fig.metric("end to end p99" + sfx, "µs", [g["p99_us"] for g in runs], digits=0)
        fig.metric("in the guest, its own clock (mean)" + sfx, "µs", [g["extract_mean"] / 1e3 for g in runs],
                   baseline=True, digits=0)
        fig.metric("outside the guest" + sfx, "%", [(1 - g["extract_mean"] / 1e3 / g["mean_us"]) * 100 for g in runs])
        fig.metric("outside the guest, inside mik (request_completed - guest)" + sfx, "µs",
                   [g["mik_us"] - g["extract_mean"] / 1e3 for g in runs], digits=0)
        fig.metric("outside mik (client, loopback, Kestrel, routing)" + sfx, "µs",
                   [g["mean_us"] - g["mik_us"] for g in runs], digits=0)
        fig.metric("mik CPU per request" + sfx, "µs", [g["cpu_us"] for g in runs], digits=0)
        fig.metric("req/s" + sfx, "req/s", [g["achieved_rate"] for g in runs], digits=0)
        fig.ratio("end to end / in the guest" + sfx, "end to end (mean)" + sfx, "in the guest, its own clock (mean)" + sfx)
    failed = sum(g["errors"] + g["non2xx"] + g["unexpected_body"] for runs in rows.values() for g in runs)
    if failed:
        fig.note(f"**{failed} requests failed** over the rounds (errors, non-2xx, or a body that is not the guest's); "
                 "the means are of the answered ones.")
    fig.note("Outside the guest is everything but the guest's loop between its two clock reads: the client's send and "
             "receive over loopback, Kestrel reading the request, mik's routing and admission, a fresh instance of the "
             "module and its WASI start (wasi-libc's _start, the environment), the CGI output parsed into the response, "
             "the request's log line and metrics, and, above one connection, waiting for a core (two cores, shared "
             "with the client).")
    fig.write()


if __name__ == "__main__":
    main()
