"""Shared pieces of the figure scripts in bench/figures/ (run by bench/all.sh).

A figure script measures one figure next to its baseline, in alternating rounds, and writes one JSON object
(`Figure.write`) that bench/lib/report.py turns into the table, bench/results/<utc>.json and docs/benchmarks.md.
Nothing here asserts a time: a figure records what it measured, and a target it misses is reported as missed.

    from benchlib import Figure, Mik, parse_args
    args = parse_args("cold_start")                # --out FILE, --quick
    fig = Figure(3, "cold_start", "Cold start of a 1 MB module", args)
    fig.metric("first request, no artifact", "ms", rounds=[...])
    fig.ratio("compile / warm artifact", "first request, no artifact", "first request, warm artifact", target=(">=", 50))
    fig.write()
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIK = os.environ.get("MIK_BINARY", os.path.join(REPO, "artifacts", "mik", "mik"))
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args(key, extra=None):
    p = argparse.ArgumentParser(description=f"benchmark figure {key}")
    p.add_argument("--out", required=True, help="where to write the figure's JSON")
    p.add_argument("--quick", action="store_true", help="fewer, shorter rounds: checks the script, measures little")
    if extra:
        extra(p)
    return p.parse_args()


def summary(values):
    """Median and spread of one metric's rounds."""
    xs = [float(v) for v in values]
    if not xs:
        return {"median": None, "min": None, "max": None, "spread_pct": None}
    med = statistics.median(xs)
    spread = (max(xs) - min(xs)) / med * 100 if med else None
    return {"median": med, "min": min(xs), "max": max(xs), "spread_pct": spread}


def meets(value, target):
    if target is None or value is None:
        return None
    op, bound = target
    return {">=": value >= bound, "<=": value <= bound, "<": value < bound, ">": value > bound}[op]


class Figure:
    """One figure's results: metrics (every round kept) and ratios computed round by round."""

    def __init__(self, number, key, title, args=None, params=None):
        self.doc = {"figure": number, "key": key, "title": title, "quick": bool(args and args.quick),
                    "params": params or {}, "metrics": [], "ratios": [], "notes": [], "started_utc": utc_now()}
        self.out = args.out if args else None

    def metric(self, name, unit, rounds, target=None, baseline=False, digits=1):
        """A measured value, one entry per round; `baseline` marks the comparison row (bare Kestrel, ...)."""
        row = {"name": name, "unit": unit, "rounds": [round(float(r), 6) for r in rounds], "baseline": baseline,
               "digits": digits, **summary(rounds)}
        if target:
            row["target"] = list(target)
            row["met"] = meets(row["median"], target)
        self.doc["metrics"] = [m for m in self.doc["metrics"] if m["name"] != name] + [row]
        return row

    def ratio(self, name, numerator, denominator, target=None, digits=2):
        """numerator / denominator per round (the rounds alternate, so each pair is seconds apart), then the median."""
        num = self._rounds(numerator)
        den = self._rounds(denominator)
        by_round = [a / b for a, b in zip(num, den) if b]
        row = {"name": name, "of": numerator, "over": denominator, "by_round": [round(x, 4) for x in by_round],
               "digits": digits, **summary(by_round)}
        if target:
            row["target"] = list(target)
            row["met"] = meets(row["median"], target)
        self.doc["ratios"].append(row)
        return row

    def note(self, text):
        self.doc["notes"].append(text)

    def _rounds(self, name):
        for m in self.doc["metrics"]:
            if m["name"] == name:
                return m["rounds"]
        raise KeyError(f"no metric named {name!r}")

    def write(self):
        self.doc["finished_utc"] = utc_now()
        with open(self.out, "w") as f:
            json.dump(self.doc, f, indent=1)
        for m in self.doc["metrics"]:
            print(f"  {m['name']}: {fmt(m['median'], m['digits'])} {m['unit']} "
                  f"(rounds {', '.join(fmt(r, m['digits']) for r in m['rounds'])})")
        for r in self.doc["ratios"]:
            print(f"  {r['name']}: {fmt(r['median'], r['digits'])} (by round {', '.join(fmt(x, 2) for x in r['by_round'])})"
                  + (f", target {r['target'][0]} {r['target'][1]}: {'met' if r['met'] else 'MISSED'}" if "target" in r else ""))


