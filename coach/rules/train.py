"""Fit the decision models on the corpus TRAIN split: ``make train`` (needs the ``train`` extra).

    python -m coach.rules.train [--corpus eval/corpus] [--out coach/rules/models]

For each task (kind, owner, personal, pair) it picks the regularisation C by cross-validation
grouped by workplace (so a fold never sees its own workplace), reports the cross-validated
score of the fitted model beside the rules-only one, fits on all of train and writes
``models/<task>.json`` (features, classes, weights, version, and those CV numbers). The pair
model also trains on augmented rows and stores the P(closed) it closes threads at at run time
(``close_above``): coach/rules/pairtrain.py. ``--tasks pair`` fits only that one. The test
split is never read here. Deterministic: fixed solver, no shuffling, sorted features, seeded
sampling.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.eval.corpus import DEFAULT_ROOT, load_corpus
from coach.rules import baseline as rb
from coach.rules import rules_version
from coach.rules.fitted import MODELS_DIR, TASKS
from coach.rules.linefeatures import line_features
from coach.rules.pairtrain import train_pair

C_GRID = (0.1, 0.3, 1.0, 3.0)
# Confidence thresholds tried for "use the fitted label above this, the rules' below" (1.01:
# never override the rules).
USE_GRID = (1.01, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.0)
MIN_FEATURE_COUNT = 2  # a word must occur in at least this many train rows to be a feature


def _score(task: str, gold: Sequence[str], pred: Sequence[str]) -> float:
    from sklearn.metrics import accuracy_score, f1_score

    if task == "kind":
        return float(f1_score(gold, pred, average="macro", zero_division=0))
    return float(accuracy_score(gold, pred))


def _vocab(rows: list[dict[str, float]]) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        for f in r:
            counts[f] = counts.get(f, 0) + 1
    keep = {f for f, n in counts.items() if n >= MIN_FEATURE_COUNT or not f.startswith(
        ("w:", "b:", "first:", "later:w:"))}
    return sorted(keep)


def _matrix(rows: list[dict[str, float]], vocab: list[str]) -> Any:
    """A sparse (CSR) row-per-line matrix: the rows are >99% zeros, and the solver is much
    faster on CSR than on a dense array (same fit)."""
    from scipy.sparse import csr_matrix

    index = {f: i for i, f in enumerate(vocab)}
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    for feats in rows:
        for f, v in sorted(feats.items()):
            i = index.get(f)
            if i is not None and v:
                data.append(v)
                cols.append(i)
        indptr.append(len(cols))
    return csr_matrix((data, cols, indptr), shape=(len(rows), len(vocab)), dtype=np.float64)


def _fit(x: np.ndarray, y: list[str], c: float,
         class_weight: dict[str, float] | str = "balanced") -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000, class_weight=class_weight).fit(x, y)


def train_jobs() -> int:
    """Processes for the cross-validation folds (COACH_TRAIN_JOBS, default 2: the machines
    this runs on have two cores). Folds are independent, so the result is the same."""
    return max(1, int(os.environ.get("COACH_TRAIN_JOBS", "2")))


def _fold(rows: list[dict[str, float]], y: list[str], tr: list[int], te: list[int], c: float,
          class_weight: dict[str, float] | str = "balanced") -> tuple[list[str], Any]:
    """Fit on ``tr`` (vocabulary rebuilt from it), return the classes and ``te``'s
    probabilities."""
    vocab = _vocab([rows[i] for i in tr])
    model = _fit(_matrix([rows[i] for i in tr], vocab), [y[i] for i in tr], c, class_weight)
    return [str(k) for k in model.classes_], model.predict_proba(
        _matrix([rows[i] for i in te], vocab))


def lowo_folds(y: Sequence[str], groups: Sequence[str]) -> list[tuple[list[int], list[int]]]:
    """Leave-one-workplace-out folds (train rows, held-out rows), one per workplace whose
    training rows have two labels or more."""
    folds = []
    for g in sorted(set(groups)):
        tr = [i for i, gg in enumerate(groups) if gg != g]
        te = [i for i, gg in enumerate(groups) if gg == g]
        if len({y[i] for i in tr}) >= 2:
            folds.append((tr, te))
    return folds


def fold_predictions(rows: list[dict[str, float]], y: list[str], groups: list[str], c: float,
                     class_weight: dict[str, float] | str = "balanced",
                     ) -> list[tuple[list[int], list[str], Any]]:
    """Leave-one-workplace-out: for each workplace (whose training rows have two labels or
    more), its row indexes, the fold model's classes and its probabilities for those rows."""
    from joblib import Parallel, delayed

    folds = lowo_folds(y, groups)
    done = Parallel(n_jobs=train_jobs())(
        delayed(_fold)(rows, y, tr, te, c, class_weight) for tr, te in folds)
    return [(te, classes, probs) for (_, te), (classes, probs) in zip(folds, done, strict=True)]


