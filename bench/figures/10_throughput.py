#!/usr/bin/env python3
"""Figure 1: the hello guest through mik against bare Kestrel answering the same bytes, closed loop (wrk, one
thread) at 1, 8, 32 and 128 connections: requests/s and CPU µs per request of each server, and their ratios.
docs/benchmarks.md, "1. Throughput and latency against bare Kestrel", says how and why."""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import Figure, Mik, fmt, parse_args  # noqa: E402
from loadgen import HELLO, MIK_LOGGING, MIK_SERVER, Bare, settle, wrk, wrk_measure  # noqa: E402

LEVELS = [1, 8, 32, 128]
TARGET_LEVELS = {8, 32, 128}


def main():
    args = parse_args("throughput")
    rounds, seconds, warmup = (2, 1, 3) if args.quick else (4, 5, 20)
    fig = Figure(1, "throughput", "Hello: mik against bare Kestrel", args, params={
        "load": "wrk, closed loop, 1 thread", "connections": ", ".join(map(str, LEVELS)),
        "seconds per measurement": seconds, "rounds": rounds, "warm-up per server (s)": warmup,
        "mik": "hello.wasm, max_concurrent_requests = 64, logs to stdout (a file) and logging.file"})
    with Mik(modules=[HELLO], server_extra=MIK_SERVER, toml=MIK_LOGGING) as mik, Bare() as bare:
        mik.start()
        servers = {"mik": (mik.base + "/run/hello/", mik.pid), "bare": (bare.url, bare.pid)}
        # Tiered JIT recompiles for a while under load (bench/run.sh measured thousands of methods after 5 s).
        for url, _ in servers.values():
            wrk(url, 32, warmup)
        got = {(s, c): [] for s in servers for c in LEVELS}
        for r in range(rounds):
            for j, conns in enumerate(LEVELS):
                # Which server goes first alternates by round and level, so a drift in load favours neither.
                order = ["mik", "bare"] if (r + j) % 2 == 0 else ["bare", "mik"]
                for name in order:
                    url, pid = servers[name]
                    got[(name, conns)].append(wrk_measure(url, pid, conns, seconds))
                    settle(0.5)
            print(f"round {r + 1}/{rounds}: " + ", ".join(
                f"{c}: mik {got[('mik', c)][-1]['rate']:.0f} / bare {got[('bare', c)][-1]['rate']:.0f} req/s"
                for c in LEVELS), flush=True)

    for conns in LEVELS:
        for name, baseline in (("mik", False), ("bare", True)):
            label = "mik" if name == "mik" else "bare Kestrel"
            fig.metric(f"{label} req/s, {conns} conn", "req/s", [g["rate"] for g in got[(name, conns)]],
                       baseline=baseline, digits=0)
            fig.metric(f"{label} CPU per request, {conns} conn", "µs",
                       [g["cpu_us_per_request"] for g in got[(name, conns)]], baseline=baseline)
    for conns in LEVELS:
        fig.ratio(f"mik / bare req/s, {conns} conn", f"mik req/s, {conns} conn", f"bare Kestrel req/s, {conns} conn",
                  target=(">=", 0.65) if conns in TARGET_LEVELS else None)
    for conns in LEVELS:
        fig.ratio(f"mik / bare CPU per request, {conns} conn", f"mik CPU per request, {conns} conn",
                  f"bare Kestrel CPU per request, {conns} conn")
    errors = {name: [sum(got[(name, c)][r]["errors"] for c in LEVELS) for r in range(rounds)] for name in servers}
    fig.metric("mik non-2xx and socket errors (all levels)", "per round", errors["mik"], target=("<=", 0), digits=0)
    fig.metric("bare Kestrel non-2xx and socket errors (all levels)", "per round", errors["bare"], target=("<=", 0),
               baseline=True, digits=0)
    notes(fig, got, errors)
    fig.write()


def notes(fig, got, errors):
    med = lambda name, c: statistics.median(g["rate"] for g in got[(name, c)])
    peak = {name: max(LEVELS, key=lambda c: med(name, c)) for name in ("mik", "bare")}
    fig.note(f"mik's requests/s peak at {peak['mik']} connections, bare Kestrel's at {peak['bare']} (medians of the "
             f"rounds). From 32 to 128 connections mik's rate changes by "
             f"{(med('mik', 128) / med('mik', 32) - 1) * 100:+.0f}%, bare Kestrel's by "
             f"{(med('bare', 128) / med('bare', 32) - 1) * 100:+.0f}%.")
    for name, label in (("mik", "mik"), ("bare", "bare Kestrel")):
        if any(errors[name]):
            bad = [f"{c} conn: {fmt(sum(g['non2xx'] for g in got[(name, c)]), 0)} non-2xx, "
                   f"{fmt(sum(g['socket_errors'] for g in got[(name, c)]), 0)} socket errors" for c in LEVELS
                   if any(g["errors"] for g in got[(name, c)])]
            fig.note(f"**{label} answered with errors** (wrk's non-2xx/3xx and socket errors, over all rounds): "
                     + "; ".join(bad) + ". Its rates at those levels include failed requests.")


if __name__ == "__main__":
    main()
