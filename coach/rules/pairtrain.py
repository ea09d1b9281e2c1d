"""Training the pair model for RUN TIME: extra rows it needs and the threshold it closes at.

The corpus pairs are mostly a thread and a later line about the same matter; at run time the
model is asked about every later line the matcher finds for a thread, which includes lines
about something else that merely share a word, lines that only name the topic, and copies of the
thread carried into a later note. Two additions make it fit for that (``augment_pairs``):

- **easy negatives**: for each thread, ``NEGATIVES_PER_THREAD`` later lines of OTHER threads of
  the same workplace (never a later line paired with this thread), labelled ``unrelated``;
  drawn with ``random.Random(SEED)`` over the rows in file order, so the set is reproducible;
- **carried-over mentions**: the thread copied unchanged into a later note, and the bare topic
  (the thing its verb acts on, "the leave dates"), labelled ``open``: a later note that only
  names a thread says nothing happened.

``close_above`` picks, on leave-one-workplace-out predictions, the lowest P(closed) at which
the model's "closed" is at least ``TARGET_PRECISION`` precise on the pairs the rules do NOT
already close (the only ones run time asks it about), plus the held-out negatives. It is stored
in the model's meta and read by coach/engine/pairclose.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

SEED = 8
NEGATIVES_PER_THREAD = 2
TARGET_PRECISION = 0.95
# Minimum number of CV closures a threshold must keep to count (a threshold that closes two
# pairs, both right, says nothing).
MIN_CLOSED = 20
CLOSE_GRID = (0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.9, 0.88, 0.85, 0.8,
              0.75, 0.7)

Row = tuple[str, str, str, str]  # (workplace, thread, later, label)
_PREP = re.compile(r"\s(?:for|to|with|on|at|from|in|of|about|by|so|that|into|onto|re)\s",
                   re.I)


def _topic(thread: str) -> str | None:
    """The thing the thread acts on, up to its first preposition ("the replacement harnesses"
    of "order the replacement harnesses for the roofing crew"); None when there is none."""
    from coach.engine.closure import object_phrase

    phrase = object_phrase(thread)
    if not phrase:
        return None
    head = _PREP.split(f" {phrase} ", maxsplit=1)[0].strip(" ,.;:-")
    n = len(head.split())
    return head if 1 <= n <= 5 and head.lower() != thread.lower() else None


def augment_pairs(rows: Sequence[Row], seed: int = SEED,
                  per_thread: int = NEGATIVES_PER_THREAD) -> list[Row]:
    """Extra training rows (see the module docstring); deterministic for a given input."""
    rng = random.Random(seed)
    out: list[Row] = []
    by_place: dict[str, list[Row]] = {}
    for r in rows:
        by_place.setdefault(r[0], []).append(r)
    for place in sorted(by_place):
        prs = by_place[place]
        threads = list(dict.fromkeys(r[1] for r in prs))
        own = {t: {r[2] for r in prs if r[1] == t} for t in threads}
        laters = list(dict.fromkeys(r[2] for r in prs))
        for t in threads:
            pool = [x for x in laters if x not in own[t] and x != t]
            for later in rng.sample(pool, min(per_thread, len(pool))):
                out.append((place, t, later, "unrelated"))
            out.append((place, t, t, "open"))
            topic = _topic(t)
            if topic:
                out.append((place, t, topic, "open"))
    return out


def close_above(y: Sequence[str], p_closed: Sequence[float], rules: Sequence[str],
                target: float = TARGET_PRECISION) -> tuple[float, int, float]:
    """(threshold, closures, precision) of "closed" on the rows the rules leave unclosed
    (``rules`` is the rules' label, "" for an augmented row): the lowest threshold in
    ``CLOSE_GRID`` whose closures, and every higher threshold's, are ``target`` precise.
    1.01 (never) when none is."""
    best = (1.01, 0, 0.0)
    for t in CLOSE_GRID:
        sel = [g for g, p, r in zip(y, p_closed, rules, strict=True)
               if r != "closed" and p >= t]
        if not sel:
            continue
        prec = sum(g == "closed" for g in sel) / len(sel)
        if prec < target:
            break
        if sum(g == "closed" for g in sel) >= MIN_CLOSED:
            best = (t, len(sel), round(prec, 4))
    return best
