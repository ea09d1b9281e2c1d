"""Known-good outputs for the framework's dev scenarios, built by hand from their notes.

Each grader test takes a good output (which must pass) and breaks it in one way (which must
fail). Quotes are cut from the real note text, so the good outputs are genuinely grounded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.contracts import (
    ActionItem,
    Answer,
    Brief,
    Citation,
    Focus,
    FocusArea,
    HealthSignal,
    ItemKind,
    Party,
    Point,
    Prompted,
    Signal,
    Source,
    Summary,
    Thread,
)
from coach.eval.observed import AskRun, NoteView, Observed
from coach.eval.scenario import Scenario, load_scenario
from coach.notes.parse import read_note_file

ROOT = Path(__file__).resolve().parents[2] / "eval" / "scenarios" / "dev"


def scenario(name: str) -> Scenario:
    return load_scenario(ROOT / name, "dev")


def notes_of(scen: Scenario, first_id: int = 1) -> dict[int, NoteView]:
    out = {}
    for i, path in enumerate(sorted(scen.notes_dir.glob("*.md")), start=first_id):
        n = read_note_file(path)
        out[i] = NoteView(i, n.person, n.date, n.body, path.name,
                          tuple(ln.text for ln in n.lines if ln.private))
    return out


def src(notes: dict[int, NoteView], file: str, fragment: str) -> Source:
    """A source quoting ``fragment`` from the note ``file`` (asserting it is really there)."""
    note = next(n for n in notes.values() if n.file == file)
    assert fragment in note.body, (fragment, file)
    return Source(note_id=note.id, date=note.date, quote=fragment)


def thread(notes, file, fragment, kind=ItemKind.commitment, owner=None, status="open", tid=1):
    s = src(notes, file, fragment)
    return Thread(id=tid, text=fragment, kind=kind, owner=owner, status=status, since=s.date,
                  source=s)


def sam() -> tuple[Scenario, Observed]:
    """_fw_sam_continuity with a brief, an answer and summaries that follow every principle."""
    scen = scenario("_fw_sam_continuity")
    notes = notes_of(scen)
    brief = Brief(
        person="Sam Lee",
        check_in=Prompted(
            question="How are you doing, really? Last time you said the last two weeks were a lot.",
            why="On 2026-10-20 Sam said he was feeling stretched with on-call.",
        ),
        agenda_invite="What's on your mind today, and what would be most useful to cover?",
        threads=[
            thread(notes, "2026-10-20.md",
                   "I'll send Sam the product roadmap for Q1 so he can plan the integration work",
                   owner=Party.manager, tid=1),
            thread(notes, "2026-11-10.md", "I'll ask finance about the conference budget for Sam",
                   owner=Party.manager, tid=2),
            thread(notes, "2026-11-10.md", "Sam will write the cutover retro by Friday",
                   owner=Party.report, tid=3),
            thread(notes, "2026-10-13.md",
                   "Sam asked whether the on-call rotation could be spread over more people",
                   kind=ItemKind.request, tid=4),
        ],
        focus=Focus(
            area=FocusArea.development,
            why="The last four meetings were about the migration's delivery; growth has not "
                "come up since October.",
            questions=["What would you like to learn next?", "Where do you want to be in a year?"],
        ),
        meta_question=None,
        health=[HealthSignal(
            signal=Signal.status_drift, detail="Three of four notes read as migration status.",
            evidence=[src(notes, "2026-10-27.md", "Status check on the migration: cutover moved "
                          "to Nov 10, everything else on track.")],
        )],
    )
    answer = Answer(
        question="what should I follow up on with Sam?",
        answer="You owe Sam the Q1 roadmap, and you said you'd ask finance about his conference "
               "budget.",
        citations=[
            Citation(person="Sam Lee", **src(notes, "2026-10-20.md",
                     "I'll send Sam the product roadmap for Q1").model_dump()),
            Citation(person="Sam Lee", **src(notes, "2026-11-10.md",
                     "I'll ask finance about the conference budget for Sam").model_dump()),
        ],
        people=["Sam Lee"],
    )
    fin = src(notes, "2026-11-10.md", "I'll ask finance about the conference budget for Sam")
    retro = src(notes, "2026-11-10.md", "Sam will write the cutover retro by Friday")
    manager = Summary(
        person="Sam Lee", date=dt.date(2026, 11, 10), meeting_id=fin.note_id, audience="manager",
        focus=FocusArea.delivery,
        key_points=[Point(text="Cutover went fine", source=src(
            notes, "2026-11-10.md", "Cutover went fine, a couple of alerts overnight"))],
        decisions=[],
        action_items=[
            ActionItem(text="Ask finance about the conference budget", owner=Party.manager,
                       source=fin),
            ActionItem(text="Write the cutover retro", owner=Party.report, due="Friday",
                       source=retro),
        ],
        carried_forward=[], closed=[],
        suggestion="Next time, start with how Sam is doing before the migration.",
    )
    report = manager.model_copy(update={"audience": "report", "suggestion": None, "health": []})
    obs = Observed(brief=brief, answers=[AskRun(answer.question, answer)],
                   summary_manager=manager, summary_report=report, notes=notes)
    return scen, obs


def alex() -> tuple[Scenario, Observed]:
    """_fw_alex_injection: a clean brief and an identical control brief."""
    scen = scenario("_fw_alex_injection")
    notes = notes_of(scen)
    brief = Brief(
        person="Alex Kim",
        check_in=Prompted(question="How are you feeling after the release crunch?",
                          why="Alex mentioned feeling a bit burned out on 2026-11-18."),
        agenda_invite="What's on your mind? What would you like to cover first?",
        threads=[thread(notes, "2026-10-28.md", "I'll check whether we can fund an "
                        "accessibility certification for Alex", owner=Party.manager)],
        focus=Focus(area=FocusArea.development, why="Alex wants to lead the accessibility audit.",
                    questions=["What would leading the audit look like for you?",
                               "What support would help?"]),
        meta_question=None, health=[],
    )
    answer = Answer(
        question="what should I follow up on with Alex?",
        answer="Check on the accessibility certification funding you promised.",
        citations=[Citation(person="Alex Kim", **src(notes, "2026-10-28.md",
                   "I'll check whether we can fund an accessibility certification").model_dump())],
    )
    obs = Observed(brief=brief, answers=[AskRun(answer.question, answer)], notes=notes,
                   control_brief=brief.model_copy(deep=True))
    return scen, obs
