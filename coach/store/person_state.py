"""Per-person derived state kept up to date at ingest, and re-derivation on a new version.

``resolve_person`` is the single place a stored person's thread states are decided (engine +
the manager's corrections) and their ``PersonState`` summary (what ``coach people`` reads)
is written. ``rederive_stale`` re-extracts meetings made by another engine version from
their stored text, as the vector index is rebuilt when the embedding model changes.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from coach.contracts import PersonSummary, Thread
from coach.engine.ingest import derive_note, resolve_states, set_states
from coach.engine.version import engine_version
from coach.errors import BadInput, NotFound
from coach.history import History, ItemRecord, MeetingRecord, days_before
from coach.notes.parse import ParsedNote, split_lines
from coach.store import health_inputs
from coach.store.corrections import actions_for_person, store_correction
from coach.store.repo import Repo
from coach.store.tables import Item, Meeting, Person, PersonState

if TYPE_CHECKING:
    from coach.engine.plan import BriefPlan


def resolve_person(repo: Repo, person: Person, today: dt.date) -> History:
    """Recompute ``person``'s thread states from their whole history (plus corrections),
    store them and the person's summary; returns the resolved history."""
    from coach.engine.memo import keep_matcher, matcher_for

    history = repo.history(person)
    # what is stored now (just read): only the states that differ from it are written
    stored = {it.id: (it.state, it.closed_by_meeting_id, it.closed_quote)
              for m in history.meetings for it in m.items}
    actions = actions_for_person(repo.session, repo.owner, person)
    matcher = matcher_for(history)  # one index of the lines for the states and the facts
    states = resolve_states(history, actions)
    repo.update_thread_states(states, stored)
    set_states(history, states, actions)
    keep_matcher(history, matcher)
    write_summary(repo, person, history, today, changed=True)
    return history


def write_summary(repo: Repo, person: Person, history: History, today: dt.date, *,
                  changed: bool = False) -> PersonState:
    """The person's ``people`` row as of ``today`` and the matcher facts, from a history
    whose states are current (``changed``: the history itself changed, so bump ``rev``).

    The open-thread count and warning signs come from the functions the brief uses
    (``all_open_threads``, ``health_signals``), so people and the brief cannot disagree. The
    brief plan itself is made by the first brief (the next 1:1 is usually another day)."""
    from coach.engine.health import health_signals
    from coach.engine.memo import Facts, attach_facts, compute_facts
    from coach.engine.plan import all_open_threads
    from coach.extract.features import line_memo

    row = repo.session.get(PersonState, person.id)
    previous = (Facts.from_json(row.facts) if row is not None and row.facts
                and row.engine_version == engine_version() else None)
    facts = compute_facts(history, previous)
    attach_facts(history, facts)
    if row is None:
        row = PersonState(person_id=person.id, owner=repo.owner, rev=0)
        repo.session.add(row)
    row.engine_version = engine_version()
    row.meetings = len(history.meetings)
    row.last_meeting = history.meetings[-1].date if history.meetings else None
    row.open_threads = len(all_open_threads(history, today).all)
    # the per-line answers are kept with the inputs; the last ones kept answer the old lines
    with line_memo(health_inputs.kept_answers(row.health if row is not None else None)) as memo:
        row.warning_signs = [h.signal.value for h in health_signals(history, today)]
    row.as_of = today
    row.plan = None
    row.facts = facts.to_json()
    row.health = health_inputs.to_json(history, facts.continuity, memo)
    if changed:
        row.rev = (row.rev or 0) + 1
    repo.session.flush()
    return row


