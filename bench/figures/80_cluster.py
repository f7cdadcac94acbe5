#!/usr/bin/env python3
"""Figure 8: a deploy's way to the rest of the cluster. Two `mik serve` (store mode, the default) share one
throw-away external PostgreSQL (PostgreSQL's defaults: fsync on). Each round deploys a new version of one module
through instance A's admin API (`PUT /modules/{name}`); from A's answer on, A and B are each polled every few ms
on a kept-alive connection of their own until they answer with the new version's body. B's time is the figure,
A's own time in the same round is the baseline. Every version is new bytes with its own body (the hello guest with
its greeting patched), so no instance can have it compiled already.
"""
import hashlib
import http.client
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from benchlib import REPO, Figure, Mik, parse_args, wait_until  # noqa: E402
from benchpg import BenchPostgres  # noqa: E402

HELLO = os.path.join(REPO, "tests", "guests", "wasm", "hello.wasm")
GREETING = b"Hello from mik"
POLL_S = 0.002
MODULE = "greeting"


def version(hello, i):
    """hello.wasm answering `Hello mik NNNN` (the same length as its greeting, so only the data changes)."""
    text = f"Hello mik {i:04d}".encode()
    assert len(text) == len(GREETING) and hello.count(GREETING) == 1
    return hello.replace(GREETING, text), text + b"\n"


def first_new_answer(mik, body, since, out, key, deadline_s=60):
    """Polls mik until it answers `body`; out[key] = seconds from `since` (monotonic) to that answer."""
    conn = http.client.HTTPConnection("127.0.0.1", mik.port, timeout=10)
    try:
        while time.monotonic() - since < deadline_s:
            try:
                conn.request("GET", f"/run/{MODULE}/")
                r = conn.getresponse()
                got = r.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                got = b""
            if got == body:
                out[key] = time.monotonic() - since
                return
            time.sleep(POLL_S)
        out[key] = None
    finally:
        conn.close()


def deploy(a, wasm):
    t0 = time.monotonic()
    status, answer = a.admin_call("PUT", f"/modules/{MODULE}", data=wasm)
    t1 = time.monotonic()
    if status not in (200, 201):
        raise RuntimeError(f"PUT /modules/{MODULE} on A answered {status}: {answer[:300]!r}")
    return t0, t1


def compiles(mik):
    """sha256 -> compile_ms of the instance's module_loaded line for that version."""
    return {line.get("sha256"): line.get("compile_ms") for line in mik.log_lines("module_loaded")}


def main():
    args = parse_args("cluster")
    deploys = 4 if args.quick else 25
    with open(HELLO, "rb") as f:
        hello = f.read()
    fig = Figure(8, "cluster", "Cluster: deploy to first new answer elsewhere", args,
                 params={"deploys": deploys, "poll_ms": POLL_S * 1000, "module_bytes": len(hello),
                         "postgres": "external, throw-away, defaults (fsync on)", "module_source": "store"})
    on_a, on_b, puts, versions = [], [], [], []
    with BenchPostgres() as pg:
        toml = f'[database]\nurl = "{pg.url}"\n'
        with Mik(toml=toml) as a, Mik(toml=toml) as b:
            a.start()
            b.start()
            # Version 0 reaches both before the rounds, so every round is a change of a module both serve.
            wasm, body = version(hello, 0)
            deploy(a, wasm)
            seen = {}
            first_new_answer(b, body, time.monotonic(), seen, "b")
            if seen["b"] is None:
                raise RuntimeError("B never served the first deploy")
            for i in range(1, deploys + 1):
                wasm, body = version(hello, i)
                t0, t1 = deploy(a, wasm)
                puts.append((t1 - t0) * 1000)
                versions.append(hashlib.sha256(wasm).hexdigest())
                seen = {}
                pollers = [threading.Thread(target=first_new_answer, args=(m, body, t1, seen, k))
                           for m, k in ((a, "a"), (b, "b"))]
                for p in pollers:
                    p.start()
                for p in pollers:
                    p.join()
                if seen["a"] is None or seen["b"] is None:
                    raise RuntimeError(f"deploy {i}: {'A' if seen['a'] is None else 'B'} never answered the new version")
                on_a.append(seen["a"] * 1000)
                on_b.append(seen["b"] * 1000)
            # Log lines are written in batches: give the last ones a moment to land.
            for m in (a, b):
                wait_until(lambda: all(h in compiles(m) for h in versions), timeout=30, interval=0.1)
            compiled_a, compiled_b = compiles(a), compiles(b)

    # The cluster issue's target: a deploy reaches the other instances in a median of at most 1 s.
    fig.metric("B: A's answer to B's first new answer", "ms", on_b, target=("<=", 1000))
    fig.metric("A: A's answer to A's first new answer", "ms", on_a, baseline=True, digits=2)
    fig.metric("B: compiling the new version (its module_loaded line's compile_ms)", "ms", [compiled_b[h] for h in versions])
    fig.metric("A: compiling the new version during the PUT (compile_ms)", "ms", [compiled_a[h] for h in versions])
    fig.metric("A: the deploy itself (PUT round trip: checks, compile, commit)", "ms", puts)
    fig.ratio("B / A", "B: A's answer to B's first new answer", "A: A's answer to A's first new answer", digits=1)
    fig.ratio("B / the deploy on A", "B: A's answer to B's first new answer",
              "A: the deploy itself (PUT round trip: checks, compile, commit)")
    fig.note(f"{deploys} deploys of a {len(hello):,}-byte WAGI module, each new bytes; A and B polled every "
             f"{POLL_S * 1000:.0f} ms from A's answer on, each on a kept-alive connection of its own. B is "
             "notified when A commits, before A renames its files and answers, so part of B's work overlaps A's "
             "last steps.")
    fig.write()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()
