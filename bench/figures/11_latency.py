#!/usr/bin/env python3
"""Figure 1, continued: latency of the hello guest at a fixed request rate, half of mik's maximum measured in the same
run, through mik and through bare Kestrel at that same rate (bench/openloop: constant rate, each latency from the
moment its request was due). docs/benchmarks.md, "1. Throughput and latency against bare Kestrel", says how."""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import Figure, Mik, fmt, parse_args  # noqa: E402
from loadgen import HELLO, HELLO_TEXT, MIK_LOGGING, MIK_SERVER, Bare, build_openloop, openloop, settle, wrk  # noqa: E402

CONNECTIONS = 32
QUANTILES = (("p50", "p50_us"), ("p99", "p99_us"), ("p99.9", "p999_us"))


def main():
    args = parse_args("latency")
    rounds, seconds, warmup, probe = (2, 2, 3, 1) if args.quick else (4, 12, 15, 5)
    build_openloop()
    with Mik(modules=[HELLO], server_extra=MIK_SERVER, toml=MIK_LOGGING) as mik, Bare() as bare:
        mik.start()
        servers = {"mik": mik.base + "/run/hello/", "bare": bare.url}
        for url in servers.values():
            wrk(url, 32, warmup)
        # mik's maximum: closed loop at 32 and 128 connections (where figure 1's rates are highest), the higher.
        closed = {c: wrk(servers["mik"], c, probe) for c in (32, 128)}
        top = max(closed.values(), key=lambda g: g["rate"])["rate"]
        rate = round(top / 2)
        print(f"mik's maximum {top:.0f} req/s (32: {closed[32]['rate']:.0f}, 128: {closed[128]['rate']:.0f}); "
              f"open loop at {rate} req/s", flush=True)
        got = {name: [] for name in servers}
        for r in range(rounds):
            for name in (["mik", "bare"] if r % 2 == 0 else ["bare", "mik"]):
                got[name].append(openloop(servers[name], rate, CONNECTIONS, seconds, warmup=1, expect=HELLO_TEXT))
                settle(0.5)
            print(f"round {r + 1}/{rounds}: " + ", ".join(
                f"{n} p50 {got[n][-1]['p50_us']} p99 {got[n][-1]['p99_us']} µs" for n in servers), flush=True)

    fig = Figure(1, "latency", "Hello: latency at a fixed rate", args, params={
        "load": f"bench/openloop, constant rate, {CONNECTIONS} connections, latency from when each request was due",
        "seconds per measurement": seconds, "rounds": rounds, "warm-up per server (s)": warmup,
        "maximum from": f"wrk closed loop, {probe} s at 32 and at 128 connections, the higher"})
    fig.metric("mik maximum req/s, closed loop 32 conn", "req/s", [closed[32]["rate"]], digits=0)
    fig.metric("mik maximum req/s, closed loop 128 conn", "req/s", [closed[128]["rate"]], digits=0)
    fig.metric("fixed rate used (half of mik's maximum)", "req/s", [rate], digits=0)
    for name, label, baseline in (("mik", "mik", False), ("bare", "bare Kestrel", True)):
        for q, key in QUANTILES:
            fig.metric(f"{label} {q}", "ms", [g[key] / 1000 for g in got[name]], baseline=baseline, digits=2,
                       target=("<=", 5) if (name, q) == ("mik", "p99") else None)
        fig.metric(f"{label} achieved rate", "req/s", [g["achieved_rate"] for g in got[name]], baseline=baseline,
                   digits=0)
    for q, _ in QUANTILES:
        fig.ratio(f"mik / bare {q}", f"mik {q}", f"bare Kestrel {q}")
    notes(fig, got, rate)
    fig.write()


def notes(fig, got, rate):
    for name, label in (("mik", "mik"), ("bare", "bare Kestrel")):
        runs = got[name]
        failed = sum(g["errors"] + g["non2xx"] + g["unexpected_body"] for g in runs)
        if failed:
            fig.note(f"**{label} failed {fmt(failed, 0)} requests** over the rounds (errors "
                     f"{fmt(sum(g['errors'] for g in runs), 0)}, of them timeouts {fmt(sum(g['timeouts'] for g in runs), 0)}; "
                     f"non-2xx {fmt(sum(g['non2xx'] for g in runs), 0)}; body without the hello text "
                     f"{fmt(sum(g['unexpected_body'] for g in runs), 0)}).")
        behind = [g for g in runs if g["sent"] < 0.99 * g["due"]]
        if behind:
            fig.note(f"**{label} fell behind the rate** in {len(behind)} of {len(runs)} rounds: of the requests due, "
                     f"{statistics.median(g['sent'] / g['due'] for g in behind) * 100:.0f}% (median) were sent before "
                     "the end; its latencies then understate what a client would wait.")
    fig.note(f"The client sends {rate} requests/s in total, spread evenly over {CONNECTIONS} keep-alive connections "
             "(one request in flight per connection); a request that has to wait for its connection counts that wait "
             "in its latency, so queueing in the server is not hidden (docs/benchmarks.md, figure 1).")


if __name__ == "__main__":
    main()
