"""Fitted decisions: line kind, owner, personal-vs-work, and thread/later-line pair state.

Each is a multinomial logistic regression over NAMED features (which rules fire, the rules-only
decision, the shape of the line, its words: coach/rules/linefeatures.py; for pairs whether
the later line is about the thread and what it reports: coach/rules/pair_features.py). Weights
are fitted by ``make train`` (coach/rules/train.py, scikit-learn, on the corpus TRAIN split) and
ship as small versioned JSON files in coach/rules/models/. Run time is numpy only,
deterministic and offline.

The pair similarity uses the hashing embedder (not MiniLM) on purpose: thread state must be the
same whichever embedder a user installed.

Every decision is explainable: ``Decision.top`` lists the features that pushed it most.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from coach.rules.linefeatures import line_features  # noqa: F401  (the line tasks' features)

MODELS_DIR = Path(__file__).parent / "models"
TASKS = ("kind", "owner", "personal", "pair")


def pair_features(thread: str, later: str) -> dict[str, float]:
    """Named features of a (thread, later line) pair: coach/rules/pair_features.py."""
    from coach.rules.pair_features import pair_features as features

    return features(thread, later)


@dataclass(frozen=True)
class Decision:
    label: str
    confidence: float
    top: tuple[tuple[str, float], ...]  # (feature, contribution to the chosen label)

    def why(self, n: int = 3) -> str:
        return ", ".join(f"{f} ({c:+.2f})" for f, c in self.top[:n] if c > 0)


class Model:
    """A fitted linear model loaded from its JSON file."""

    def __init__(self, data: dict):
        self.task: str = data["task"]
        self.version: str = data["version"]
        self.classes: list[str] = list(data["classes"])
        self.features: list[str] = list(data["features"])
        self.index = {f: i for i, f in enumerate(self.features)}
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        self.meta: dict = data.get("meta", {})
        # Run time uses the fitted label at or above this confidence and the rules' below it
        # (chosen by cross-validation on train; 0.0 for a model trained before thresholds).
        self.use_above: float = float(self.meta.get("use_above", 0.0))

    def vector(self, feats: dict[str, float]) -> np.ndarray:
        x = np.zeros(len(self.features))
        for name, value in feats.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = value
        return x

    def decide(self, feats: dict[str, float], top: int = 5) -> Decision:
        x = self.vector(feats)
        scores = self.coef @ x + self.intercept
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        k = int(np.argmax(probs))
        contrib = self.coef[k] * x
        order = np.argsort(-contrib)[:top]
        return Decision(self.classes[k], float(probs[k]),
                        tuple((self.features[i], float(contrib[i])) for i in order if x[i]))


@cache
def load_model(task: str) -> Model | None:
    """The shipped model for ``task`` (None when it has not been trained yet)."""
    path = MODELS_DIR / f"{task}.json"
    if not path.exists():
        return None
    return Model(json.loads(path.read_text(encoding="utf-8")))


def decide_line(text: str, task: str) -> Decision | None:
    model = load_model(task)
    return None if model is None else model.decide(line_features(text))


def decide_pair(thread: str, later: str) -> Decision | None:
    model = load_model("pair")
    return None if model is None else model.decide(pair_features(thread, later))
