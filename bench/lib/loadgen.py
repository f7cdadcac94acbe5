"""HTTP load for the figure scripts: wrk (closed loop), bench/openloop (constant rate), bare Kestrel as a baseline.

    from loadgen import Bare, openloop, wrk, wrk_measure
    with Bare() as bare:
        got = wrk_measure(bare.url, bare.pid, connections=32, seconds=5)   # req/s, CPU µs per request, errors
        lat = openloop(bare.url, rate=10000, connections=32, seconds=10, expect="Hello")
"""
import glob
import json
import os
import re
import subprocess
import time

from benchlib import REPO, TICKS, cpu_ticks, free_port, http_get, wait_until

OPENLOOP_SRC = os.path.join(REPO, "bench", "openloop")
OPENLOOP = os.path.join(REPO, "artifacts", "openloop", "openloop")
BARE = os.path.join(REPO, "artifacts", "bare", "BareKestrel")
HELLO = os.path.join(REPO, "examples", "modules", "hello.wasm")
HELLO_TEXT = "Hello from mik"
# As in production under systemd (deploy/systemd/mik.toml): every line to stdout (here a file, benchlib.Mik) and to
# logging.file. max_concurrent_requests as bench/run.sh.
MIK_SERVER = "max_concurrent_requests = 64"
MIK_LOGGING = '[logging]\nfile = "logs/mik.log"\n'


def build_openloop():
    """Compiles bench/openloop with gcc into artifacts/openloop/openloop when a source is newer than the binary."""
    sources = sorted(glob.glob(os.path.join(OPENLOOP_SRC, "*.[ch]")))
    if os.path.exists(OPENLOOP) and os.path.getmtime(OPENLOOP) >= max(os.path.getmtime(s) for s in sources):
        return OPENLOOP
    os.makedirs(os.path.dirname(OPENLOOP), exist_ok=True)
    subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-std=gnu11", "-pthread", "-o", OPENLOOP,
                    *[s for s in sources if s.endswith(".c")]], check=True)
    return OPENLOOP


def openloop(url, rate, connections, seconds, warmup=1.0, expect=None, extract=None, threads=1, timeout=10):
    """One run of bench/openloop: its JSON (rate 0 = closed loop). Latencies in µs from the moment each was due."""
    cmd = [build_openloop(), "--url", url, "--rate", str(rate), "--connections", str(connections),
           "--duration", str(seconds), "--warmup", str(warmup), "--threads", str(threads), "--timeout", str(timeout)]
    if expect:
        cmd += ["--expect", expect]
    if extract:
        cmd += ["--extract", extract]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + warmup + timeout + 60)
    if not r.stdout.strip():
        raise RuntimeError(f"openloop failed ({r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def wrk(url, connections, seconds, threads=1):
    """One closed-loop wrk run: requests, req/s, and non-2xx/3xx and socket errors. One thread by default: on a
    2-core machine the load generator then takes one core and the server the other (bench/run.sh)."""
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", url], capture_output=True,
                         text=True, timeout=seconds + 60).stdout
    found = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not found or not rate:
        raise RuntimeError(f"wrk printed no result: {out.strip()}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"requests": int(found.group(1)), "rate": float(rate.group(1)),
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": sum(int(x) for x in sock.groups()) if sock else 0}


def wrk_measure(url, pid, connections, seconds):
    """wrk against a server process: its req/s, its CPU µs per request (user + system), and the errors."""
    before = cpu_ticks(pid)
    got = wrk(url, connections, seconds)
    cpu_us = (cpu_ticks(pid) - before) * 1e6 / TICKS
    got["cpu_us_per_request"] = cpu_us / max(got["requests"], 1)
    got["errors"] = got["non2xx"] + got["socket_errors"]
    return got


class Bare:
    """bench/BareKestrel (published by bench/all.sh into artifacts/bare): Kestrel answering the hello guest's bytes
    at /run/hello/ with no sandbox, no logging."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/run/hello/"
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid

    def start(self, timeout=60):
        if not os.path.exists(BARE):
            raise RuntimeError(f"{BARE} missing: dotnet publish bench/BareKestrel -c Release -o artifacts/bare")
        self.proc = subprocess.Popen([BARE, "--urls", f"http://127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)

        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"BareKestrel exited with {self.proc.returncode}")
            return http_get(self.url, timeout=2)[0] == 200
        wait_until(ready, timeout)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def settle(seconds=1.0):
    """A pause between measurements, so one's tail (GC, log flush) does not land in the next."""
    time.sleep(seconds)
