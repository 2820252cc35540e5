"""Load one URL at a fixed concurrency for a fixed time, from its own process.

    python -m meetings.loadgen http://127.0.0.1:8000/ --duration 10 --concurrency 8

Prints one JSON object: requests, requests per second, latency percentiles
in milliseconds, and errors (refused or broken connections, timeouts, any
status but 200). It uses wrk (Debian's `wrk` package) when it is installed
or asked for with --tool wrk, and otherwise a load generator of its own on
asyncio, so that a machine with Python alone can run the benchmark. Both
keep `concurrency` requests in flight, each on a new connection when the
server closes it (gunicorn's sync workers do), and time each request from
connecting to the last byte. wrk costs less CPU: on a small machine where
the load generator shares the cores with the server, it disturbs the figures
less.

Standard library only, so that it runs without Django.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

# wrk's summary as JSON, printed when the run is done.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p95_ms": %f, '
    .. '"p99_ms": %f, "max_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of sorted values (share in 0-100)."""
    if not values:
        return math.nan
    rank = max(1, math.ceil(share / 100 * len(values)))
    return values[rank - 1]


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    """Return the report of a run from its latencies (seconds) and errors."""
    latencies = sorted(latencies)
    requests = len(latencies)
    return {
        "requests": requests,
        "seconds": round(seconds, 3),
        "rps": round(requests / seconds, 1) if seconds > 0 else 0.0,
        "errors": errors,
        "p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else math.nan,
    }


async def _load(url: str, duration: float, concurrency: int) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "User-Agent: council-benchmark\r\nAccept: text/html,*/*\r\n"
        "Accept-Encoding: identity\r\nConnection: close\r\n\r\n"
    ).encode("ascii")
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + duration
    finished = started

    async def one() -> bool:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(request)
            await writer.drain()
            status = await reader.readline()
            await reader.read()  # the server closes the connection at the end
        finally:
            writer.close()
        return status.split(b" ", 2)[1:2] == [b"200"]

    async def worker() -> None:
        nonlocal errors, finished
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                ok = await asyncio.wait_for(one(), timeout=30)
            except (OSError, IndexError):  # TimeoutError is an OSError
                ok = False
            ended = time.perf_counter()
            finished = max(finished, ended)
            if ok:
                latencies.append(ended - began)
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return summary(latencies, errors, finished - started)


def run_python(url: str, duration: float, concurrency: int) -> dict:
    report = asyncio.run(_load(url, duration, concurrency))
    report["tool"] = "python"
    return report


def wrk_version() -> str:
    """Return e.g. "wrk 4.1.0", or "" when wrk is not installed."""
    if not shutil.which("wrk"):
        return ""
    result = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True, check=False
    )
    words = (result.stdout or result.stderr).split()
    return f"wrk {words[1]}" if len(words) > 1 else "wrk"


def run_wrk(url: str, duration: float, concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        threads = max(1, min(concurrency, os.cpu_count() or 1))
        result = subprocess.run(
            [
                "wrk",
                f"--threads={threads}",
                f"--connections={concurrency}",
                f"--duration={max(1, round(duration))}s",
                "--timeout=30s",
                "--header=Accept-Encoding: identity",
                f"--script={script.name}",
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=duration + 120,
        )
    finally:
        os.unlink(script.name)
    line = next(
        (line for line in result.stdout.splitlines() if line.startswith("{")), None
    )
    if result.returncode or line is None:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    raw = json.loads(line)
    seconds = raw["seconds"]
    # wrk counts every response; those with an error status are in "errors".
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds > 0 else 0.0,
        "errors": raw["errors"],
        **{key: round(raw[key], 2) for key in ("p50_ms", "p95_ms", "p99_ms")},
        "max_ms": round(raw["max_ms"], 2),
        "tool": "wrk",
    }


def run(url: str, duration: float, concurrency: int, tool: str = "auto") -> dict:
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "python"
    if tool == "wrk":
        return run_wrk(url, duration, concurrency)
    return run_python(url, duration, concurrency)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args(argv)
    report = run(args.url, args.duration, args.concurrency, args.tool)
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
