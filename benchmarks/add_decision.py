"""What adding one note costs in thread decisions, without the store (for A/B on a busy machine).

    .venv/bin/python benchmarks/add_decision.py [--meetings 100] [--runs 15]

One person with ``--meetings`` weekly notes plus one more (benchmarks/corpus.py), in memory.
Each run does what ingest does after storing the note: build the person's matcher, decide
every thread (``resolve_states``), then the kept facts (``compute_facts`` with the previous
facts, as ``write_summary`` does). Prints the minimum and median CPU time of each part (the
minimum is the steadiest number when other jobs share the cores) and how many lines the
matcher scored per add (``_matches`` calls: exact, the same on any machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus, extra_note  # noqa: E402

from coach.engine import matcher as matcher_module  # noqa: E402
from coach.engine.ingest import resolve_states, set_states  # noqa: E402
from coach.engine.memo import compute_facts, forget, keep_matcher, matcher_for  # noqa: E402
from coach.engine.memory import history_from_notes  # noqa: E402
from coach.notes.parse import parse_note  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--meetings", type=int, default=100)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    pairs = [*corpus(args.meetings, 1), extra_note(100)]
    history = history_from_notes([parse_note(text, source=name) for name, text in pairs])
    previous = compute_facts(history)
    calls = [0]
    scored = matcher_module.ThreadMatcher._matches

    def counted(self, *a, **k):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return scored(self, *a, **k)

    matcher_module.ThreadMatcher._matches = counted  # type: ignore[method-assign]
    states, facts = [], []
    for _ in range(args.runs):
        forget(history)
        t0 = time.process_time()
        matcher = matcher_for(history)
        set_states(history, resolve_states(history))
        keep_matcher(history, matcher)
        t1 = time.process_time()
        compute_facts(history, previous)
        t2 = time.process_time()
        states.append(t1 - t0)
        facts.append(t2 - t1)
    print(f"{args.meetings} meetings, {len(matcher.lines)} lines: thread states min "
          f"{min(states) * 1000:.1f} ms, median {statistics.median(states) * 1000:.1f} ms; kept "
          f"facts min {min(facts) * 1000:.1f} ms, median {statistics.median(facts) * 1000:.1f} ms;"
          f" lines scored {calls[0] / args.runs:.0f} times per add (_matches calls)")


if __name__ == "__main__":
    main()