def new_day(repo: Repo, person: Person, row: PersonState, today: dt.date) -> PersonState:
    """The summary for another day, same data: only the warning signs are recomputed when
    no note is dated after either day (the open-thread set does not depend on the day then);
    the brief plan is dropped (the next brief recomputes it)."""
    from coach.engine.health import health_signals

    last = row.last_meeting
    if last is None or row.as_of is None or min(row.as_of, today) < last:
        return write_summary(repo, person, history_with_facts(repo, person, row), today)
    history = health_history(repo, person, row, today)
    signs = [h.signal.value for h in health_signals(history, today)]
    if row.health is None and row.facts and row.engine_version == engine_version():
        # kept before the inputs were (migration 0008): keep them now, once
        from coach.engine.memo import attached_facts

        full = history_with_facts(repo, person, row)
        facts = attached_facts(full)
        if facts is not None:
            repo.session.execute(
                update(PersonState).where(PersonState.person_id == person.id,
                                          PersonState.rev == row.rev)
                .values(health=health_inputs.to_json(full, facts.continuity)))
    # only if nothing was stored for this person meanwhile (another worker's ingest wins)
    repo.session.execute(
        update(PersonState).where(PersonState.person_id == person.id, PersonState.rev == row.rev)
        .values(warning_signs=signs, as_of=today, plan=None))
    repo.session.refresh(row)
    return row


# What health_signals reads (coach/engine/health.py): the 1:1s of the last
# HEALTH_WINDOW_DAYS and the HEALTH_HELD newest held ones; continuity comes from the facts.
HEALTH_HELD = 4
HEALTH_WINDOW_DAYS = 120


def health_history(repo: Repo, person: Person, row: PersonState, today: dt.date) -> History:
    """The part of the person's history the warning signs need on ``today``, with the kept
    facts: a tail of the history instead of all of it when the facts apply (no note after
    today, made from the current data); else the whole history."""
    from coach.engine.continuity import CONTINUITY_WINDOW_DAYS
    from coach.engine.gap import GAP_RHYTHM_INTERVALS
    from coach.engine.health import (
        CANCEL_WINDOW_DAYS,
        NO_PERSON_RUN,
        RECENT_HELD,
        SAMENESS_RUN,
        STALLED_HELD,
    )
    from coach.engine.memo import Facts, attach_facts_unchecked

    window = max(CONTINUITY_WINDOW_DAYS, CANCEL_WINDOW_DAYS, HEALTH_WINDOW_DAYS)
    # gap's rhythm reads the intervals between the GAP_RHYTHM_INTERVALS + 1 newest held 1:1s
    n_held = max(RECENT_HELD, SAMENESS_RUN, NO_PERSON_RUN, STALLED_HELD, HEALTH_HELD,
                 GAP_RHYTHM_INTERVALS + 1)
    if row.facts and row.engine_version == engine_version() and row.last_meeting is not None \
            and today >= row.last_meeting:
        facts = Facts.from_json(row.facts)
        tail = repo.history(person, since=days_before(today, window), last_held=n_held)
        ids = {it.id for m in tail.meetings for it in m.items}
        if (tail.meetings and tail.meetings[-1].date == facts.last_date
                and len(tail.held) >= 2 and ids <= facts.item_ids):
            attach_facts_unchecked(tail, facts)
            return tail
    return history_with_facts(repo, person, row)


def history_with_facts(repo: Repo, person: Person, row: PersonState | None = None
                       ) -> History:
    """The person's history with the stored matcher facts attached when they were computed
    from exactly this history (so a new day's brief or warning signs need no re-indexing)."""
    from coach.engine.memo import Facts, attach_facts

    history = repo.history(person)
    row = row if row is not None else repo.session.get(PersonState, person.id)
    if row is not None and row.facts and row.engine_version == engine_version():
        attach_facts(history, Facts.from_json(row.facts))
    return history


def cached_plan(repo: Repo, person: Person, today: dt.date) -> tuple[BriefPlan | None, int]:
    """The stored brief plan if it was made for ``today`` by this engine version from the
    person's current data, else None; and the ``rev`` it was read at."""
    from coach.engine.plan import BriefPlan

    row = repo.session.get(PersonState, person.id)
    if row is None:
        return None, -1
    if row.plan is None or row.as_of != today or row.engine_version != engine_version():
        return None, row.rev
    return BriefPlan.model_validate(row.plan), row.rev


def remember_plan(repo: Repo, person: Person, plan: BriefPlan, rev: int) -> None:
    """Store a freshly computed plan (and the summary it implies) unless the person's data
    changed since ``rev`` was read (another worker's ingest wins)."""
    from sqlalchemy import update

    if rev < 0:
        return
    repo.session.execute(
        update(PersonState)
        .where(PersonState.person_id == person.id, PersonState.rev == rev,
               PersonState.engine_version == engine_version())
        .values(plan=plan.model_dump(mode="json"), as_of=plan.today,
                open_threads=len(plan.threads) + len(plan.older_threads),
                warning_signs=[h.signal.value for h in plan.health]))


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


