"""Run the suite: observe every scenario, grade it, aggregate per split, check thresholds."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.eval.graders import FAIL, GRADERS, NA, PASS, SKIP, Grade
from coach.eval.interval import interval_dict
from coach.eval.observed import Observed
from coach.eval.outputs import observe
from coach.eval.scenario import SPLITS, Scenario, load_scenarios
from coach.eval.thresholds import Thresholds
from coach.eval.variety import VarietyResult, simulate

VARIETY = "focus_variety"


@dataclass
class ScenarioResult:
    scenario: Scenario
    observed: Observed
    grades: dict[str, Grade]
    seconds: float
    judged: dict[str, Grade] = field(default_factory=dict)


@dataclass
class GraderStats:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    na: int = 0
    threshold: float = 0.0  # the target
    may_skip: bool = False
    floor: float | None = None  # the regression gate, when below the target

    @property
    def graded(self) -> int:
        return self.passed + self.failed

    @property
    def rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None

    @property
    def ok(self) -> bool:
        """At or above the gate: the floor where one is set, else the target."""
        if self.rate is None:
            return self.may_skip or self.skipped == 0
        gate = self.threshold if self.floor is None else min(self.floor, self.threshold)
        return self.rate + 1e-9 >= gate

    @property
    def meets_target(self) -> bool:
        if self.rate is None:
            return self.ok
        return self.rate + 1e-9 >= self.threshold

    @property
    def verdict(self) -> str:
        if self.rate is None:
            if self.skipped:
                return "skipped" if self.may_skip else "FAIL (nothing graded)"
            return "n/a"
        if not self.ok:
            return "FAIL"
        return "ok" if self.meets_target else "below target"

    def to_dict(self) -> dict[str, Any]:
        return {"pass": self.passed, "fail": self.failed, "skip": self.skipped, "na": self.na,
                "rate": None if self.rate is None else round(self.rate, 4),
                "threshold": self.threshold, "floor": self.floor, "ok": self.ok,
                "meets_target": self.meets_target, "verdict": self.verdict,
                **interval_dict(self.passed, self.graded)}


@dataclass
class SuiteResult:
    backend: str
    embedder: str
    split: str
    graders: list[str]
    results: list[ScenarioResult]
    thresholds: Thresholds
    variety: VarietyResult | None = None
    judges: dict[str, Any] = field(default_factory=dict)  # name -> agreement stats / skip
    strict: bool = False  # gate on the targets, ignoring the floors
    seconds: float = 0.0
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))

    def splits(self) -> list[str]:
        present = {r.scenario.split for r in self.results}
        return [s for s in SPLITS if s in present]

    def stats(self, split: str) -> dict[str, GraderStats]:
        out: dict[str, GraderStats] = {}
        for name in self.graders:
            st = GraderStats(threshold=self.thresholds.for_grader(name),
                             may_skip=name in self.thresholds.may_skip,
                             floor=None if self.strict else self.thresholds.floor(split, name))
            for r in self.results:
                if r.scenario.split != split:
                    continue
                status = r.grades[name].status
                if status == PASS:
                    st.passed += 1
                elif status == FAIL:
                    st.failed += 1
                elif status == SKIP:
                    st.skipped += 1
                else:
                    st.na += 1
            out[name] = st
        return out

    def failures(self) -> list[str]:
        """Why the suite is below its thresholds (empty when it passes)."""
        out = []
        for split in self.splits():
            for name, st in self.stats(split).items():
                if not st.ok:
                    rate = "nothing graded" if st.rate is None else f"{st.rate:.0%}"
                    gate = st.threshold if st.floor is None else min(st.floor, st.threshold)
                    out.append(f"{split}: {name} {rate} < {gate:.0%}")
        if self.variety is not None and not self.variety.passed:
            out.append(f"{VARIETY}: {self.variety.reason}")
        if not self.results:
            out.append("no scenarios were run")
        return out

    def below_target(self) -> list[str]:
        """Scores that pass their floor but not yet the target the principles ask for."""
        out = []
        for split in self.splits():
            for name, st in self.stats(split).items():
                if st.ok and not st.meets_target and st.rate is not None:
                    out.append(f"{split}: {name} {st.rate:.0%} < {st.threshold:.0%}")
        return out

    @property
    def ok(self) -> bool:
        return not self.failures()


def grade(scenario: Scenario, observed: Observed, graders: list[str]) -> dict[str, Grade]:
    out = {}
    for name in graders:
        try:
            out[name] = GRADERS[name].fn(scenario, observed)
        except Exception as exc:  # noqa: BLE001 - a grader bug fails loudly, per scenario
            out[name] = Grade(name, FAIL, f"grader error: {type(exc).__name__}: {exc}")
    return out


def run_suite(
    root: Path,
    thresholds: Thresholds,
    *,
    split: str = "all",
    backend: str = "offline",
    embedder: str = "hashing",
    only: list[str] | None = None,
    name: str | None = None,
    variety: bool = True,
    judges: bool | None = None,
    on_scenario: Callable[[ScenarioResult], None] | None = None,
    strict: bool = False,
) -> SuiteResult:
    """Observe and grade every scenario of ``split``; ``only`` restricts the graders (and the
    variety simulation runs only when it is selected or no restriction is given)."""
    start = time.perf_counter()
    graders = [g for g in GRADERS if not only or g in only]
    scenarios = load_scenarios(root, split, name)
    results = []
    for scen in scenarios:
        t0 = time.perf_counter()
        observed = observe(scen, backend, embedder)
        res = ScenarioResult(scen, observed, grade(scen, observed, graders),
                             time.perf_counter() - t0)
        results.append(res)
        if on_scenario:
            on_scenario(res)
    suite = SuiteResult(backend, embedder, split, graders, results, thresholds, strict=strict)
    if variety and (not only or VARIETY in only):
        suite.variety = simulate(backend=backend, embedder=embedder,
                                 min_distinct=thresholds.variety_min_distinct,
                                 max_share=thresholds.variety_max_share)
    from coach.eval.judge import run_judges

    suite.judges = run_judges(suite, enabled=judges)
    suite.seconds = time.perf_counter() - start
    return suite


__all__ = ["NA", "VARIETY", "GraderStats", "ScenarioResult", "SuiteResult", "grade",
           "run_suite"]
