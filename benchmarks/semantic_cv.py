"""Do MiniLM (ONNX) features make the fitted decisions generalise? Leave-one-workplace-out CV
on the corpus TRAIN split, same folds and C grid as coach/rules/train.py, before -> after.

    PYTHONPATH=$PWD python benchmarks/semantic_cv.py [--tasks kind,owner,personal,pair]
        [--variants base,e1,e3,cent,knn,...]

Line variants (features added to coach/rules/linefeatures.py's):
  e<S>   the unit MiniLM vector times S as ``e:0..383``;
  cent   cosine to each class's centroid (train rows of the fold; a training row's centroids
         leave its own workplace out, as a held-out row's do), and the nearest class;
  knn    similarity-weighted vote of the K nearest training lines of other workplaces.
Pair variants (added to coach/rules/pair_features.py's):
  sem    cosine(thread, later), cosine(thread, later's best clause), binned;
  semx   sem + each later:* outcome cue times the best-clause cosine;
  le<S>  the later line's vector times S.
Never reads the test split.

Results (2026-11-29; corpus train split, 27 workplaces, 3,719 lines / 2,197 pairs; best C
of the grid; kind macro-F1, the others accuracy):

    task   variant      CV      (C)    vs base
    kind   base         0.8173  (1.0)
    kind   e3           0.8321  (0.3)  +0.015
    kind   cent         0.8256  (1.0)  +0.008
    kind   knn          0.8337  (3.0)  +0.016
    kind   e3+knn       0.8339  (0.3)  +0.017
    owner  base         0.8564  (1.0)          (shipped model's meta, same code and folds)
    owner  cent+knn     0.8613  (3.0)  +0.005
    personal base       0.9532  (1.0)          (shipped model's meta, same code and folds)
    personal cent+knn   0.9589  (3.0)  +0.006
    pair   base         0.7183  (0.3)
    pair   sem          0.7342  (1.0)  +0.016
    pair   semx         0.7324  (0.3)  +0.014

No task gained the 0.03 that would pay for loading a 23 MB model on every note's decisions,
so nothing is wired: the shipped models read words and rules only.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from typing import Any

import numpy as np

from coach.eval.corpus import load_corpus
from coach.rules import baseline as rb
from coach.rules import semantic
from coach.rules.linefeatures import line_features
from coach.rules.train import C_GRID, _fit, _matrix, _score, _vocab, lowo_folds, train_jobs

K = 15
_CLAUSE = re.compile(r"[,;.!?()]|\s[-–—]\s|→|->|\bbut\b|\band\b", re.I)


def _cent_feats(v: np.ndarray, cents: dict[str, np.ndarray]) -> dict[str, float]:
    sims = {c: float(np.dot(v, m)) for c, m in cents.items()}
    top = max(sims, key=lambda c: sims[c])
    out = {f"cent:{c}": s for c, s in sims.items()}
    out[f"cent_top:{top}"] = 1.0
    return out


def _centroids(vecs: np.ndarray, y: list[str], idx: list[int]) -> dict[str, np.ndarray]:
    out = {}
    for c in sorted({y[i] for i in idx}):
        rows = [i for i in idx if y[i] == c]
        m = vecs[rows].mean(axis=0)
        out[c] = m / (np.linalg.norm(m) or 1.0)
    return out


def _knn_feats(sims: np.ndarray, labels: list[str], classes: list[str]) -> dict[str, float]:
    top = np.argpartition(-sims, K)[:K]
    w = np.clip(sims[top], 0, None)
    tot = float(w.sum()) or 1.0
    out = {f"knn:{c}": 0.0 for c in classes}
    for j, wj in zip(top, w, strict=True):
        out[f"knn:{labels[j]}"] += float(wj) / tot
    return {k: v for k, v in out.items() if v}


def _line_fold(base: list[dict[str, float]], vecs: np.ndarray, y: list[str], groups: list[str],
               tr: list[int], te: list[int], c: float, variant: str) -> tuple[list[str], Any]:
    parts = variant.split("+")
    rows = {i: dict(base[i]) for i in tr + te}
    for p in parts:
        if p.startswith("e"):
            s = float(p[1:])
            for i in rows:
                rows[i].update({f"e:{k}": float(vecs[i, k]) * s for k in range(semantic.DIM)})
        elif p == "cent":
            all_c = _centroids(vecs, y, tr)
            for i in te:
                rows[i].update(_cent_feats(vecs[i], all_c))
            for g in sorted({groups[i] for i in tr}):
                own = [i for i in tr if groups[i] == g]
                cents = _centroids(vecs, y, [i for i in tr if groups[i] != g])
                for i in own:
                    rows[i].update(_cent_feats(vecs[i], cents))
        elif p == "knn":
            classes = sorted({y[i] for i in tr})
            tl = [y[i] for i in tr]
            tg = np.array([groups[i] for i in tr])
            tv = vecs[tr]
            s_te = vecs[te] @ tv.T
            s_tr = tv @ tv.T
            s_tr[tg[:, None] == tg[None, :]] = -2.0  # a training row's neighbours: other places
            for i, sims in zip(te, s_te, strict=True):
                rows[i].update(_knn_feats(sims, tl, classes))
            for i, sims in zip(tr, s_tr, strict=True):
                rows[i].update(_knn_feats(sims, tl, classes))
        elif p != "base":
            raise SystemExit(f"unknown line variant {p}")
    vocab = _vocab([rows[i] for i in tr])
    model = _fit(_matrix([rows[i] for i in tr], vocab), [y[i] for i in tr], c)
    return [str(k) for k in model.classes_], model.predict_proba(
        _matrix([rows[i] for i in te], vocab))


def line_cv(task: str, base: list[dict[str, float]], vecs: np.ndarray, y: list[str],
            groups: list[str], variant: str) -> dict[float, float]:
    from joblib import Parallel, delayed

    folds = lowo_folds(y, groups)
    out = {}
    for c in C_GRID:
        done = Parallel(n_jobs=train_jobs())(
            delayed(_line_fold)(base, vecs, y, groups, tr, te, c, variant) for tr, te in folds)
        pred = [""] * len(y)
        for (_, te), (classes, probs) in zip(folds, done, strict=True):
            for i, p in zip(te, probs, strict=True):
                pred[i] = classes[int(np.argmax(p))]
        out[c] = _score(task, y, pred)
    return out


def clauses(text: str) -> list[str]:
    parts = [c.strip() for c in _CLAUSE.split(text) if c and len(c.strip()) > 2]
    return parts or [text]


def pair_sem(thread: str, later: str, variant: str) -> dict[str, float]:
    """Semantic pair features of one variant (benchmark copy; see the module docstring)."""
    t_body, _ = rb.split_checkbox(thread)
    l_body, _ = rb.split_checkbox(later)
    feats: dict[str, float] = {}
    parts = variant.split("+")
    if any(p in ("sem", "semx") for p in parts):
        cl = clauses(l_body)
        vs = semantic.vectors([t_body, l_body, *cl])
        cos = float(np.dot(vs[0], vs[1]))
        best = max(float(np.dot(vs[0], v)) for v in vs[2:])
        best = max(best, cos)
        feats["sem:cos"] = max(0.0, cos)
        feats["sem:best_clause"] = max(0.0, best)
        feats[f"sem:bin_{min(int(best * 5), 4)}"] = 1.0
    return feats


def pair_cv(variant: str, pairs: list[tuple[str, str, str, str]]) -> dict[float, float]:
    from coach.rules.fitted import pair_features
    from coach.rules.pairtrain import PAIR_C_GRID, _cv_pair, augment_pairs, class_weights

    extra = augment_pairs(pairs)
    rows_in = list(pairs) + extra
    semantic.warm([t for _, t, _, _ in rows_in] + [la for _, _, la, _ in rows_in])
    feats = []
    parts = variant.split("+")
    for _, t, later, _ in rows_in:
        f = pair_features(t, later)
        f.update(pair_sem(t, later, variant))
        if "semx" in parts:
            s = f["sem:best_clause"]
            for name in [k for k in f if k.startswith(("later:", "scope:"))
                         and not k.startswith("later:w:")]:
                f[f"x:{name}*sem"] = s
        for p in parts:
            if p.startswith("le"):
                sc = float(p[2:])
                v = semantic.vector(rb.split_checkbox(later)[0])
                f.update({f"le:{k}": float(v[k]) * sc for k in range(semantic.DIM)})
        feats.append(f)
    y = [r[3] for r in rows_in]
    groups = [r[0] for r in rows_in]
    n = len(pairs)
    weights = class_weights(y[:n])
    out = {}
    for c in PAIR_C_GRID:
        pred, _, _ = _cv_pair(feats, y, groups, c, weights)
        out[c] = sum(p == g for p, g in zip(pred[:n], y[:n], strict=True)) / max(1, n)
    return out


def _load_memo(path: str) -> None:
    """Vectors from an earlier run (a scratch cache; the machine this runs on is shared)."""
    import os

    if path and os.path.exists(path):
        data = np.load(path, allow_pickle=False)
        for k, v in zip(data["keys"], data["vecs"], strict=True):
            semantic._memo[str(k)] = v


def _save_memo(path: str) -> None:
    if path:
        keys = list(semantic._memo)
        np.savez(path, keys=np.array(keys), vecs=np.stack([semantic._memo[k] for k in keys]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default="kind,owner,personal,pair")
    ap.add_argument("--variants", default="base,e1,e3,cent,knn")
    ap.add_argument("--pair-variants", default="base,sem,semx")
    ap.add_argument("--memo", default="", help="a .npz file to keep vectors in between runs")
    args = ap.parse_args()
    _load_memo(args.memo)
    tasks = args.tasks.split(",")
    train = load_corpus().workplaces("train")
    lines = [(w.workplace, ln) for w in train for ln in w.lines]
    groups = [g for g, _ in lines]
    t0 = time.process_time()
    vecs = semantic.vectors([rb.split_checkbox(ln.text)[0] for _, ln in lines])
    print(f"embedded {len(lines)} lines in {time.process_time() - t0:.1f}s CPU", flush=True)
    _save_memo(args.memo)
    base = [line_features(ln.text) for _, ln in lines]
    ys = {"kind": [ln.kind.value for _, ln in lines],
          "owner": [ln.owner.value for _, ln in lines],
          "personal": [str(ln.personal).lower() for _, ln in lines]}
    for task in tasks:
        if task == "pair":
            pairs = [(w.workplace, p.thread, p.later, p.label.value) for w in train
                     for p in w.pairs]
            for v in args.pair_variants.split(","):
                t0 = time.time()
                res = pair_cv(v, pairs)
                _save_memo(args.memo)
                best = max(res, key=lambda c: (res[c], -abs(np.log(c))))
                print(f"pair     {v:14} best C={best:<4} CV {res[best]:.4f}  "
                      + " ".join(f"{c}:{s:.4f}" for c, s in res.items())
                      + f"  ({time.time() - t0:.0f}s)", flush=True)
            continue
        for v in args.variants.split(","):
            t0 = time.time()
            res = line_cv(task, base, vecs, ys[task], groups, v)
            best = max(res, key=lambda c: (res[c], -abs(np.log(c))))
            print(f"{task:8} {v:14} best C={best:<4} CV {res[best]:.4f}  "
                  + " ".join(f"{c}:{s:.4f}" for c, s in res.items())
                  + f"  ({time.time() - t0:.0f}s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