def fmt(value, digits=1):
    if value is None:
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def utc_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ticks(pid):
    """user + system CPU of a process so far, in clock ticks (1/TICKS s)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def http_get(url, headers=None, timeout=10, data=None, method=None):
    """(status, body bytes); a refused connection is status 0."""
    req = urllib.request.Request(url, headers=headers or {}, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, ConnectionError, socket.timeout):
        return 0, b""


def wait_until(check, timeout=60, interval=0.005):
    """Polls check() until it is truthy; returns seconds waited (raises after `timeout`)."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"not true after {timeout} s")
        time.sleep(interval)


class Mik:
    """The published mik binary on its own ports and work folder under /tmp (PostgreSQL runs as `postgres`).

    `toml` is appended after a generated [server]/[admin]/[state] head, so a figure adds its own tables
    (`[database]`, `[cluster]`, `[modules.x]`) or server keys via `server_extra`.
    """

    def __init__(self, work=None, modules=(), toml="", server_extra="", env=None, api_key="bench-key"):
        self.work = work or tempfile.mkdtemp(prefix="mik-bench.", dir="/tmp")
        os.chmod(self.work, 0o755)
        self.modules_dir = os.path.join(self.work, "modules")
        os.makedirs(self.modules_dir, exist_ok=True)
        for m in modules:
            shutil.copy(m, self.modules_dir)
        self.port, self.admin_port = free_port(), free_port()
        self.api_key = api_key
        self.base = f"http://127.0.0.1:{self.port}"
        self.admin = f"http://127.0.0.1:{self.admin_port}"
        self.config = os.path.join(self.work, "mik.toml")
        with open(self.config, "w") as f:
            f.write(f'[server]\nhost = "127.0.0.1"\nport = {self.port}\nmodules = "modules"\n{server_extra}\n'
                    f'[admin]\nport = {self.admin_port}\n[state]\ndir = "state"\n{toml}\n')
        self.env = {**os.environ, "MIK_API_KEY": api_key, **(env or {})}
        self.proc = None
        self.log_path = os.path.join(self.work, "mik.log")

    @property
    def pid(self):
        return self.proc.pid

    def start(self, wait=True, timeout=120):
        """Starts `mik serve`; with `wait`, returns seconds from exec to /health 200 (ready)."""
        log = open(self.log_path, "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen([MIK, "serve", "--config", self.config], stdout=log, stderr=subprocess.STDOUT,
                                     env=self.env, cwd=self.work)
        if not wait:
            return None
        self.wait_ready(timeout)
        return time.monotonic() - t0

    def wait_ready(self, timeout=120):
        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"mik exited with {self.proc.returncode}: {self.log_tail()}")
            return http_get(self.base + "/health", timeout=2)[0] == 200
        return wait_until(ready, timeout)

    def stop(self, timeout=60):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cli(self, *args, timeout=300):
        """Runs a mik command against this instance's config: (exit code, stdout, seconds)."""
        t0 = time.monotonic()
        r = subprocess.run([MIK, *args, "--config", self.config], capture_output=True, env=self.env,
                           cwd=self.work, timeout=timeout)
        return r.returncode, r.stdout, time.monotonic() - t0

    def admin_call(self, method, path, data=None, headers=None):
        return http_get(self.admin + path, headers={"X-API-Key": self.api_key, **(headers or {})}, data=data,
                        method=method, timeout=120)

    def log_tail(self, lines=3):
        with open(self.log_path, errors="replace") as f:
            return " / ".join(line.strip() for line in f.read().splitlines()[-lines:])

    def log_lines(self, message=None):
        """mik's JSON log lines (those with `message` == message when given)."""
        out = []
        with open(self.log_path, errors="replace") as f:
            for line in f:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if message is None or obj.get("message") == message:
                    out.append(obj)
        return out

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
