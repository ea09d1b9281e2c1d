"""eval/thresholds.yaml: the one file with the pass-rate bars ``coach eval`` enforces."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.errors import BadInput


@dataclass
class Thresholds:
    default: float = 0.8
    graders: dict[str, float] = field(default_factory=dict)
    # split -> grader -> the lowest accepted rate (the regression gate CI enforces)
    floors: dict[str, dict[str, float]] = field(default_factory=dict)
    may_skip: set[str] = field(default_factory=set)
    variety_min_distinct: int = 5
    variety_max_share: float = 0.34

    def for_grader(self, name: str) -> float:
        """The target: the rate the principles ask for."""
        return self.graders.get(name, self.default)

    def floor(self, split: str, name: str) -> float | None:
        """The gate: the lowest rate accepted on ``split`` (None: the target is the gate)."""
        return self.floors.get(split, {}).get(name)


def _rate(value: Any, where: str, fld: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise BadInput(f"field '{fld}': expected a number between 0 and 1", where=where)
    return float(value)


def load_thresholds(path: Path, known: set[str]) -> Thresholds:
    """Load and validate; an unknown grader name is an error (a typo would skip a gate)."""
    where = str(path)
    if not path.is_file():
        raise BadInput("thresholds file not found", where=where)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise BadInput("expected a mapping", where=where)
    t = Thresholds(default=_rate(raw.get("default", 0.8), where, "default"))
    graders = raw.get("graders") or {}
    if not isinstance(graders, dict):
        raise BadInput("field 'graders': expected a mapping of grader: rate", where=where)
    for name, value in graders.items():
        if name not in known:
            raise BadInput(f"field 'graders': unknown grader {name!r}", where=where)
        t.graders[name] = _rate(value, where, f"graders.{name}")
    floors = raw.get("floors") or {}
    if not isinstance(floors, dict):
        raise BadInput("field 'floors': expected split: {grader: rate}", where=where)
    for split, rates in floors.items():
        if split not in ("dev", "heldout") or not isinstance(rates, dict):
            raise BadInput(f"field 'floors.{split}': expected dev/heldout: {{grader: rate}}",
                           where=where)
        for name, value in rates.items():
            if name not in known:
                raise BadInput(f"field 'floors.{split}': unknown grader {name!r}", where=where)
            t.floors.setdefault(split, {})[name] = _rate(value, where, f"floors.{split}.{name}")
    may_skip = raw.get("may_skip") or []
    if not isinstance(may_skip, list) or any(n not in known for n in may_skip):
        raise BadInput(f"field 'may_skip': expected grader names from {sorted(known)}",
                       where=where)
    t.may_skip = set(may_skip)
    variety = raw.get("variety") or {}
    if not isinstance(variety, dict):
        raise BadInput("field 'variety': expected a mapping", where=where)
    t.variety_min_distinct = int(variety.get("min_distinct", t.variety_min_distinct))
    t.variety_max_share = _rate(variety.get("max_share", t.variety_max_share), where,
                                "variety.max_share")
    return t
