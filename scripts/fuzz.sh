#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md, Fuzzing): afl-fuzz over mik's fuzz targets, instrumented with SharpFuzz.
#   scripts/fuzz.sh [cgi|config|upload|aot|all] [minutes]   fuzz each target for that long (default: all, 5 minutes)
#   scripts/fuzz.sh replay <target> <file|dir>...            run saved inputs (a crash found) through a target
# Starts from the seed corpus in fuzz/corpus/<target>; findings go to artifacts/fuzz/findings/<target>, crashing
# inputs are also copied to artifacts/fuzz/crashes/<target>. Prints per target: execs, corpus size, crashes, hangs;
# exits non-zero when any target crashed. Installs afl++ (Debian) and the sharpfuzz tool (NuGet) when missing.
# FUZZ_NO_BUILD=1 reuses the instrumented build of the previous run (artifacts/fuzz/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

targets=(cgi config upload aot)
out=artifacts/fuzz
bin="$out/bin"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ensure_dotnet

if [[ "${1:-}" == replay ]]; then
  [[ $# -ge 3 ]] || die "usage: scripts/fuzz.sh replay <target> <file|dir>..."
  dotnet build fuzz/Mik.Durable.Fuzz -c Release --nologo -v quiet >/dev/null
  exec dotnet fuzz/Mik.Durable.Fuzz/bin/Release/net10.0/linux-x64/Mik.Durable.Fuzz.dll "${@:2}"
fi

which="${1:-all}"
minutes="${2:-5}"
if [[ "$which" == all ]]; then run=("${targets[@]}"); else run=("$which"); fi
for t in "${run[@]}"; do [[ " ${targets[*]} " == *" $t "* ]] || die "unknown target '$t' (one of: ${targets[*]}, all)"; done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 ]] || die "minutes must be a whole number above 0"

command -v afl-fuzz >/dev/null || apt_install afl++
export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0 >/dev/null

if [[ -z "${FUZZ_NO_BUILD:-}" || ! -f "$bin/Mik.Durable.Fuzz.dll" ]]; then
  # A fresh publish each time: sharpfuzz rewrites the assemblies in place and refuses ones it already instrumented.
  rm -rf "$bin"
  dotnet publish fuzz/Mik.Durable.Fuzz -c Release -o "$bin" --nologo -v quiet
  # mik's own code and the TOML parser; the framework, Wasmtime's native code and the database libraries stay as they are.
  for dll in Mik.Durable.Runtime.dll Mik.Durable.Domain.dll mik.dll Tomlyn.dll; do
    sharpfuzz "$bin/$dll" >/dev/null
  done
fi
mkdir -p "$out/findings"

# afl-fuzz's checks meant for native binaries do not apply to a .NET process (SharpFuzz reports coverage itself).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1

field() { sed -n "s/^$2 *: *//p" "$1" | head -1; }
crashed=0
summary=()
for t in "${run[@]}"; do
  findings="$out/findings/$t"
  rm -rf "$findings" "$out/crashes/$t"
  echo "== fuzzing $t for $minutes minute(s)"
  # -t: per-input budget in ms, generous for a loaded machine (the upload target stops a guest's _routes after 2 s).
  afl-fuzz -i "fuzz/corpus/$t" -o "$findings" -t 20000 -m none -V "$((minutes * 60))" \
    -- dotnet "$bin/Mik.Durable.Fuzz.dll" "$t" > "$out/afl-$t.log" 2>&1 || { tail -30 "$out/afl-$t.log"; die "afl-fuzz failed for $t"; }
  stats="$findings/default/fuzzer_stats"
  crashes=$(field "$stats" saved_crashes)
  line="$t: execs $(field "$stats" execs_done), corpus $(field "$stats" corpus_count) (found $(field "$stats" corpus_found)), crashes $crashes, hangs $(field "$stats" saved_hangs), $(field "$stats" execs_per_sec) execs/s"
  summary+=("$line")
  echo "$line"
  if [[ "${crashes:-0}" != 0 ]]; then
    crashed=1
    mkdir -p "$out/crashes/$t"
    cp "$findings"/default/crashes/id:* "$out/crashes/$t/"
    echo "   replay: scripts/fuzz.sh replay $t $out/crashes/$t"
  fi
done

echo "== fuzz summary ($minutes minute(s) per target)"
printf '%s\n' "${summary[@]}"
exit "$crashed"
