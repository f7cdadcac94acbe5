#!/usr/bin/env python3
"""The verdict of scripts/soak.sh: growth of mik's resources after the warm-up, events lost, transport errors.

  soak-check.py OUT_DIR ADMIN_URL MINUTES

Reads OUT_DIR/samples.csv (t_s, rss_bytes, managed_heap_bytes, fds, threads, one row per 10 s), deploys.csv and
load.json. The rest of the run after a warm-up of its first 40 % is cut into two halves, and each resource's growth
is its level in the second half minus its level in the first: the median of the samples (so one sample taken just
before a collection does not decide), and for the managed heap, which saws up and down over minutes between full
collections, the lowest sample (what survives a collection). A resource fails when its growth exceeds its bound.
The least-squares slope over everything after the warm-up is printed alongside, per minute.
Events lost: the ModuleDeployed and ModuleRemoved events of the soak's module in GET /audit, against the deploys and
removals the admin API accepted. Exit code 1 on any failure, with one line saying which.
"""
import csv
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

MIB = 1024 * 1024
# resource: (column, level of a half, absolute floor, share of the first half's level; the bound is the larger, unit)
BOUNDS = {
    "rss": ("rss_bytes", statistics.median, 64 * MIB, 0.15, MIB, "MiB"),
    "managed heap": ("managed_heap_bytes", min, 32 * MIB, 0.25, MIB, "MiB"),
    "open fds": ("fds", statistics.median, 16, 0, 1, ""),
    "threads": ("threads", statistics.median, 16, 0, 1, ""),
}


def slope_per_minute(points):
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    var = sum((t - mx) ** 2 for t, _ in points)
    return 0.0 if var == 0 else sum((t - mx) * (v - my) for t, v in points) / var * 60


def audit_events(admin):
    count, after = 0, None
    while True:
        url = f"{admin}/audit?type=ModuleDeployed,ModuleRemoved&module=soakbig&limit=1000"
        if after:
            url += "&after=" + urllib.parse.quote(after)
        with urllib.request.urlopen(url, timeout=30) as r:
            page = json.load(r)
        count += len(page["events"])
        after = page.get("next")
        if not after:
            return count


def main():
    out, admin, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    failures = []
    rows = list(csv.DictReader(open(f"{out}/samples.csv")))
    # The managed heap grows towards its first full collection for the first minutes (to ~200 MB, about 4.5 min
    # into the first 10-minute run) and RSS with it: a baseline inside that climb measures the GC's budget, not a
    # leak. So the warm-up is 40 % of the run, 4 minutes of 10.
    warmup = minutes * 60 * 0.4
    end = max(int(r["t_s"]) for r in rows)
    middle = (warmup + end) / 2
    print(f"samples: {len(rows)} over {end} s; warm-up {warmup:.0f} s; "
          f"first half {warmup:.0f}-{middle:.0f} s vs second half {middle:.0f}-{end} s")
    for name, (column, level, floor, share, unit, unit_name) in BOUNDS.items():
        points = [(int(r["t_s"]), float(r[column])) for r in rows if r[column] not in ("", None)]
        after = [(t, v) for t, v in points if t >= warmup]
        first = [v for t, v in after if t < middle]
        second = [v for t, v in after if t >= middle]
        if not first or not second:
            failures.append(f"{name}: too few samples after the warm-up")
            continue
        baseline = level(first)
        growth = level(second) - baseline
        bound = max(floor, share * baseline)
        verdict = "ok" if growth <= bound else "GREW"
        print(f"{name:>13}: first {baseline / unit:8.1f}{unit_name}  second {level(second) / unit:8.1f}{unit_name}"
              f"  growth {growth / unit:+7.1f}{unit_name} (bound {bound / unit:.0f}{unit_name})"
              f"  slope {slope_per_minute(after) / unit:+.2f}{unit_name}/min"
              f"  max {max(v for _, v in points) / unit:.1f}{unit_name}  {verdict}")
        if growth > bound:
            failures.append(f"{name} grew by {growth / unit:.1f}{unit_name} after the warm-up, "
                            f"beyond its bound of {bound / unit:.0f}{unit_name}")

    load = json.load(open(f"{out}/load.json"))
    print(f"requests: {load['sent']} at {load['rate']}/s; by path and status: {json.dumps(load['by_path'])}")
    print(f"latency ms by status: {json.dumps(load['latency_ms'])}")
    if load["errors"]:
        failures.append(f"{load['errors']} requests ended in a transport error (reset, timeout, malformed answer)")
    if load["bad_bodies"]:
        failures.append(f"{load['bad_bodies']} answers of 200 had the wrong body")

    made = 0
    statuses = {}
    for kind, _, _, status in csv.reader(open(f"{out}/deploys.csv")):
        statuses[f"{kind} {status}"] = statuses.get(f"{kind} {status}", 0) + 1
        if (kind == "deploy" and status in ("200", "201")) or (kind == "remove" and status == "200"):
            made += 1
    print(f"deploys and removals: {json.dumps(statuses)}")
    # The audit trail is written behind the request path: give it a moment to reach the store.
    deadline = time.monotonic() + 60
    while True:
        stored = audit_events(admin)
        if stored >= made or time.monotonic() > deadline:
            break
        time.sleep(1)
    print(f"events lost: {made - stored} ({made} deploys and removals made, {stored} events in the store)")
    if stored != made:
        failures.append(f"the store has {stored} deploy and removal events for {made} made")

    for failure in failures:
        print("soak FAILED: " + failure, file=sys.stderr)
    if not failures:
        print("soak passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
