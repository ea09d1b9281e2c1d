"""The typed shapes that cross module boundaries and reach users (DESIGN.md "Contracts").

The brief and answer JSON that `coach brief --json`, `coach ask --json` and the API emit are
exactly these models' ``model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field


class FocusArea(StrEnum):
    delivery = "delivery"
    development = "development"
    wellbeing = "wellbeing"
    context = "context"
    feedback = "feedback"


class Signal(StrEnum):
    cancelled = "cancelled"
    manager_led = "manager_led"
    status_drift = "status_drift"
    sameness = "sameness"
    no_continuity = "no_continuity"
    no_person = "no_person"
    gap = "gap"  # no held 1:1 for much longer than the usual rhythm (calendar or notes)


class MeetingStatus(StrEnum):
    held = "held"
    cancelled = "cancelled"
    rescheduled = "rescheduled"


class ItemKind(StrEnum):
    """What a line of notes is, for the purpose of carrying it forward."""

    commitment = "commitment"  # someone owes something ("I'll send the roadmap by Friday")
    concern = "concern"  # worry, stress, frustration, wellbeing signal
    request = "request"  # the report asked for something ("asked about comp")
    growth = "growth"  # growth / career interest ("wants to mentor")
    topic = "topic"  # anything else worth carrying (an open question, an idea)
    closure = "closure"  # says an earlier thread is done ("sent him the roadmap")
    note = "note"  # any other line: searchable, not carried forward


THREAD_KINDS = frozenset(
    {ItemKind.commitment, ItemKind.concern, ItemKind.request, ItemKind.growth, ItemKind.topic}
)


class Party(StrEnum):
    manager = "manager"
    report = "report"
    other = "other"


class Source(BaseModel):
    """Where a claim comes from: a real note, and a quote that is literally in it."""

    note_id: int
    date: dt.date
    quote: str


class Thread(BaseModel):
    id: int
    text: str
    kind: ItemKind
    owner: Party | None = Field(description="Who owes it (commitments); None for non-commitments.")
    status: str = Field(description="open, closed, or follow_up (a dated event that has passed)")
    since: dt.date
    due: str | None = None
    private: bool = False
    source: Source
    closed_by: Source | None = None
    correction: str | None = Field(
        default=None, description="The manager's correction: done, dismiss or reopen.")


class Prompted(BaseModel):
    question: str
    why: str


class Focus(BaseModel):
    area: FocusArea
    why: str
    questions: list[str]


class HealthSignal(BaseModel):
    signal: Signal
    detail: str
    evidence: list[Source] = Field(default_factory=list)


class ReportTopic(BaseModel):
    """A topic the report added to the shared agenda (their thread; it comes first)."""

    id: int
    text: str
    added: dt.date
    label: str = Field(description='How the brief shows it: "Sam added on Tue: ..."')


class Brief(BaseModel):
    person: str
    check_in: Prompted
    agenda_invite: str
    threads: list[Thread]
    focus: Focus
    meta_question: Prompted | None
    health: list[HealthSignal]
    older_threads: list[Thread] = Field(
        default_factory=list,
        description="Open threads beyond the brief's cap or not mentioned for a long time.")
    backend: str = "offline"
    next_meeting: dt.datetime | None = None  # the next scheduled 1:1 in the calendar (UTC)
    generated_by: dict[str, str] = Field(
        default_factory=dict, description="Which writer produced each part (offline or a model)."
    )
    report_topics: list[ReportTopic] = Field(
        default_factory=list, description="What the report put on the shared agenda: first."
    )


class Citation(BaseModel):
    person: str
    date: dt.date
    note_id: int
    quote: str
    private: bool = False


class Answer(BaseModel):
    question: str
    answer: str
    citations: list[Citation]
    people: list[str] = Field(default_factory=list, description="Whose notes were searched.")
    backend: str = "offline"


class PersonSummary(BaseModel):
    """One row of `coach people`."""

    id: int
    name: str
    last_meeting: dt.date | None
    meetings: int
    open_threads: int
    warning_signs: list[Signal]
    next_meeting: dt.datetime | None = None  # the next scheduled 1:1 in the calendar (UTC)


class Point(BaseModel):
    """A sentence of a summary with the line of notes it comes from."""

    text: str
    source: Source
    private: bool = False


class ActionItem(BaseModel):
    text: str
    owner: Party
    due: str | None = None
    done: bool = False
    source: Source
    private: bool = False


class Summary(BaseModel):
    """A meeting summary for one audience. The report's version never has private lines,
    warning signs or coaching suggestions (enforced in one place: coach/summary/audience.py)."""

    person: str
    date: dt.date
    meeting_id: int
    audience: str = Field(description="manager or report")
    focus: FocusArea | None
    title: str | None = Field(default=None, description="The note's title, if it has one.")
    key_points: list[Point]
    decisions: list[Point]
    action_items: list[ActionItem]
    carried_forward: list[Thread]
    closed: list[Thread]
    suggestion: str | None = Field(default=None, description="Manager only: one coaching tip.")
    health: list[HealthSignal] = Field(default_factory=list, description="Manager only.")
    backend: str = "offline"
