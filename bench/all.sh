#!/usr/bin/env bash
# Every benchmark figure in one run: each bench/figures/NN_<key>.py measures one figure next to its baseline, in
# alternating rounds, and writes its JSON; bench/lib/report.py then prints one table, writes
# bench/results/<utc>.json (machine, versions, every round, median and spread) and regenerates the figures section
# of docs/benchmarks.md from it. Run as root on a quiet machine (it installs wrk, gcc, PostgreSQL when missing).
#   bench/all.sh [--quick] [--only key[,key...]]
#     --quick  few, short rounds: checks that every script works (the results say so); not a measurement
#     --only   just those figures (by key, e.g. --only cold_start,memory)
#     with either, the results go to bench/results/partial/ (not kept in git)
#     and docs/benchmarks.md is left alone
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
quick=""; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=--quick ;;
    --only) only=$2; shift ;;
    *) die "unknown argument $1 (bench/all.sh [--quick] [--only key,...])" ;;
  esac
  shift
done

ensure_dotnet
ensure_postgres
ensure_python
command -v wrk >/dev/null || apt_install wrk
command -v gcc >/dev/null || apt_install gcc
command -v psql >/dev/null || apt_install postgresql-client

echo "building mik and the baselines..."
dotnet publish src/Api -c Release -o artifacts/mik --nologo -v quiet
dotnet publish bench/BareKestrel -c Release -o artifacts/bare --nologo -v quiet
export MIK_BINARY=$PWD/artifacts/mik/mik

run=$(mktemp -d /tmp/mik-bench-run.XXXXXX)
trap 'rm -rf "$run"' EXIT
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
start_s=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for script in bench/figures/[0-9]*.py; do
  name=$(basename "$script" .py)     # NN_key
  key=${name#*_}
  if [ -n "$only" ] && [[ ",$only," != *",$key,"* ]]; then continue; fi
  echo "== $name"
  # A figure that hangs must not hold up the rest: 20 minutes, then SIGINT (its `with` blocks clean up).
  if ! timeout --signal=INT --kill-after=60 1200 python3 "$script" --out "$run/fig-$name.json" $quick 2>&1 \
      | tee "$run/$name.log"; then :; fi
  if [ ! -s "$run/fig-$name.json" ]; then
    # A figure that failed is still in the results, with its reason, so a missing figure is never silent.
    python3 - "$run/fig-$name.json" "$name" "$key" "$run/$name.log" <<'PY'
import json, sys
out, name, key, log = sys.argv[1:]
tail = [l.strip() for l in open(log, errors="replace").read().splitlines() if l.strip()][-3:]
json.dump({"figure": int(name.split("_")[0]), "key": key, "title": key,
           "error": "the script failed: " + (" / ".join(tail) or "no output")}, open(out, "w"))
PY
  fi
done

python3 - "$run/run.json" "$started" "$start_s" "$load_before" "$quick" <<'PY'
import json, os, platform, re, subprocess, sys, time
out, started, start_s, load_before, quick = sys.argv[1:]
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ""
mik = sh(os.environ["MIK_BINARY"], "--version").splitlines()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) / 1048576
props = open("Directory.Packages.props").read()
pkg = lambda n: (re.search(rf'Include="{re.escape(n)}" Version="([^"]+)"', props) or [None, "?"])[1]
osr = dict(l.rstrip().split("=", 1) for l in open("/etc/os-release") if "=" in l)
pg = sh("bash", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1")
versions = {
    "mik": mik[0].split()[-1] if mik else "?",
    ".NET": next((l.split()[1] for l in mik if l.startswith(".NET")), "?"),
    "Wasmtime": next((l.split()[1] for l in mik if l.startswith("wasmtime")), "?"),
    "Marten": pkg("Marten"), "Npgsql": pkg("Npgsql"),
    "PostgreSQL": sh(pg + "/postgres", "--version").split()[-1] if pg else "?",
    "wrk": (sh("bash", "-c", "wrk -v 2>&1 | head -1").split() or ["?", "?"])[1],
    "kernel": platform.release(),
}
json.dump({
    "started_utc": started, "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "duration_s": time.time() - int(start_s), "quick": bool(quick),
    "commit": sh("git", "rev-parse", "--short", "HEAD"), "dirty": bool(sh("git", "status", "--porcelain", "--untracked-files=no")),
    "machine": {"cpus": os.cpu_count(), "cpu_model": cpu, "mem_gib": round(mem, 1),
                "os": osr.get("PRETTY_NAME", "?").strip('"'),
                "loadavg_before": load_before, "loadavg_after": " ".join(open("/proc/loadavg").read().split()[:3])},
    "versions": versions,
}, open(out, "w"), indent=1)
PY

if [ -n "$only" ] || [ -n "$quick" ]; then
  mkdir -p bench/results/partial
  python3 - "$run" <<'PY'
import glob, json, os, sys
sys.path.insert(0, "bench/lib")
import report
run_dir = sys.argv[1]
run = json.load(open(os.path.join(run_dir, "run.json")))
run["figures"] = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(run_dir, "fig-*.json")))]
out = os.path.join("bench/results/partial", run["finished_utc"].replace(":", "") + ".json")
json.dump(run, open(out, "w"), indent=1)
print(report.table(run))
print(f"\npartial results: {out} (docs/benchmarks.md left alone)")
PY
else
  python3 bench/lib/report.py merge "$run"
fi
