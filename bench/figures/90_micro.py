#!/usr/bin/env python3
"""Figure 90: micro-benchmarks of the request path (bench/Micro, BenchmarkDotNet).

Builds bench/Micro, runs every benchmark class in one BenchmarkDotNet run and reads its JSON exporter output. Per
benchmark: mean ns/op (one round per BenchmarkDotNet measurement iteration) and allocated bytes/op, and the ratio of
its ns/op to its class's baseline, iteration by iteration. docs/benchmarks.md says what each measures and why that
baseline.

    python3 bench/figures/90_micro.py --out fig.json [--quick]
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from benchlib import REPO, Figure, parse_args  # noqa: E402

PROJECT = os.path.join(REPO, "bench", "Micro")
EXE = os.path.join(PROJECT, "bin", "Release", "net10.0", "linux-x64", "Mik.Durable.Micro")

# The [Benchmark(Baseline = true)] method of each class (BenchmarkDotNet's JSON does not mark it).
BASELINES = {
    "GuestRunBenchmarks": "NoopInstanceAndRun",
    "CgiParseBenchmarks": "SplitLines",
    "AdmissionBenchmarks": "SemaphoreWaitRelease",
    "RequestLogBenchmarks": "WithoutMask",
}

# Full: 15 measured iterations of 250 ms after 5 warm-up ones, per benchmark (with the build, the whole script stays
# within about four minutes on a quiet 2-core machine). Quick: BenchmarkDotNet's dry job, one cold operation each: a check only.
FULL_JOB = ["--launchCount", "1", "--warmupCount", "5", "--iterationCount", "15", "--iterationTime", "250"]
QUICK_JOB = ["--job", "dry"]


def build():
    subprocess.run(["dotnet", "build", PROJECT, "-c", "Release", "--nologo", "-v", "quiet"], check=True, cwd=REPO)


def run(job, artifacts):
    """Runs every benchmark; returns BenchmarkDotNet's benchmarks from its full JSON reports."""
    cmd = [EXE, "--filter", "*", "--exporters", "json", "--artifacts", artifacts, *job]
    print("  " + " ".join(cmd[1:]), flush=True)
    # In a folder of its own: BenchmarkDotNet writes next to where it runs too.
    subprocess.run(cmd, check=True, cwd=artifacts, timeout=900, stdout=sys.stdout, stderr=subprocess.STDOUT)
    benchmarks = []
    for path in sorted(glob.glob(os.path.join(artifacts, "results", "*-report-full*.json"))):
        with open(path) as f:
            benchmarks.extend(json.load(f)["Benchmarks"])
    return benchmarks


def name_of(b):
    kind = b["Type"].removesuffix("Benchmarks")
    params = b.get("Parameters") or ""
    shown = ", ".join(p.split("=", 1)[1] for p in params.split("&") if "=" in p)
    return f"{kind}.{b['Method']}" + (f" ({shown})" if shown else "")


def ns_rounds(b):
    """ns/op of every measured iteration less the cost of an empty call, else BenchmarkDotNet's mean.

    Not BenchmarkDotNet's "Result" iterations: it drops the outliers from those, so two rows' lists would no longer
    pair iteration by iteration; the median of the rounds does not need them dropped.
    """
    def per_op(mode):
        return [m["Nanoseconds"] / m["Operations"] for m in b.get("Measurements", [])
                if m["IterationMode"] == mode and m["IterationStage"] == "Actual" and m["Operations"]]
    workload, overhead = per_op("Workload"), per_op("Overhead")
    if workload:
        empty = statistics.median(overhead) if overhead else 0.0
        return [max(w - empty, 0.0) for w in workload]
    stats = b.get("Statistics")
    return [stats["Mean"]] if stats else []


def main():
    args = parse_args("micro")
    job = QUICK_JOB if args.quick else FULL_JOB
    fig = Figure(9, "micro", "Micro-benchmarks of the request path", args,
                 params={"job": " ".join(job), "toolchain": "in process", "project": "bench/Micro"})
    build()
    artifacts = tempfile.mkdtemp(prefix="mik-bench-micro.", dir="/tmp")
    try:
        benchmarks = run(job, artifacts)
    finally:
        shutil.rmtree(artifacts, ignore_errors=True)
    if not benchmarks:
        sys.exit("BenchmarkDotNet wrote no results")

    measured = {}
    failed = []
    # Baselines first, so each class's baseline is there when its other rows take their ratio.
    ordered = sorted(benchmarks, key=lambda b: (b["Type"], b.get("Parameters") or "", b["Method"] != BASELINES.get(b["Type"])))
    for b in ordered:
        name = name_of(b)
        rounds = ns_rounds(b)
        if not rounds:
            failed.append(name)
            continue
        is_baseline = b["Method"] == BASELINES.get(b["Type"])
        fig.metric(f"{name} time", "ns/op", rounds, baseline=is_baseline)
        allocated = (b.get("Memory") or {}).get("BytesAllocatedPerOperation")
        if allocated is not None:
            fig.metric(f"{name} allocated", "B/op", [allocated], baseline=is_baseline, digits=0)
        key = (b["Type"], b.get("Parameters") or "")
        if is_baseline:
            measured[key] = name
        elif key in measured:
            fig.ratio(f"{name} / {measured[key].split('.', 1)[1]}", f"{name} time", f"{measured[key]} time")
        else:
            fig.note(f"{name}: its class's baseline was not measured, so it has no ratio.")
    if failed:
        fig.note("BenchmarkDotNet measured nothing for: " + ", ".join(failed) + " (its output above says why).")
    fig.note("Each row is one BenchmarkDotNet benchmark of bench/Micro, run in this process (in-process toolchain) "
             f"with {' '.join(job)}; the time rounds are all its measured iterations, outliers kept, each less the "
             "median cost of an empty call (BenchmarkDotNet's overhead iterations). Allocated bytes are measured "
             "once per benchmark.")
    fig.note("BenchmarkDotNet runs one benchmark's iterations back to back, then the next benchmark's: a ratio pairs "
             "the i-th iteration of a row with the i-th of its class's baseline, seconds apart, not interleaved.")
    fig.write()
    if failed and len(failed) == len(benchmarks):
        sys.exit("no benchmark was measured")


if __name__ == "__main__":
    main()