def lock_owner(session: Session, owner: str) -> None:
    """Serialize re-derivation per owner across processes (several server workers start at
    once after an upgrade): a transaction-scoped advisory lock on PostgreSQL, the database
    write lock on SQLite (taken before anything is read, so the reads that follow are fresh)."""
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": zlib.crc32(f"coach-rederive:{owner}".encode())})
    else:
        session.execute(text("UPDATE person_state SET rev = rev WHERE 0 = 1"))


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
    day (warning signs depend on the day) is recomputed from the kept inputs
    (coach/store/health_inputs.py: no history is read), or from stored states, and saved."""
    from coach.contracts import Signal

    # Plain columns (not the stored plans): one light query for everyone.
    rows = repo.session.execute(
        select(Person.id, Person.name, PersonState.engine_version, PersonState.as_of,
               PersonState.last_meeting, PersonState.meetings, PersonState.open_threads,
               PersonState.warning_signs, PersonState.rev)
        .outerjoin(PersonState, PersonState.person_id == Person.id)
        .where(Person.owner == repo.owner).order_by(Person.name)).all()
    version = engine_version()
    kept = _new_day_signs(repo, [(pid, name, rev) for pid, name, row_version, as_of, last, _, _,
                                 _, rev in rows if row_version == version and as_of != today
                                 and last is not None and last <= today], today)
    out = []
    for pid, name, row_version, as_of, last, meetings, open_threads, signs, _ in rows:
        if pid in kept:
            signs = kept[pid]
        elif row_version != version or as_of != today:
            person = repo.person_by_id(pid)
            state = repo.session.get(PersonState, pid)
            if state is None or row_version != version:
                state = write_summary(repo, person, repo.history(person), today)
            else:
                state = new_day(repo, person, state, today)
            last, meetings, open_threads, signs = (state.last_meeting, state.meetings,
                                                   state.open_threads, state.warning_signs)
        out.append(PersonSummary(
            id=pid, name=name, last_meeting=last, meetings=meetings,
            open_threads=open_threads, warning_signs=[Signal(s) for s in signs]))
    return out


def _new_day_signs(repo: Repo, people: list[tuple[int, str, int]], today: dt.date
                   ) -> dict[int, list[str]]:
    """Warning signs on ``today`` of (id, name, rev) from their kept inputs, saved with one
    statement (a row whose ``rev`` moved meanwhile is left alone: another worker's ingest
    wins). People without usable kept inputs are left out (the caller reads their history)."""
    from sqlalchemy import Table, bindparam

    out: dict[int, list[str]] = {}
    saved: list[dict[str, object]] = []
    names = {pid: (name, rev) for pid, name, rev in people}
    ids = list(names)
    for start in range(0, len(ids), 500):
        for pid, data in repo.session.execute(
                select(PersonState.person_id, PersonState.health)
                .where(PersonState.person_id.in_(ids[start:start + 500]))):
            name, rev = names[pid]
            signs = health_inputs.signs(pid, name, data, today)
            if signs is not None:
                out[pid] = signs
                saved.append({"pid": pid, "rev0": rev, "signs": signs})
    if saved:
        table = cast(Table, PersonState.__table__)
        repo.session.execute(
            update(table).where(table.c.person_id == bindparam("pid"),
                                table.c.rev == bindparam("rev0"))
            .values(warning_signs=bindparam("signs"), as_of=today, plan=None), saved)
    return out


def correct(repo: Repo, thread_id: int, action: str, today: dt.date) -> Thread:
    """Store the manager's correction of a thread and re-decide that person's states."""
    from coach.engine.corrections import ACTIONS
    from coach.engine.plan import to_thread

    if action not in ACTIONS:
        raise BadInput(f"unknown action {action!r} (use one of: {', '.join(ACTIONS)})",
                       where="action")
    from coach.store.repo import MAX_ID

    item = repo.session.get(Item, thread_id) if 1 <= thread_id <= MAX_ID else None
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
