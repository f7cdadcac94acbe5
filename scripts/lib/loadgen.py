#!/usr/bin/env python3
"""A fixed-rate (open-loop) HTTP client for scripts/overload.sh and scripts/soak.sh.

Sends RATE requests a second for SECONDS, spread evenly, picking each request's path by weight, over keep-alive
connections of a pool of worker threads. Unlike a closed-loop client (wrk), a slow answer does not slow the sending:
each request's latency is measured from the moment it was due, so time spent waiting for a free worker counts
(no coordinated omission). Prints one JSON object: counts by path and status, transport errors, 200s whose body
lacked the path's expected text, 503/429 answers without Retry-After, and latency percentiles per status.

  loadgen.py --base http://127.0.0.1:3000 --rate 100 --seconds 60 --workers 64 \
      --path 6,/run/hello/,Hello --path 1,/run/slow?ms=50,slept
"""
import argparse
import http.client
import json
import queue
import random
import threading
import time
import urllib.parse


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--workers", type=int, default=64)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--path", action="append", required=True, help="WEIGHT,PATH[,EXPECTED_TEXT_IN_A_200]")
    return p.parse_args()


def percentile(values, q):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 1)


def main():
    args = parse_args()
    base = urllib.parse.urlsplit(args.base)
    paths = []
    for spec in args.path:
        weight, path, *expected = spec.split(",", 2)
        paths.append((float(weight), path, expected[0] if expected else None))
    weights = [w for w, _, _ in paths]
    rng = random.Random(18)
    work = queue.Queue()
    lock = threading.Lock()
    results = []  # (path, status or error name, latency from due time, shed_without_retry_after, body_ok)

    def worker():
        conn = None
        while True:
            item = work.get()
            if item is None:
                return
            due, path, expected = item
            status, retry_ok, body_ok = None, True, True
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=args.timeout)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if status in (429, 503):
                    retry_ok = response.getheader("Retry-After") is not None
                if status == 200 and expected is not None:
                    body_ok = expected.encode() in body
                if response.will_close:
                    conn.close()
                    conn = None
            except Exception as e:  # a reset, a timeout, a malformed answer: each counts as an error
                status = "error:" + type(e).__name__
                if conn is not None:
                    conn.close()
                conn = None
            latency = time.monotonic() - due
            with lock:
                results.append((path, status, latency, retry_ok, body_ok))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.workers)]
    for t in threads:
        t.start()
    start = time.monotonic() + 0.1
    total = int(args.rate * args.seconds)
    max_lag = 0.0
    for i in range(total):
        due = start + i / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            max_lag = max(max_lag, -delay)
        _, path, expected = rng.choices(paths, weights)[0]
        work.put((due, path, expected))
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join()

    by_path = {}
    latencies = {}
    for path, status, latency, _, _ in results:
        by_path.setdefault(path, {}).setdefault(str(status), 0)
        by_path[path][str(status)] += 1
        latencies.setdefault(str(status), []).append(latency)
    report = {
        "sent": len(results),
        "seconds": args.seconds,
        "rate": args.rate,
        "by_path": by_path,
        "errors": sum(1 for r in results if str(r[1]).startswith("error:")),
        "bad_bodies": sum(1 for r in results if not r[4]),
        "refusals_without_retry_after": sum(1 for r in results if not r[3]),
        "latency_ms": {s: {"p50": percentile(v, 0.50), "p99": percentile(v, 0.99), "max": percentile(v, 1.0)}
                       for s, v in sorted(latencies.items())},
        "sender_max_lag_ms": round(max_lag * 1000, 1),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
