#!/usr/bin/env python3
"""Figure 7: `mik diag bundle` and `mik doctor` against a healthy server, next to the cheapest command that talks
to the same server (`mik circuits`: process start, config, one admin call answered from memory), in rotated
rounds. The server serves the example modules (examples/modules) on a throw-away external PostgreSQL (PostgreSQL's
defaults) with a log file, and has answered requests and taken a deploy first, so the bundle has logs, metrics,
audit events and instances to pack.
"""
import http.client
import json
import os
import resource
import shutil
import signal
import statistics
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, Mik, parse_args  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402

EXAMPLES = os.path.join(REPO, "examples", "modules")
MODULES = sorted(os.path.join(EXAMPLES, f) for f in os.listdir(EXAMPLES) if f.endswith(".wasm"))
HELLO = os.path.join(EXAMPLES, "hello.wasm")
BASELINE, DOCTOR, BUNDLE = "mik circuits", "mik doctor", "mik diag bundle"
# The same doctor with the runtime's own tier-1 delay instead of mik's (mik.runtimeconfig.json, docs/operations.md,
# Runtime settings of the `mik` binary): how much of a short command's CPU is re-compiling hot methods at tier 1.
DOCTOR_DELAY = "mik doctor, runtime's default tier-1 delay"
DELAY_ENV = {"DOTNET_TC_CallCountingDelayMs": "100"}


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def traffic(mik, requests):
    """Requests to each example module in turn over one kept-alive connection: request_completed lines and metrics."""
    names = [os.path.basename(m)[:-len(".wasm")] for m in MODULES]
    conn = http.client.HTTPConnection("127.0.0.1", mik.port, timeout=30)
    try:
        for i in range(requests):
            conn.request("GET", f"/run/{names[i % len(names)]}/")
            r = conn.getresponse()
            r.read()
            if not 200 <= r.status < 300:
                raise RuntimeError(f"{names[i % len(names)]} answered {r.status}")
    finally:
        conn.close()


def manifest_of(archive):
    with tarfile.open(archive) as t:
        for member in t.getmembers():
            if member.name.endswith("manifest.json"):
                return json.load(t.extractfile(member))
    return {}


