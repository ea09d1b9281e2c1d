"""The "vary the focus" sequence test.

Simulate twelve consecutive weekly 1:1s in which the manager follows the suggested focus: brief,
write a note in that focus, store it, move a week on, brief again. Over the twelve suggestions
all five areas should come up and none should dominate.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coach.contracts import FocusArea
from coach.notes.parse import parse_note

PERSON = "Robin Vary"
START = dt.date(2026, 9, 1)

# A few lines per area; each generated note uses a check-in line plus two area lines.
_LINES: dict[FocusArea, list[str]] = {
    FocusArea.delivery: [
        "Walked through the billing migration plan; cutover is set for the 14th.",
        "Reviewed the on-call runbook changes and the open tickets for the release.",
        "Robin will finish the load test before the release.",
    ],
    FocusArea.development: [
        "Robin wants to grow toward tech lead; talked about leading the design review.",
        "Discussed a course on distributed systems and mentoring the new hire.",
        "Career conversation: what a senior role would look like in a year.",
    ],
    FocusArea.wellbeing: [
        "Robin said the last weeks felt heavy; talked about workload and energy.",
        "Talked about taking real time off after the quarter; sleeping better lately.",
        "How Robin is doing outside work: settling into the new flat.",
    ],
    FocusArea.context: [
        "Explained the reorg and why the platform team is merging with infra.",
        "Shared the strategy for next year and how Robin's team fits into it.",
        "Talked through the budget decision and the why behind it.",
    ],
    FocusArea.feedback: [
        "Gave Robin feedback on the incident write-up: clear, blameless, thin on timeline.",
        "Asked Robin for feedback on how I run our 1:1s and planning; wants fewer interruptions.",
        "Feedback both ways: Robin would like earlier notice of priority changes.",
    ],
}
_SEED = FocusArea.delivery  # a history that has been all delivery so far


def note_text(area: FocusArea, date: dt.date, i: int) -> str:
    lines = _LINES[area]
    body = [
        f"- Started with how Robin is doing (week {i}): fine, a bit tired.",
        f"- {lines[i % len(lines)]}",
        f"- {lines[(i + 1) % len(lines)]}",
        "- Robin brought up a question about the team offsite.",
    ]
    return (f"---\nperson: {PERSON}\ndate: {date.isoformat()}\nfocus: {area.value}\n---\n"
            + "\n".join(body) + "\n")


@dataclass
class VarietyResult:
    areas: list[str] = field(default_factory=list)
    error: str | None = None
    min_distinct: int = 5
    max_share: float = 0.34

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(self.areas)
        return {a.value: c.get(a.value, 0) for a in FocusArea}

    @property
    def distinct(self) -> int:
        return len(set(self.areas))

    @property
    def top_share(self) -> float:
        return max(self.counts.values()) / len(self.areas) if self.areas else 1.0

    @property
    def passed(self) -> bool:
        return (self.error is None and len(self.areas) > 0
                and self.distinct >= self.min_distinct and self.top_share <= self.max_share)

    @property
    def reason(self) -> str:
        if self.error:
            return f"simulation failed: {self.error}"
        return (f"{self.distinct} of 5 areas over {len(self.areas)} meetings; most frequent "
                f"{self.top_share:.0%} (need >= {self.min_distinct} areas, <= "
                f"{self.max_share:.0%})")

    def to_dict(self) -> dict:
        return {"areas": self.areas, "counts": self.counts, "distinct": self.distinct,
                "top_share": round(self.top_share, 3), "passed": self.passed,
                "reason": self.reason, "error": self.error}


def simulate(
    meetings: int = 12, seed_meetings: int = 3, backend: str = "offline",
    embedder: str = "hashing", min_distinct: int = 5, max_share: float = 0.34,
) -> VarietyResult:
    """Run the simulation in a throwaway home; returns the suggested areas in order."""
    from coach.eval.outputs import _err, make_coach

    out = VarietyResult(min_distinct=min_distinct, max_share=max_share)
    tmp = Path(tempfile.mkdtemp(prefix="coach-variety-"))
    date = START
    coach = make_coach(tmp / "home", backend, embedder, date)
    try:
        for i in range(seed_meetings):
            text = note_text(_SEED, date, i)
            coach.add_notes([(parse_note(text, source=f"seed-{i}.md"), f"seed-{i}")])
            date += dt.timedelta(days=7)
        for i in range(meetings):
            coach._today = date  # the brief is made on the day of the next 1:1
            area = coach.brief(PERSON).focus.area
            out.areas.append(area.value)
            text = note_text(area, date, i)
            coach.add_notes([(parse_note(text, source=f"sim-{i}.md"), f"sim-{i}")])
            date += dt.timedelta(days=7)
    except Exception as exc:  # noqa: BLE001 - reported, and fails the metric
        out.error = _err(exc)
    finally:
        coach.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return out