def _cv(task: str, rows: list[dict[str, float]], y: list[str], groups: list[str],
        c: float) -> tuple[float, list[str], list[float]]:
    """Leave-one-workplace-out predictions and their probabilities (vocabulary rebuilt inside
    each fold)."""
    pred = [""] * len(y)
    conf = [0.0] * len(y)
    for te, classes, probs in fold_predictions(rows, y, groups, c):
        for i, p in zip(te, probs, strict=True):
            k = int(np.argmax(p))
            pred[i], conf[i] = classes[k], float(p[k])
    return _score(task, y, pred), pred, conf


def use_above(task: str, y: Sequence[str], pred: Sequence[str], conf: Sequence[float],
              rules_pred: Sequence[str]) -> tuple[float, float]:
    """The confidence above which the fitted label replaces the rules' one at run time, and
    the cross-validated score of that mix: chosen on the held-out-workplace predictions, the
    highest threshold among the best scores (keep the rules where the model is unsure)."""
    best = (-1.0, 1.01)
    for t in USE_GRID:
        mixed = [p if c >= t else r for p, c, r in zip(pred, conf, rules_pred, strict=True)]
        score = _score(task, y, mixed)
        if score > best[0] + 1e-9:
            best = (score, t)
    return best[1], best[0]


# Corpus kinds that are open threads in the engine, and the engine item kinds that are.
THREAD_LABELS = frozenset({"commitment", "request", "concern", "growth"})
RULE_THREAD_ITEMS = frozenset({"commitment", "request", "concern", "growth", "topic"})


def add_above(y: Sequence[str], pred: Sequence[str], conf: Sequence[float],
              rules_items: Sequence[str]) -> tuple[float, int, float]:
    """The confidence above which the fitted kind may ADD a thread the rules missed (the rules
    said ``note``, the model says commitment/request/concern/growth), and how many rows it adds
    and their precision, on the held-out-workplace predictions. The lowest threshold whose
    added threads (and those of every higher threshold) are at least as precise as the rules'
    own threads: adding then never dilutes the threads the brief shows. 1.01 (never) when no
    threshold is."""
    gold = [g in THREAD_LABELS for g in y]
    said = [r in RULE_THREAD_ITEMS for r in rules_items]
    n_said = sum(said)
    rules_precision = sum(g and s for g, s in zip(gold, said, strict=True)) / max(1, n_said)
    best = (1.01, 0, 0.0)
    for t in sorted(USE_GRID, reverse=True):
        added = [g for g, p, c, r in zip(gold, pred, conf, rules_items, strict=True)
                 if r == "note" and p in THREAD_LABELS and c >= t]
        if not added:
            continue
        if sum(added) / len(added) < rules_precision:
            break  # the first threshold that dilutes the threads ends the search
        best = (t, len(added), round(sum(added) / len(added), 4))
    return best


def train_task(task: str, rows: list[dict[str, float]], y: list[str], groups: list[str],
               rules_pred: list[str], corpus_hash: str, out: Path,
               rules_items: list[str] | None = None) -> dict[str, Any]:
    rules_cv = _score(task, y, rules_pred)
    runs = {c: _cv(task, rows, y, groups, c) for c in C_GRID} if len(set(groups)) > 1 else {}
    cv_scores = {c: r[0] for c, r in runs.items()} or {1.0: float("nan")}
    best_c = max(cv_scores, key=lambda c: (cv_scores[c], -abs(np.log(c))))
    threshold, mixed = (use_above(task, y, runs[best_c][1], runs[best_c][2], rules_pred)
                        if runs else (0.0, float("nan")))
    vocab = _vocab(rows)
    model = _fit(_matrix(rows, vocab), y, best_c)
    meta: dict[str, Any] = {
        "trained_on": "corpus train split", "rows": len(y),
        "workplaces": sorted(set(groups)), "C": best_c,
        "cv_metric": "macro-F1" if task == "kind" else "accuracy",
        "cv_fitted": None if np.isnan(cv_scores[best_c]) else round(cv_scores[best_c], 4),
        "cv_rules": round(rules_cv, 4),
        "use_above": threshold,
        "cv_mixed": None if np.isnan(mixed) else round(mixed, 4),
        "cv": "leave one workplace out",
    }
    if task == "kind" and rules_items is not None and runs:
        t, n, prec = add_above(y, runs[best_c][1], runs[best_c][2], rules_items)
        meta.update({"add_above": t, "cv_added": n, "cv_added_precision": prec})
    write_model(task, model, vocab, corpus_hash, meta, out)
    return meta


