"""Per-person derived state kept up to date at ingest, and re-derivation on a new version.

``resolve_person`` is the single place a stored person's thread states are decided (engine +
the manager's corrections) and their ``PersonState`` summary (what ``coach people`` reads)
is written. ``rederive_stale`` re-extracts meetings made by another engine version from
their stored text, as the vector index is rebuilt when the embedding model changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from coach.contracts import PersonSummary, Thread
from coach.engine.ingest import derive_note, resolve_states, set_states
from coach.engine.version import engine_version
from coach.errors import BadInput, NotFound
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import ParsedNote, split_lines
from coach.store.corrections import actions_for_person, store_correction
from coach.store.repo import Repo
from coach.store.tables import Item, Meeting, Person, PersonState


def resolve_person(repo: Repo, person: Person, today: dt.date) -> History:
    """Recompute ``person``'s thread states from their whole history (plus corrections),
    store them and the person's summary; returns the resolved history."""
    history = repo.history(person)
    actions = actions_for_person(repo.session, repo.owner, person)
    states = resolve_states(history, actions)
    repo.update_thread_states(states)
    set_states(history, states, actions)
    write_summary(repo, person, history, today)
    return history


def write_summary(repo: Repo, person: Person, history: History, today: dt.date) -> PersonState:
    """The person's ``people`` row as of ``today``, from a history whose states are current."""
    from coach.engine.health import health_signals
    from coach.engine.plan import all_open_threads

    row = repo.session.get(PersonState, person.id)
    if row is None:
        row = PersonState(person_id=person.id, owner=repo.owner)
        repo.session.add(row)
    row.engine_version = engine_version()
    row.meetings = len(history.meetings)
    row.last_meeting = history.meetings[-1].date if history.meetings else None
    row.open_threads = len(all_open_threads(history, today).all)
    row.warning_signs = [h.signal.value for h in health_signals(history, today)]
    row.as_of = today
    repo.session.flush()
    return row


def note_of(meeting: Meeting, person: Person) -> ParsedNote:
    """The parsed note a stored meeting was made from (for re-derivation)."""
    from coach.contracts import FocusArea, MeetingStatus

    return ParsedNote(
        person=person.name, date=meeting.date, status=MeetingStatus(meeting.status),
        body=meeting.body, source=meeting.source,
        focus=FocusArea(meeting.focus) if meeting.focus else None, title=meeting.title,
        lines=split_lines(meeting.body),
    )


@dataclass
class Rederived:
    meetings: int = 0
    people: int = 0
    new_items: list[Item] = field(default_factory=list)  # to embed
    removed_ids: list[int] = field(default_factory=list)  # to drop from the index


def stale_people(repo: Repo) -> list[int]:
    """People whose summary is missing or was made by another engine version (one query
    over the people, so every command can afford it)."""
    return list(repo.session.scalars(
        select(Person.id).outerjoin(PersonState, PersonState.person_id == Person.id)
        .where(Person.owner == repo.owner, or_(PersonState.person_id.is_(None),
                                               PersonState.engine_version != engine_version()))
        .order_by(Person.id)))


def rederive_stale(repo: Repo, today: dt.date) -> Rederived:
    """Re-derive the meetings and summaries of every stale person (see ``stale_people``).

    Their meetings made by another engine version (or none) are re-extracted from the stored
    note text (a line derived again with the same text keeps its id and vector; corrections
    are keyed by the line, so they still apply), then each is re-resolved."""
    version = engine_version()
    session = repo.session
    out = Rederived()
    for person_id in stale_people(repo):
        person = session.get(Person, person_id)
        if person is None:
            continue
        meetings = session.scalars(select(Meeting).where(
            Meeting.owner == repo.owner, Meeting.person_id == person_id,
            or_(Meeting.engine_version.is_(None), Meeting.engine_version != version)))
        for meeting in meetings:
            added, removed = repo.replace_items(meeting, derive_note(note_of(meeting, person)))
            out.new_items += added
            out.removed_ids += removed
            out.meetings += 1
        resolve_person(repo, person, today)
        out.people += 1
    return out


def people_summaries(repo: Repo, today: dt.date) -> list[PersonSummary]:
    """``coach people``: one query over the stored summaries; a summary made for another
    day (warning signs depend on the day) is recomputed from stored states and saved."""
    from coach.contracts import Signal

    rows = repo.session.execute(
        select(Person, PersonState).outerjoin(PersonState, PersonState.person_id == Person.id)
        .where(Person.owner == repo.owner).order_by(Person.name)).all()
    out = []
    for person, state in rows:
        if state is None or state.as_of != today or state.engine_version != engine_version():
            state = write_summary(repo, person, repo.history(person), today)
        out.append(PersonSummary(
            id=person.id, name=person.name, last_meeting=state.last_meeting,
            meetings=state.meetings, open_threads=state.open_threads,
            warning_signs=[Signal(s) for s in state.warning_signs]))
    return out


def correct(repo: Repo, thread_id: int, action: str, today: dt.date) -> Thread:
    """Store the manager's correction of a thread and re-decide that person's states."""
    from coach.engine.corrections import ACTIONS
    from coach.engine.plan import to_thread

    if action not in ACTIONS:
        raise BadInput(f"unknown action {action!r} (use one of: {', '.join(ACTIONS)})",
                       where="action")
    item = repo.session.get(Item, thread_id)
    if item is None or item.owner != repo.owner or item.state == "info":
        raise NotFound(f"no thread with id {thread_id}")
    person = repo.session.get(Person, item.person_id)
    assert person is not None
    store_correction(repo.session, repo.owner, item, None if action == "reopen" else action)
    history = resolve_person(repo, person, today)
    if action == "reopen" and _record(history, thread_id)[1].state != "open":
        # the notes close it; the manager says it is still open
        store_correction(repo.session, repo.owner, item, "reopen")
        history = resolve_person(repo, person, today)
    meeting, record = _record(history, thread_id)
    return to_thread(meeting, record, history)


def _record(history: History, item_id: int) -> tuple[MeetingRecord, ItemRecord]:
    for m in history.meetings:
        for it in m.items:
            if it.id == item_id:
                return m, it
    raise NotFound(f"no thread with id {item_id}")
