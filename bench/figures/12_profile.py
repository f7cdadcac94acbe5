#!/usr/bin/env python3
"""Figure 1, continued: where a hello request's CPU goes, in mik and in bare Kestrel (the baseline).

Both servers take the same closed-loop load (wrk, 128 connections, one thread) in alternating rounds; during each
round `perf record` samples the server alone for a few seconds. Every sample is put in one category by the object
its instruction pointer was in: the kernel, Wasmtime's native code (libwasmtime), libc (and the loader, libstdc++),
the CoreCLR runtime (VM, GC, JIT, System.Native), managed code (JIT-compiled, named through the runtime's perf map,
or ready-to-run code in a .dll), other. A category's share times the round's CPU per request is the microseconds of
CPU per request it costs. The note lists mik's top symbols.

The runtime's W^X double mapping hides JIT-compiled code from perf (it shows as an anonymous memfd), so both servers
run with DOTNET_EnableWriteXorExecute=0 and DOTNET_PerfMapEnabled=1 here, and only here.
"""
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, Mik, cpu_ticks, free_port, http_get, parse_args, wait_until, TICKS  # noqa: E402

CONNECTIONS = 128
CATEGORIES = ["kernel", "wasmtime", "libc", "runtime", "managed", "other"]
LABELS = {"kernel": "kernel", "wasmtime": "Wasmtime native", "libc": "libc", "runtime": "CoreCLR runtime/GC/JIT",
          "managed": "managed code", "other": "other"}
PROFILE_ENV = {"DOTNET_PerfMapEnabled": "1", "DOTNET_EnableWriteXorExecute": "0"}


def category(dso):
    d = dso.strip()
    if d.startswith("[kernel") or d in ("[vdso]", "[vsyscall]") or d.endswith(".ko"):
        return "kernel"
    if "libwasmtime" in d:
        return "wasmtime"
    if d.startswith(("libc.so", "libc-", "ld-linux", "libstdc++", "libm.so", "libpthread", "libgcc_s")):
        return "libc"
    if d.startswith(("libcoreclr", "libclrjit", "libclrgc", "libSystem.", "libhostfxr", "libhostpolicy")):
        return "runtime"
    if d.startswith(("[JIT]", "perf-", "memfd:doublemapper")) or d.endswith(".dll") or d.endswith(".map"):
        return "managed"
    return "other"


def check_perf():
    """perf must exist and be allowed to sample other processes; otherwise the figure fails with the reason."""
    if not shutil.which("perf"):
        raise SystemExit("perf is not installed (Debian: apt-get install linux-perf): this figure needs it")
    probe = subprocess.run(["perf", "record", "-q", "-o", "/dev/null", "--", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise SystemExit("perf record cannot run here: " + (probe.stderr.strip().splitlines() or ["no reason given"])[-1]
                         + " (kernel.perf_event_paranoid, or a container without perf events)")


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", url], capture_output=True, text=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return requests, int(bad.group(1)) if bad else 0


def profile(pid, url, seconds, data):
    """One round: load for seconds + 2, perf samples the middle `seconds`; (samples by (dso, sym), CPU µs/request)."""
    before = cpu_ticks(pid)
    load = subprocess.Popen(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds + 2}s", url], stdout=subprocess.PIPE,
                            text=True)
    time.sleep(1)
    subprocess.run(["perf", "record", "-q", "-F", "997", "-p", str(pid), "-o", data, "--", "sleep", str(seconds)],
                   capture_output=True, check=True)
    out, _ = load.communicate()
    after = cpu_ticks(pid)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso,sym",
                             "--percent-limit", "0", "-F", "period,dso,sym", "-t", "\t"],
                            capture_output=True, text=True, check=True).stdout
    periods = collections.Counter()
    for line in report.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].strip().isdigit():
            continue
        periods[(parts[1].strip(), parts[2].strip())] += int(parts[0])
    os.remove(data)
    return periods, (after - before) * 1e6 / TICKS / max(requests, 1)


def shares(periods):
    total = sum(periods.values()) or 1
    by = collections.Counter()
    for (dso, _), p in periods.items():
        by[category(dso)] += p
    return {c: by[c] * 100.0 / total for c in CATEGORIES}


def symbol(dso, sym):
    """A readable name: managed methods as Type::Method (perf map names carry the signature and the assembly)."""
    s = re.sub(r"^\[[.k]\]\s*", "", sym)
    s = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|Tier1|PreJIT|QuickJitted|Instrumented[^\]]*)\]$", "", s).strip()
    if category(dso) == "managed" and "::" in s:
        owner, method = s.split("::", 1)
        owner = re.sub(r"\[[^\]]*\]", "", owner.rsplit(" ", 1)[-1])
        s = owner.rsplit(".", 1)[-1] + "::" + method.split("(", 1)[0]
    return (s[:110] + "…") if len(s) > 111 else s