def write_model(task: str, model: Any, vocab: list[str], corpus_hash: str, meta: dict[str, Any],
                out: Path) -> None:
    """``out/<task>.json``: features, classes, weights, version and ``meta``."""
    classes = [str(c) for c in model.classes_]
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # binary: store as two rows so run time is one softmax for all
        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        intercept = np.array([0.0, intercept[0]])
    # drop features with no weight anywhere: smaller file, same decisions
    used = [i for i in range(len(vocab)) if np.any(np.abs(coef[:, i]) >= 1e-4)]
    data: dict[str, Any] = {
        "task": task,
        "version": f"{task}-{corpus_hash}-{rules_version()}",
        "classes": classes,
        "features": [vocab[i] for i in used],
        "coef": [[round(float(v), 4) for v in row[used]] for row in coef],
        "intercept": [round(float(v), 4) for v in intercept],
        "meta": meta,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{task}.json").write_text(json.dumps(data, separators=(",", ":")) + "\n",
                                      encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=MODELS_DIR)
    ap.add_argument("--tasks", default=",".join(TASKS),
                    help="comma-separated tasks to fit (default: all four)")
    args = ap.parse_args(argv)
    tasks = {t.strip() for t in args.tasks.split(",") if t.strip()}
    unknown = tasks - set(TASKS)
    if unknown:
        ap.error(f"--tasks: unknown task(s) {', '.join(sorted(unknown))}; "
                 f"known: {', '.join(TASKS)}")
    corpus = load_corpus(args.corpus)
    train = corpus.workplaces("train")
    digest = hashlib.sha256()
    for w in train:
        digest.update(w.path.read_bytes())
    corpus_hash = digest.hexdigest()[:10]
    lines = [(w.workplace, ln) for w in train for ln in w.lines]
    pairs = [(w.workplace, p) for w in train for p in w.pairs]
    line_tasks = tasks - {"pair"}
    line_rows = [line_features(ln.text) for _, ln in lines] if line_tasks else []
    groups = [g for g, _ in lines]
    jobs: list[tuple[str, list[str], Callable[[str], str]]] = [
        ("kind", [ln.kind.value for _, ln in lines], rb.rules_kind),
        ("owner", [ln.owner.value for _, ln in lines], rb.rules_owner),
        ("personal", [str(ln.personal).lower() for _, ln in lines],
         lambda t: str(rb.rules_personal(t)).lower()),
    ]
    for task, y, rule in jobs:
        if task not in tasks:
            continue
        items = ([rb.classify(ln.text)[0].value for _, ln in lines] if task == "kind"
                 else None)
        meta = train_task(task, line_rows, y, groups, [rule(ln.text) for _, ln in lines],
                          corpus_hash, args.out, items)
        print(f"{task:9} rows={meta['rows']:5} C={meta['C']:<4} CV {meta['cv_metric']}: "
              f"fitted {meta['cv_fitted']:.3f}  rules {meta['cv_rules']:.3f}  "
              f"mixed {meta['cv_mixed']:.3f} (fitted above {meta['use_above']})"
              + (f"; adds threads above {meta['add_above']} ({meta['cv_added']} rows, "
                 f"precision {meta['cv_added_precision']})" if "add_above" in meta else ""))
    if "pair" not in tasks:
        return 0
    meta = train_pair([(g, p.thread, p.later, p.label.value) for g, p in pairs], corpus_hash,
                      args.out)
    print(f"{'pair':9} rows={meta['rows']:5} (+{meta['augmented_rows']} augmented) "
          f"C={meta['C']:<4} CV {meta['cv_metric']}: fitted {meta['cv_fitted']:.3f}  "
          f"rules {meta['cv_rules']:.3f}; closes above {meta['close_above']} "
          f"({meta['cv_closed']} rows, precision {meta['cv_closed_precision']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
