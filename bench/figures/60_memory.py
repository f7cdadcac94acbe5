#!/usr/bin/env python3
"""Figure 6: memory with many modules, and RSS per in-flight request.

Many modules: 500 generated hello handlers (memory_modules.py; each about a third of a MB compiled, so the memory
tier of `max_cache_mb = 64` holds well under half of them), their AOT artifacts written once beforehand by
`mik cache warm`. Each round starts two fresh mik processes with the same configuration (`cache_size` high enough
that `max_cache_mb` is the bound), in alternating order: one with an empty modules folder (the fixed overhead, the
baseline) and one with the 500 modules, which it loads at start-up; that one is then asked for every module in
turn, several passes, and its RSS is sampled every few requests. In that order a least-recently-used tier never
hits: every request loads its module from the artifact and evicts another, the worst case for memory.

In flight: a fresh mik with the `slow` and `hello` guests. Its RSS idle, then under `wrk` at each number of
connections (hello: the baseline), then idle again, then with 16, 32 and 64 `slow` requests held at once (added in
steps, each level sampled once `mik_requests_in_flight` says they all run).
"""
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.path.insert(0, HERE)
from benchlib import REPO, Figure, Mik, http_get, parse_args, rss_kib, wait_until  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402
import memory_modules  # noqa: E402

MODULES = 500
FUNCTIONS = 100
DATA_BYTES = 256 * 1024
MAX_CACHE_MB = 64
CACHE = f"cache_size = 100000\nmax_cache_mb = {MAX_CACHE_MB}\n"
SAMPLE_EVERY = 25
HOLD_S = 240          # the slow guest's run: longer than any level takes to start, mik is stopped under it
GUESTS = os.path.join(REPO, "tests", "guests", "wasm")
MiB = 1024 * 1024


def new_mik(pg, modules_dir=None, aot_key=None, modules=(), server_extra=""):
    """A fresh mik with its own database; `modules_dir` is shared (a symlink), read-only while artifacts are current."""
    work = tempfile.mkdtemp(prefix="mik-bench.", dir="/tmp")
    if modules_dir:
        os.symlink(modules_dir, os.path.join(work, "modules"))
    state = os.path.join(work, "state")
    os.makedirs(state, mode=0o711)
    if aot_key:
        shutil.copy(aot_key, os.path.join(state, "aot.key"))
        os.chmod(os.path.join(state, "aot.key"), 0o600)
    return Mik(work=work, modules=modules, server_extra=server_extra, toml=f'[database]\nurl = "{pg.new_database()}"\n')


# --- what mik says about itself ------------------------------------------------------------------------------------

def rss_mib(pid):
    return rss_kib(pid) / 1024


def steady_rss(pid, samples=5, gap=0.2):
    values = []
    for _ in range(samples):
        values.append(rss_mib(pid))
        time.sleep(gap)
    return statistics.median(values)


def metric(mik, pattern):
    status, body = http_get(mik.base + "/metrics", timeout=30)
    found = re.search(pattern, body.decode(errors="replace"), re.M) if status == 200 else None
    return float(found.group(1)) if found else None


def managed_heap_mib(mik):
    value = metric(mik, r'^mik_memory_bytes\{kind="managed_heap"\} (\S+)')
    return value / MiB if value is not None else None


def in_flight(mik):
    return metric(mik, r"^mik_requests_in_flight (\S+)") or 0


def cache_bytes_mib(mik):
    value = metric(mik, r"^mik_cache_bytes (\S+)")
    return value / MiB if value is not None else None


def breakdown(pid):
    """Resident MiB by kind of mapping (/proc/PID/smaps): Wasmtime's memory images in instance slots, the .NET
    runtime's JIT code (its double-mapped memfd), plain anonymous memory (both heaps, Wasmtime's modules) and
    files (mik's own libraries and assemblies)."""
    out = {"images": 0.0, "jit": 0.0, "anon": 0.0, "file": 0.0}
    kind = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+$", head[0]):
                path = " ".join(head[5:])
                kind = ("images" if "wasm-memory-image" in path else "jit" if "doublemapper" in path
                        else "anon" if path in ("", "[heap]") else "file" if path.startswith("/") else None)
            elif head[0] == "Rss:" and kind:
                out[kind] += int(head[1]) / 1024
    out["memfd"] = memfd_images_mib(pid)
    return out


