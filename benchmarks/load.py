"""The web app and API under load (issue 10): concurrent managers on PostgreSQL, several workers.

    .venv/bin/python benchmarks/load.py                      # 20 managers, 4 workers
    .venv/bin/python benchmarks/load.py --managers 3 --workers 2 --requests 60 --duration 30

1. Seeds a fresh PostgreSQL schema (tests' server: trust auth on 127.0.0.1:5432, database
   ``test``; ``--pg-url``) with ``--managers`` web accounts, each owning ``--people`` reports
   with ``--notes`` weekly notes, through the real ingest (benchmarks/load_seed.py).
2. Starts ``coach serve --workers N`` on a free loopback port as a separate process.
3. Runs the load generator (benchmarks/load_driver.py) as a second process: one virtual
   manager per account, all at once, each logged in with its own session and API token,
   bounded by ``--requests`` AND ``--duration`` (whichever ends first), after a warm-up of
   ``--warmup`` requests whose latencies are not counted (their errors are).
4. Prints p50/p95/max per endpoint, the request and error counts, throughput, and the peak
   RSS (VmHWM) of each server worker and of the load generator; ``--json`` saves them.

Why an asyncio + httpx driver and not locust: httpx is already a test dependency, whereas
locust brings gevent, Flask and a web UI for what is ~200 lines here; and the driver checks
every response's content for its own manager (no other manager's names, emails or marker
words), which is plain Python either way. Exit status 1 when any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from load_driver import ENDPOINTS, drive  # noqa: E402
from load_seed import DEFAULT_PG_URL, TODAY, pg_problem, pg_schema, seed  # noqa: E402
from load_server import Server  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(*, managers: int = 20, people: int = 6, notes: int = 12, workers: int = 4,
        requests: int = 3000, duration_s: float = 240.0, warmup: int | None = None,
        embedder: str = "auto", pg_url: str = DEFAULT_PG_URL, in_process: bool = False,
        log=print, after_start=None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Seed, serve, drive; the numbers as a dict. ``in_process`` runs the driver in this
    process (for the smoke test) instead of a second one; ``after_start(server, managers)``
    runs once the server is up, before the load (the smoke test's own checks)."""
    warmup = managers * 4 if warmup is None else warmup
    with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp, pg_schema(pg_url) as db_url:
        home = Path(tmp)
        log(f"seeding {managers} managers x {people} people x {notes} notes "
            f"({embedder} embedder) ...")
        t0 = time.perf_counter()
        owners = seed(home, db_url, managers, people, notes, embedder, log=log)
        seeded_s = time.perf_counter() - t0
        spec = [{"index": m.index, "email": m.email, "password": m.password, "token": m.token,
                 "people": m.people, "marker": m.marker} for m in owners]
        server = Server(home, db_url, workers, embedder, TODAY.isoformat())
        try:
            server.wait_up()
            log(f"coach serve --workers {workers} up at {server.url} (worker pids "
                f"{server.worker_pids}); driving ...")
            if after_start is not None:
                after_start(server, owners)
            job = {"url": server.url, "managers": spec, "requests": requests,
                   "duration_s": duration_s, "warmup": warmup}
            cpu_before = server.cpu()
            result = (asyncio.run(drive(**job)) if in_process
                      else _drive_in_second_process(home, job))
            result["workers_cpu_s"] = server.cpu() - cpu_before
            result["worker_pids_after"] = server.find_workers()
            result["workers_peak_rss_mib"] = server.peak_rss()
            if sorted(result["worker_pids_after"]) != sorted(server.worker_pids):
                result["errors_total"] += 1
                result["errors"].append(f"worker processes changed during the run (a crash?): "
                                        f"{server.worker_pids} -> {result['worker_pids_after']}")
            if result["errors_total"]:
                result["server_log_tail"] = server.log_tail()
        finally:
            server.stop()
    result.update({"workers": workers, "people_per_manager": people, "notes_per_person": notes,
                   "embedder": embedder, "seed_s": seeded_s, "requests_limit": requests,
                   "duration_limit_s": duration_s})
    return result


