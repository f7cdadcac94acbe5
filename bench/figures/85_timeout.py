"""Figure 10: how precisely mik stops a runaway handler at its timeout.

An endless-loop guest under `request_timeout_secs = 1`, one request at a time, alternating with the hello guest
(the baseline: a request nothing interrupts). Durations are mik's own (`request_completed`'s `duration_ms`), so the
client's clock and connection set-up are not in them. Target: answered 504 within the timeout + 100 ms.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, Mik, http_get, parse_args  # noqa: E402

args = parse_args("timeout")
requests = 5 if args.quick else 40
fig = Figure(10, "timeout", "A runaway handler stopped at its timeout", args,
             params={"request_timeout_secs": 1, "requests of each": requests})
wasm = os.path.join(REPO, "tests", "guests", "wasm")
# Every loop request is a failure: the circuit must stay closed to measure them.
with Mik(modules=[os.path.join(wasm, "loop.wasm"), os.path.join(wasm, "hello.wasm")],
         server_extra="request_timeout_secs = 1\n", toml="[breaker]\nfailure_threshold = 10000\n") as mik:
    mik.start()
    for _ in range(3):   # compiled code and pooled slots warm
        http_get(mik.base + "/run/loop"), http_get(mik.base + "/run/hello")
    time.sleep(1)        # the warm-up's log lines must be written before the mark
    mark = len(mik.log_lines("request_completed"))
    statuses = []
    for _ in range(requests):
        statuses.append(http_get(mik.base + "/run/loop", timeout=30)[0])
        http_get(mik.base + "/run/hello")
    time.sleep(1)        # the log is written every 20 ms
    lines = mik.log_lines("request_completed")[mark:]
loop = [entry["duration_ms"] - 1000 for entry in lines if entry.get("path") == "/run/loop" and entry.get("status") == 504]
hello = [entry["duration_ms"] for entry in lines if entry.get("path") == "/run/hello" and entry.get("status") == 200]
if not loop or not hello:
    sys.exit("no request_completed lines for the loop or the hello guest")
fig.metric("hello guest: duration", "ms", hello, baseline=True, digits=2)
fig.metric("loop guest: overshoot past the 1 s timeout", "ms", loop)
fig.metric("loop guest: largest overshoot", "ms", [max(loop)], target=("<=", 100))
fig.note(f"The loop guest was answered 504 {statuses.count(504)} times of {len(statuses)}.")
fig.write()