def memfd_images_mib(pid):
    """Bytes of the memory images Wasmtime keeps in memfds (one per loaded module with data): shared memory of the
    machine, not in the process's RSS until an instance maps them."""
    total = 0
    fds = f"/proc/{pid}/fd"
    for fd in os.listdir(fds):
        try:
            if "wasm-memory-image" in os.readlink(os.path.join(fds, fd)):
                total += os.stat(os.path.join(fds, fd)).st_size
        except OSError:
            pass
    return total / MiB


def slope(points):
    """Least-squares slope of (x, y) points."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else 0.0


# --- many modules ---------------------------------------------------------------------------------------------------

def prepare_modules():
    """500 modules and their artifacts, in a folder every round's mik shares; returns (the Mik that owns it, key)."""
    owner = Mik()
    for i in range(MODULES):
        with open(os.path.join(owner.modules_dir, f"m{i:03d}.wasm"), "wb") as f:
            f.write(memory_modules.module(i, FUNCTIONS, DATA_BYTES))
    code, out, seconds = owner.cli("cache", "warm", "--json", timeout=1800)
    if code != 0:
        raise RuntimeError(f"mik cache warm failed ({code}): {out.decode(errors='replace')[-500:]}")
    sizes = [os.path.getsize(os.path.join(owner.modules_dir, f"m{i:03d}.wasm.aot")) for i in range(MODULES)]
    print(f"  {MODULES} modules compiled by mik cache warm in {seconds:.0f} s, artifacts median {statistics.median(sizes) / 1024:.0f} KiB")
    return owner, os.path.join(owner.work, "state", "aot.key"), sizes


def fixed_overhead(pg):
    with new_mik(pg, server_extra=CACHE) as mik:
        mik.start()
        time.sleep(1)
        return steady_rss(mik.pid), managed_heap_mib(mik), breakdown(mik.pid)


