"""Thread resolution speed on one long relationship: extract + resolve for N weekly meetings.

    .venv/bin/python benchmarks/threads_bench.py            # 100, 200, 400, 800 meetings
    .venv/bin/python benchmarks/threads_bench.py --sizes 400

Prints, per size, the time to resolve every thread's state (``resolve_threads``) and to build
the brief's open threads (``open_threads``), so a super-linear rule shows up as the ratio
between sizes growing faster than the sizes do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus  # noqa: E402

from coach.engine.memory import history_from_notes  # noqa: E402
from coach.engine.plan import open_threads  # noqa: E402
from coach.engine.threads import resolve_threads  # noqa: E402
from coach.notes.parse import parse_note  # noqa: E402


def run(size: int) -> tuple[float, float, int]:
    notes = [parse_note(text, source=name) for name, text in corpus(size, 1)]
    history = history_from_notes(notes)  # includes one resolve pass
    t0 = time.perf_counter()
    states = resolve_threads(history)
    t1 = time.perf_counter()
    open_threads(history, dt.date(2100, 1, 1))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(states)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,200,400,800")
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        resolve, brief, n = run(size)
        print(f"{size:5d} meetings  {n:5d} threads  resolve {resolve * 1000:7.1f} ms  "
              f"open_threads {brief * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