def _drive_in_second_process(home: Path, job: dict[str, Any]) -> dict[str, Any]:
    spec_path, out_path = home / "load-spec.json", home / "load-result.json"
    spec_path.write_text(json.dumps(job))
    subprocess.run([sys.executable, str(HERE / "load_driver.py"), str(spec_path),
                    str(out_path)], check=True)
    result: dict[str, Any] = json.loads(out_path.read_text())
    return result


def report(r: dict[str, Any]) -> str:
    lines = [f"{r['managers']} managers x {r['people_per_manager']} people x "
             f"{r['notes_per_person']} notes, PostgreSQL, coach serve --workers {r['workers']}, "
             f"{r['embedder']} embedder (seeded in {r['seed_s']:.0f} s)",
             f"{'endpoint':<26}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
             f"{'max ms':>9}"]
    for kind, label in ENDPOINTS.items():
        values = r["latencies"].get(kind, [])
        if not values:
            continue
        lines.append(f"{label:<26}{len(values):>9}{r['error_counts'].get(kind, 0):>8}"
                     f"{_pct(values, .5) * 1000:>9.0f}{_pct(values, .95) * 1000:>9.0f}"
                     f"{max(values) * 1000:>9.0f}")
    if r["logins"]:
        lines.append(f"login (not counted): median {statistics.median(r['logins']) * 1000:.0f} "
                     f"ms over {len(r['logins'])}")
    lines.append(f"requests {r['requests']} (+{r['warmup_requests']} warm-up) in "
                 f"{r['elapsed_s']:.1f} s, stopped by {r['stopped_by']} limit "
                 f"({r['requests_limit']} requests / {r['duration_limit_s']:.0f} s): "
                 f"{r['requests'] / r['elapsed_s']:.1f} requests/s; errors {r['errors_total']}")
    lines.append(f"fresh notes: {r['fresh_found']} of {r['fresh_asked']} asks right after an "
                 "add (through any worker) cited the new note")
    total = r["requests"] + r["warmup_requests"] + len(r["logins"])
    lines.append(f"server CPU: {r['workers_cpu_s']:.1f} s over the {r['workers']} workers for "
                 f"{total} requests (logins, warm-up and first loads included): "
                 f"{r['workers_cpu_s'] / total * 1000:.0f} ms a request; load generator CPU "
                 f"{r['driver_cpu_s']:.1f} s")
    rss = ", ".join(f"{v:.0f}" if v is not None else "?"
                    for v in r["workers_peak_rss_mib"].values())
    lines.append(f"peak RSS (MiB): server workers {rss}; load generator {r['maxrss_mib']:.0f}")
    for error in r["errors"][:20]:
        lines.append(f"  ERROR {error}")
    if r.get("server_log_tail"):
        lines.append("server log (tail):\n" + r["server_log_tail"])
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--managers", type=int, default=20)
    p.add_argument("--people", type=int, default=6, help="reports per manager")
    p.add_argument("--notes", type=int, default=12, help="weekly notes per report")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--requests", type=int, default=3000, help="stop after this many requests")
    p.add_argument("--duration", type=float, default=240.0, help="... or after these seconds")
    p.add_argument("--warmup", type=int, default=None,
                   help="requests before measuring (default: 4 per manager)")
    p.add_argument("--embedder", default="auto", help="auto (ONNX MiniLM) or hashing")
    p.add_argument("--pg-url", default=DEFAULT_PG_URL)
    p.add_argument("--json", type=Path, help="also save the numbers here")
    p.add_argument("--skip-without-pg", action="store_true",
                   help="exit 0 with a message when PostgreSQL is not reachable (make bench)")
    a = p.parse_args()
    problem = pg_problem(a.pg_url)
    if problem:
        print(f"load: {'skipped' if a.skip_without_pg else 'cannot run'}: {problem}")
        return 0 if a.skip_without_pg else 2
    r = run(managers=a.managers, people=a.people, notes=a.notes, workers=a.workers,
            requests=a.requests, duration_s=a.duration, warmup=a.warmup, embedder=a.embedder,
            pg_url=a.pg_url)
    print(report(r))
    if a.json:
        a.json.write_text(json.dumps(r, indent=1))
    return 1 if r["errors_total"] else 0


if __name__ == "__main__":
    sys.exit(main())