def cycle(pg, modules_dir, key, passes):
    """RSS while asking each module in turn; returns the round's numbers."""
    with new_mik(pg, modules_dir=modules_dir, aot_key=key, server_extra=CACHE) as mik:
        ready_s = mik.start(timeout=600)
        ready = steady_rss(mik.pid)
        ready_parts = breakdown(mik.pid)
        conn = http.client.HTTPConnection("127.0.0.1", mik.port, timeout=120)
        samples, heaps = [], []
        total = passes * MODULES
        for n in range(total):
            i = n % MODULES
            conn.request("GET", f"/run/m{i:03d}")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 or body != memory_modules.expected_body(i):
                raise RuntimeError(f"m{i:03d} answered {r.status}: {body[:200]!r}")
            if (n + 1) % SAMPLE_EVERY == 0:
                samples.append((n + 1, rss_mib(mik.pid)))
            if (n + 1) % (4 * SAMPLE_EVERY) == 0:
                heaps.append((n + 1, managed_heap_mib(mik)))
        conn.close()
        tier = cache_bytes_mib(mik)
        parts = breakdown(mik.pid)
        last = samples[len(samples) // 2:]
        return {
            "ready_s": ready_s, "ready": ready, "tier": tier,
            "plateau": statistics.median(y for _, y in last),
            "max": max(y for _, y in samples),
            "slope_per_pass": slope(last) * MODULES,
            "heap": statistics.median(h for n, h in heaps if n > total // 2 and h is not None),
            "parts": parts, "ready_parts": ready_parts,
        }


# --- in flight ------------------------------------------------------------------------------------------------------

def held(mik, count, errors, stopping):
    """`count` requests to the slow guest that run until mik is stopped (their errors after that are expected)."""
    def one():
        conn = http.client.HTTPConnection("127.0.0.1", mik.port, timeout=HOLD_S + 120)
        try:
            conn.request("GET", f"/run/slow?ms={HOLD_S * 1000}")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 and not stopping.is_set():
                errors.append(f"slow answered {r.status}: {body[:200]!r}")
        except OSError as e:
            if not stopping.is_set():
                errors.append(f"slow: {e}")
        finally:
            conn.close()
    threads = [threading.Thread(target=one, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
    return threads


def in_flight_round(pg, levels, hello_secs):
    # The held requests outlast the round (a busy machine may take long to start 64 spinning guests); mik is stopped
    # under them, so it must not wait for them at shutdown, nor time them out first.
    extra = f"request_timeout_secs = {HOLD_S + 60}\nshutdown_timeout_secs = 1\n"
    with new_mik(pg, modules=[os.path.join(GUESTS, "slow.wasm"), os.path.join(GUESTS, "hello.wasm")],
                 server_extra=extra) as mik:
        mik.start()
        for _ in range(3):
            http_get(mik.base + "/run/slow?ms=1")
        for _ in range(50):
            http_get(mik.base + "/run/hello")
        idle = steady_rss(mik.pid)
        hello = {}
        for n in levels:
            wrk = subprocess.Popen(["wrk", "-t", "1", "-c", str(n), "-d", f"{hello_secs}s", mik.base + "/run/hello"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(hello_secs / 2)
            hello[n] = rss_mib(mik.pid)
            wrk.wait()
        before = steady_rss(mik.pid)
        slow, threads, errors, stopping = {}, [], [], threading.Event()
        try:
            for n in levels:
                threads += held(mik, n - len(threads), errors, stopping)
                wait_until(lambda: in_flight(mik) >= n or errors, timeout=HOLD_S - 60, interval=0.2)
                if errors:
                    raise RuntimeError(errors[0])
                slow[n] = steady_rss(mik.pid, samples=3, gap=0.1)
        finally:
            stopping.set()
            mik.stop()
        return {"idle": idle, "hello": hello, "before": before, "slow": slow}


def pool_fixed_part_mib():
    """What Wasmtime's pooling allocator may keep resident whatever the memory tier holds: each instance slot keeps
    the smaller of the last module's linear memory and 1 MiB (docs/runtime.md, Throughput), and mik sizes the pool
    at max(2 x max_concurrent_requests, max_concurrent_requests + 16) slots (64 by default: 128 slots)."""
    slots = max(2 * 64, 64 + 16)
    memory = memory_modules.memory_pages(DATA_BYTES) * 65536
    return slots * min(memory, MiB) / MiB


def main():
    args = parse_args("memory", extra=lambda p: p.add_argument(
        "--part", choices=["all", "modules", "in-flight"], default="all",
        help="measure only the many-modules part or only the in-flight part (a check; the figure is both)"))
    rounds = 1 if args.quick else 3
    passes = 2 if args.quick else 6
    levels = [8, 16] if args.quick else [16, 32, 64]
    hello_secs = 2 if args.quick else 3
    fixed_part = pool_fixed_part_mib()
    fig = Figure(6, "memory", "Memory with many modules", args,
                 params={"modules": MODULES, "max_cache_mb": MAX_CACHE_MB, "cache_size": 100000,
                         "module_functions": FUNCTIONS, "module_data_bytes": DATA_BYTES, "passes": passes,
                         "sample_every_requests": SAMPLE_EVERY, "in_flight_levels": levels,
                         "fixed_part_mib": round(fixed_part, 1)})
    pg = BenchPostgres(fast=True)
    owner = None
    overhead, results, flights = [], [], []
    try:
        if args.part != "in-flight":
            owner, key, sizes = prepare_modules()
            fig.doc["params"]["artifact_kib_median"] = round(statistics.median(sizes) / 1024, 1)
            for r in range(rounds):
                # Alternating order, so drift on the machine falls on both.
                for which in (("overhead", "cycle") if r % 2 == 0 else ("cycle", "overhead")):
                    if which == "overhead":
                        overhead.append(fixed_overhead(pg))
                    else:
                        results.append(cycle(pg, owner.modules_dir, key, passes))
                print(f"  round {r + 1}: overhead {overhead[-1][0]:.1f} MiB, plateau {results[-1]['plateau']:.1f} MiB, "
                      f"tier {results[-1]['tier']:.1f} MiB, slope {results[-1]['slope_per_pass']:+.1f} MiB/pass")
        if args.part != "modules":
            flights = [in_flight_round(pg, levels, hello_secs) for _ in range(rounds)]
    finally:
        if owner:
            owner.cleanup()
        pg.stop()
    if results:
        report_modules(fig, overhead, results, sizes, fixed_part)
    for n in levels if flights else []:
        fig.metric(f"RSS per in-flight slow request, {n} held", "KiB",
                   [(f["slow"][n] - f["before"]) * 1024 / n for f in flights])
        fig.metric(f"RSS per connection under hello load, {n} connections", "KiB",
                   [(f["hello"][n] - f["idle"]) * 1024 / n for f in flights], baseline=True)
    fig.write()


def report_modules(fig, overhead, results, sizes, fixed_part):
    bound = MAX_CACHE_MB + fixed_part
    over = [x["plateau"] - o[0] for x, o in zip(results, overhead)]
    fig.metric("fixed overhead (ready, no modules)", "MiB", [o[0] for o in overhead], baseline=True)
    fig.metric("ready with 500 modules, none requested", "MiB", [x["ready"] for x in results])
    fig.metric("RSS plateau cycling 500 modules", "MiB", [x["plateau"] for x in results])
    fig.metric("RSS plateau - fixed overhead", "MiB", over, target=("<=", round(bound, 1)))
    fig.metric("RSS growth over the last half", "MiB/pass", [x["slope_per_pass"] for x in results],
               target=("<=", 1.0), digits=2)
    fig.metric("RSS max while cycling", "MiB", [x["max"] for x in results])
    fig.metric("memory tier (mik_cache_bytes)", "MiB", [x["tier"] for x in results], target=("<=", MAX_CACHE_MB))
    fig.metric("Wasmtime memory images resident in instance slots", "MiB", [x["parts"]["images"] for x in results])
    fig.metric("memory images in memfds (shared memory, not in RSS)", "MiB", [x["parts"]["memfd"] for x in results])
    fig.metric("JIT code (doublemapper), cycling", "MiB", [x["parts"]["jit"] for x in results])
    fig.metric("JIT code (doublemapper), no modules", "MiB", [o[2]["jit"] for o in overhead], baseline=True)
    fig.metric("anonymous memory, cycling", "MiB", [x["parts"]["anon"] for x in results])
    fig.metric("anonymous memory, ready with 500 modules", "MiB", [x["ready_parts"]["anon"] for x in results])
    fig.metric("anonymous memory, no modules", "MiB", [o[2]["anon"] for o in overhead], baseline=True)
    fig.metric("managed heap while cycling", "MiB", [x["heap"] for x in results])
    fig.metric("managed heap, no modules", "MiB", [o[1] for o in overhead], baseline=True)
    fig.metric("ready with 500 modules: start to /health 200", "s", [x["ready_s"] for x in results], digits=2)

    med = lambda rows: statistics.median(rows)  # noqa: E731
    fig.note(f"{MODULES} modules of {fig.doc['params']['artifact_kib_median']:.0f} KiB compiled (median artifact, "
             f"the size the memory tier counts): {MODULES * statistics.median(sizes) / MiB:.0f} MiB in all, so "
             f"max_cache_mb = {MAX_CACHE_MB} holds about {MAX_CACHE_MB * MiB / statistics.median(sizes):.0f}; asked "
             f"in turn, every request loads its module from its artifact and evicts the least recently used.")
    fig.note(f"Bound: max_cache_mb ({MAX_CACHE_MB}) + a fixed part of {fixed_part:.0f} MiB, what the pooling "
             f"allocator may keep resident (128 instance slots x the smaller of a module's linear memory and 1 MiB). "
             f"Plateau - overhead: {med(over):.1f} MiB, {med(over) - bound:+.1f} MiB against the bound.")
    extra_ready = med([x["ready_parts"]["anon"] - o[2]["anon"] - x["tier"] for x, o in zip(results, overhead)])
    extra_cycling = med([x["parts"]["anon"] - x["ready_parts"]["anon"] for x in results])
    fig.note(f"Where plateau - overhead goes (medians of a split read once, at the end of each round, so it need "
             f"not add up to the plateau exactly): the tier {med([x['tier'] for x in results]):.1f} MiB; "
             f"memory images left in instance slots {med([x['parts']['images'] for x in results]):.1f} MiB; "
             f"more JIT code {med([x['parts']['jit'] - o[2]['jit'] for x, o in zip(results, overhead)]):.1f} MiB; "
             f"anonymous memory beyond the tier once 500 modules are loaded {extra_ready:.1f} MiB, and beyond that "
             f"while cycling {extra_cycling:.1f} MiB (both heaps, allocator slack); more of mik's own files "
             f"paged in {med([x['parts']['file'] - o[2]['file'] for x, o in zip(results, overhead)]):.1f} MiB.")
    fig.note(f"Not in RSS: the loaded modules' memory images, {med([x['parts']['memfd'] for x in results]):.1f} MiB "
             f"in memfds (the kernel's shared memory, charged to a container's memory cgroup), next to a tier of "
             f"{med([x['tier'] for x in results]):.1f} MiB: a module's data is held twice, once in its compiled form "
             f"(counted) and once as the image instances are made from (not counted by max_cache_mb).")


if __name__ == "__main__":
    main()
