#!/usr/bin/env bash
# The suite on a busy machine, as CI may meet it: clones the committed HEAD into a fresh folder, starts CPU-heavy
# processes beside it (BURNERS busy loops at normal priority, default 1), and runs the README's test command there
# RUNS times in a row. Prints each run's closing line; exits non-zero when any run failed. Not part of
# scripts/test.sh: three runs take about half an hour on two cores.
#   scripts/test-under-load.sh [runs=3] [burners=1]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
burner_count=${2:-1}

clone=$(mktemp -d /tmp/mik-under-load.XXXXXX)
git clone -q . "$clone/mik"
burners=()
cleanup() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$clone"
}
trap cleanup EXIT
for _ in $(seq "$burner_count"); do
  python3 -c 'while True: pass' &
  burners+=($!)
done

status=0
for run in $(seq "$runs"); do
  if (cd "$clone/mik" && ./scripts/test.sh >"$clone/run-$run.log" 2>&1); then result=ok; else result=FAILED; status=1; fi
  echo "run $run ($result, load $(cut -d' ' -f1-3 /proc/loadavg)): $(tail -n 1 "$clone/run-$run.log")"
  if [ "$result" = FAILED ]; then
    grep -E '^\s*failed |error TESTERROR|\[FAIL\]' "$clone/run-$run.log" | head -20 || true
    cp "$clone/run-$run.log" "/tmp/mik-under-load-run-$run.log"
    echo "full log: /tmp/mik-under-load-run-$run.log"
  fi
done
exit $status
