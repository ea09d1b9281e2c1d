"""Training the pair model for RUN TIME: extra rows it needs and the threshold it closes at.

The corpus pairs are mostly a thread and a later line about the same matter; at run time the
model is asked about every later line the matcher finds for a thread, which includes lines
about something else that merely share a word, lines that only name the topic, and copies of the
thread carried into a later note. Two additions make it fit for that (``augment_pairs``):

- **easy negatives**: for each thread, ``NEGATIVES_PER_THREAD`` later lines of OTHER threads of
  the same workplace (never a later line paired with this thread), labelled ``unrelated``;
  drawn with ``random.Random(SEED)`` over the rows in file order, so the set is reproducible;
- **bare topics**: the thing the thread's verb acts on ("the induction checklist" of "Ana to
  write the induction checklist for the new starters") as the later line, labelled ``open``: a
  later note that only names a thread says nothing happened. (Verbatim copies are not added:
  run time never asks about them, and ~1,400 of them swamped the ``open`` class in CV.)

Class weights are "balanced" over the CORPUS pairs only and applied to every row: balancing
over the augmented rows too down-weights the corpus's hard ``unrelated`` pairs (same words,
another matter) and made "closed" less precise in leave-one-workplace-out CV.

``close_above`` picks, on leave-one-workplace-out predictions, the lowest P(closed) at which
the model's "closed" is at least ``TARGET_PRECISION`` precise on the pairs the rules do NOT
already close (the only ones run time asks it about), plus the held-out negatives. It is stored
in the model's meta and read by coach/engine/pairclose.py.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

SEED = 8
NEGATIVES_PER_THREAD = 2
TARGET_PRECISION = 0.95
# Minimum number of CV closures a threshold must keep to count (a threshold that closes two
# pairs, both right, says nothing).
MIN_CLOSED = 20
# Regularisation tried (each is a 19-fold CV on ~5,000 rows; 0.1 never won for this task).
PAIR_C_GRID = (0.3, 1.0, 3.0)
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


def class_weights(y: Sequence[str]) -> dict[str, float]:
    """sklearn's "balanced" weights, n / (classes * count), computed over ``y``."""
    counts: dict[str, int] = {}
    for label in y:
        counts[label] = counts.get(label, 0) + 1
    return {k: len(y) / (len(counts) * v) for k, v in sorted(counts.items())}


def _cv_pair(rows: list[dict[str, float]], y: list[str], groups: list[str], c: float,
             weights: dict[str, float]) -> tuple[list[str], list[float], list[float]]:
    """Leave-one-workplace-out: each row's predicted label, its confidence and P(closed)."""
    from coach.rules.train import fold_predictions

    pred, conf, p_closed = [""] * len(y), [0.0] * len(y), [0.0] * len(y)
    for te, classes, probs in fold_predictions(rows, y, groups, c, weights):
        closed = classes.index("closed")
        for i, p in zip(te, probs, strict=True):
            k = int(np.argmax(p))
            pred[i], conf[i], p_closed[i] = classes[k], float(p[k]), float(p[closed])
    return pred, conf, p_closed


def train_pair(pairs: Sequence[Row], corpus_hash: str, out: Path, seed: int = SEED
               ) -> dict[str, Any]:
    """Fit the pair model on the corpus pairs plus ``augment_pairs``; C by cross-validated
    accuracy on the corpus pairs alone (the augmented rows only train); ``close_above`` by
    ``close_above``. Writes ``out/pair.json`` and returns its meta."""
    from coach.rules import baseline as rb
    from coach.rules.fitted import pair_features
    from coach.rules.train import _fit, _matrix, _vocab, use_above, write_model

    extra = augment_pairs(pairs, seed)
    rows_in = list(pairs) + extra
    feats = [pair_features(t, later) for _, t, later, _ in rows_in]
    y = [r[3] for r in rows_in]
    groups = [r[0] for r in rows_in]
    n = len(pairs)
    rules = [rb.rules_pair(t, later) for _, t, later, _ in pairs]
    weights = class_weights(y[:n])
    runs = {c: _cv_pair(feats, y, groups, c, weights) for c in PAIR_C_GRID}
    cv = {c: sum(p == g for p, g in zip(r[0][:n], y[:n], strict=True)) / max(1, n)
          for c, r in runs.items()}
    best_c = max(cv, key=lambda c: (cv[c], -abs(np.log(c))))
    pred, conf, p_closed = runs[best_c]
    threshold, mixed = use_above("pair", y[:n], pred[:n], conf[:n], rules)
    at, closed_n, closed_prec = close_above(y, p_closed, rules + [""] * len(extra))
    vocab = _vocab(feats)
    model = _fit(_matrix(feats, vocab), y, best_c, weights)
    meta: dict[str, Any] = {
        "trained_on": "corpus train split", "rows": n, "augmented_rows": len(extra),
        "augment": f"{NEGATIVES_PER_THREAD} unrelated per thread + bare topics, seed {seed}",
        "class_weight": "balanced over the corpus pairs",
        "workplaces": sorted(set(groups)), "C": best_c, "cv_metric": "accuracy",
        "cv_fitted": round(cv[best_c], 4),
        "cv_rules": round(sum(r == g for r, g in zip(rules, y[:n], strict=True)) / max(1, n), 4),
        "use_above": threshold, "cv_mixed": round(mixed, 4),
        "cv": "leave one workplace out",
        "close_above": at, "cv_closed": closed_n, "cv_closed_precision": closed_prec,
        "close_target_precision": TARGET_PRECISION,
    }
    write_model("pair", model, vocab, corpus_hash, meta, out)
    return meta
