"""Pieces of figures 3 and 4 (bench/figures/30_cold_start.py, 40_restart.py): one timed
request with the line mik logged for it, distinct copies of a module, and mik's log lines from one start on.
"""
import http.client
import json
import os
import secrets
import time


def timed_get(mik, path, timeout=900):
    """GET on mik's runtime listener: (status, body, client ms, trace id). The connection is made before the clock
    starts; the trace id (sent as W3C traceparent) finds the lines mik logged for this request."""
    trace = secrets.token_hex(16)
    conn = http.client.HTTPConnection("127.0.0.1", mik.port, timeout=timeout)
    try:
        conn.connect()
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"traceparent": f"00-{trace}-{secrets.token_hex(8)}-01"})
        response = conn.getresponse()
        body = response.read()
        ms = (time.perf_counter() - t0) * 1000
        return response.status, body, ms, trace
    finally:
        conn.close()


def lines_for(mik, trace, message, timeout=60):
    """mik's log lines `message` of the request with this trace id, waiting for the request's own line
    (request_completed is written last; lines are written in batches every 20 ms)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [l for l in mik.log_lines() if (l.get("span") or {}).get("trace_id") == trace]
        if any(l.get("message") == "request_completed" for l in lines):
            return [l for l in lines if l.get("message") == message]
        if time.monotonic() > deadline:
            raise TimeoutError(f"no request_completed line for trace {trace} in {mik.log_path}")
        time.sleep(0.02)


def log_from(path, offset):
    """JSON lines of mik's log written after byte `offset` (one start's lines, when the log is appended to)."""
    out = []
    with open(path, "rb") as f:
        f.seek(offset)
        for raw in f.read().decode(errors="replace").splitlines():
            try:
                out.append(json.loads(raw))
            except ValueError:
                pass
    return out


def variants(wasm_path, count, folder, prefix):
    """`count` copies of a module, each with a custom section of its own: the same code, distinct bytes, so each is a
    module of its own to mik (own sha256, own AOT artifact). Returns their module names."""
    base = open(wasm_path, "rb").read()
    names = []
    for i in range(count):
        name = f"{prefix}{i:02d}"
        section_name = b"bench"
        content = bytes([len(section_name)]) + section_name + name.encode()
        with open(os.path.join(folder, name + ".wasm"), "wb") as f:
            f.write(base + b"\x00" + bytes([len(content)]) + content)
        names.append(name)
    return names