def main():
    args = parse_args("profile")
    check_perf()
    seconds, rounds, warmup = (2, 1, 3) if args.quick else (4, 3, 15)
    fig = Figure(1, "profile", "Where a hello request's CPU goes", args,
                 params={"connections": CONNECTIONS, "perf_seconds": seconds, "rounds": rounds, "warmup_s": warmup})
    hello = os.path.join(REPO, "examples", "modules", "hello.wasm")
    bare_bin = os.path.join(REPO, "artifacts", "bare", "BareKestrel")
    work = tempfile.mkdtemp(prefix="mik-bench-profile.", dir="/tmp")
    mik = Mik(modules=[hello], server_extra="max_concurrent_requests = 64", env=PROFILE_ENV)
    bare = None
    pids = []
    try:
        mik.start()
        bare_port = free_port()
        bare = subprocess.Popen([bare_bin, "--urls", f"http://127.0.0.1:{bare_port}"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ, **PROFILE_ENV})
        pids += [mik.pid, bare.pid]
        servers = {"mik": (mik.pid, mik.base + "/run/hello/"),
                   "bare": (bare.pid, f"http://127.0.0.1:{bare_port}/run/hello/")}
        for _, url in servers.values():
            wait_until(lambda: http_get(url, timeout=2)[0] == 200, timeout=120, interval=0.2)
            requests, bad = wrk(url, warmup)
            if bad:
                fig.note(f"{url} answered {bad} of {requests} warm-up requests with a non-2xx status")
        results = {name: [] for name in servers}
        for r in range(rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            for name in order:
                pid, url = servers[name]
                results[name].append(profile(pid, url, seconds, os.path.join(work, f"{name}-{r}.data")))

        for name, baseline in (("mik", False), ("bare", True)):
            label = "mik" if name == "mik" else "bare Kestrel"
            per_round = [(shares(p), cpu) for p, cpu in results[name]]
            fig.metric(f"{label}: CPU per request", "µs", [cpu for _, cpu in per_round], baseline=baseline)
            for c in CATEGORIES:
                fig.metric(f"{label}: {LABELS[c]} share", "%", [s[c] for s, _ in per_round], baseline=baseline)
            for c in CATEGORIES:
                fig.metric(f"{label}: {LABELS[c]} per request", "µs", [s[c] * cpu / 100 for s, cpu in per_round],
                           baseline=baseline, digits=2)
        fig.ratio("CPU per request, mik / bare", "mik: CPU per request", "bare Kestrel: CPU per request")

        total = collections.Counter()
        for p, _ in results["mik"]:
            total.update(p)
        grand = sum(total.values()) or 1
        top = collections.Counter()
        for (dso, sym), p in total.items():
            name = symbol(dso, sym)
            top[(category(dso), name if name and not name.startswith("0x") else f"{dso} (no symbol)")] += p
        listed = "; ".join(f"{s} ({LABELS[c]}) {p * 100.0 / grand:.1f} %" for (c, s), p in top.most_common(10))
        fig.note(f"mik's top symbols under {CONNECTIONS} connections, share of its samples over all rounds: {listed}.")
        jit = {}
        for name in results:
            periods = collections.Counter()
            for p, _ in results[name]:
                periods.update(p)
            jit[name] = sum(v for (dso, _), v in periods.items() if dso.startswith("libclrjit")) * 100.0 / (
                sum(periods.values()) or 1)
        # Tiered compilation still at work means the warm-up was too short for the machine: the shares then describe
        # start-up, not the steady state.
        fig.note(f"Of the CoreCLR share, the JIT compiler (libclrjit) took {jit['mik']:.1f} % of mik's samples and "
                 f"{jit['bare']:.1f} % of bare Kestrel's; more than a few percent means the warm-up did not settle.")
        fig.note("Categories by the object a sample's instruction pointer was in; CPU per request is the server's "
                 "user + system time over the whole load of a round divided by the requests wrk completed in it.")
        fig.write()
    finally:
        mik.cleanup()
        if bare is not None:
            bare.terminate()
            try:
                bare.wait(30)
            except subprocess.TimeoutExpired:
                bare.kill()
        shutil.rmtree(work, ignore_errors=True)
        # The runtime writes its perf maps to /tmp and leaves them behind when the process ends.
        for pid in pids:
            for map_file in (f"/tmp/perf-{pid}.map", f"/tmp/perfinfo-{pid}.map"):
                if os.path.exists(map_file):
                    os.remove(map_file)


if __name__ == "__main__":
    main()