def main():
    args = parse_args("diagnostics")
    rounds = 2 if args.quick else 5
    requests = 200 if args.quick else 2000
    fig = Figure(7, "diagnostics", "Diagnostics commands on a healthy server", args,
                 params={"rounds": rounds, "requests_before": requests, "postgres": "external, throw-away, defaults",
                         "baseline": BASELINE})
    results = {BASELINE: [], DOCTOR: [], BUNDLE: [], DOCTOR_DELAY: []}
    cpu = {BASELINE: [], DOCTOR: [], BUNDLE: [], DOCTOR_DELAY: []}
    sizes, doctor_failures, collectors, verdicts, warned = [], [], {}, {}, set()
    out_dir = tempfile.mkdtemp(prefix="mik-bench-diag.", dir="/tmp")
    with BenchPostgres() as pg, Mik(modules=MODULES, toml=f'[database]\nurl = "{pg.url}"\n'
                                        '[logging]\nfile = "logs/mik.log"\n') as mik:
        try:
            mik.start()
            traffic(mik, requests)
            with open(HELLO, "rb") as f:
                status, _ = mik.admin_call("PUT", "/modules/greeting", data=f.read())
            if status not in (200, 201):
                raise RuntimeError(f"the deploy answered {status}")

            def run(name):
                c0 = children_cpu()
                if name == BASELINE:
                    code, _, secs = mik.cli("circuits", "--json")
                elif name in (DOCTOR, DOCTOR_DELAY):
                    env = mik.env
                    if name == DOCTOR_DELAY:
                        mik.env = {**env, **DELAY_ENV}
                    try:
                        code, stdout, secs = mik.cli("doctor", "--json")
                    finally:
                        mik.env = env
                    try:
                        report = json.loads(stdout or b"{}")
                    except ValueError:
                        report = {}
                    verdicts.update(report.get("summary", {}))
                    warned.update(c.get("id") for c in report.get("checks", []) if c.get("verdict") == "warn")
                    if code != 0:
                        failed = [c.get("id") for c in report.get("checks", []) if c.get("verdict") == "fail"]
                        doctor_failures.append(f"exit {code}: {', '.join(map(str, failed)) or 'no failed check listed'}")
                else:
                    code, stdout, secs = mik.cli("diag", "bundle", "-o", out_dir)
                    archive = stdout.decode().strip().splitlines()[-1] if code == 0 else ""
                    if code != 0 or not os.path.isfile(archive):
                        raise RuntimeError(f"mik diag bundle exited with {code}")
                    sizes.append(os.path.getsize(archive) / 1024)
                    for c in manifest_of(archive).get("collectors", []):
                        collectors.setdefault(c["name"], []).append(c.get("duration_ms", 0))
                    os.remove(archive)
                if name == BASELINE and code != 0:
                    raise RuntimeError(f"mik circuits exited with {code}")
                cpu[name].append((children_cpu() - c0) * 1000)
                results[name].append(secs * 1000)

            order = [BASELINE, DOCTOR, BUNDLE, DOCTOR_DELAY]
            for r in range(rounds):
                for name in order[r % 4:] + order[:r % 4]:
                    run(name)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)

    fig.metric(f"{BASELINE} (process start, config, one admin call)", "ms", results[BASELINE], baseline=True, digits=0)
    fig.metric(f"{DOCTOR} duration", "ms", results[DOCTOR], digits=0)
    # The diagnostics issue's bounds for a healthy server with the example modules: under 5 s and under 5 MB.
    fig.metric(f"{BUNDLE} duration", "ms", results[BUNDLE], target=("<", 5000), digits=0)
    fig.metric(f"{BUNDLE} archive size", "KiB", sizes, target=("<", 5120))
    fig.metric(f"{BASELINE} CPU", "ms", cpu[BASELINE], baseline=True, digits=0)
    fig.metric(f"{DOCTOR} CPU", "ms", cpu[DOCTOR], digits=0)
    fig.metric(f"{BUNDLE} CPU", "ms", cpu[BUNDLE], digits=0)
    fig.metric(f"{DOCTOR_DELAY} (DOTNET_TC_CallCountingDelayMs=100), CPU", "ms", cpu[DOCTOR_DELAY], digits=0)
    fig.ratio("doctor / baseline, duration", f"{DOCTOR} duration", f"{BASELINE} (process start, config, one admin call)")
    fig.ratio("bundle / baseline, duration", f"{BUNDLE} duration", f"{BASELINE} (process start, config, one admin call)")
    fig.ratio("doctor / baseline, CPU", f"{DOCTOR} CPU", f"{BASELINE} CPU")
    fig.ratio("bundle / baseline, CPU", f"{BUNDLE} CPU", f"{BASELINE} CPU")
    fig.ratio("doctor with the default tier-1 delay / as shipped, CPU",
              f"{DOCTOR_DELAY} (DOTNET_TC_CallCountingDelayMs=100), CPU", f"{DOCTOR} CPU")
    slowest = sorted(((statistics.median(v), k) for k, v in collectors.items()), reverse=True)[:3]
    fig.note(f"The server (the {len(MODULES)} example modules) had answered {requests} requests and taken one deploy "
             "before the first round. The slowest "
             "collectors in the bundle's manifest (median over the rounds): "
             + ", ".join(f"{k} {ms:,.0f} ms" for ms, k in slowest)
             + "; they run side by side, so the slowest one sets the duration.")
    if doctor_failures:
        fig.note(f"`mik doctor` did not exit 0 on this healthy server in {len(doctor_failures)} of {rounds} rounds: "
                 + "; ".join(sorted(set(doctor_failures))) + ".")
    else:
        fig.note("`mik doctor` exited 0 in every round; its last report: "
                 + ", ".join(f"{n} {v}" for v, n in verdicts.items())
                 + (f" (checks that warned in some round: {', '.join(sorted(map(str, warned)))})" if warned else "") + ".")
    fig.write()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
