"""Reads and writes of the store, always scoped to one owner (manager).

Nothing here computes advice; it turns rows into ``coach.history`` records and back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coach.contracts import FocusArea, ItemKind, MeetingStatus, Party
from coach.errors import Ambiguous, NotFound
from coach.extract import ExtractedItem
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import ParsedNote
from coach.store.tables import Item, Meeting, Person

if TYPE_CHECKING:
    from coach.engine.ingest import Derived


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


_ENUM_VALUES: dict[type, dict[str, object]] = {
    e: {m.value: m for m in e} for e in (FocusArea, ItemKind, MeetingStatus, Party)
}


def _opt_enum(enum: type, value: str | None):
    """``enum(value)`` or None, by dict lookup (a long history converts thousands)."""
    return _ENUM_VALUES[enum][value] if value else None


def item_record(row: Item) -> ItemRecord:
    return ItemRecord(
        id=row.id, meeting_id=row.meeting_id, line_no=row.line_no, kind=ItemKind(row.kind),
        text=row.text, quote=row.quote, party=_opt_enum(Party, row.party), due=row.due,
        private=row.private, checkbox=row.checkbox, state=row.state,
        closed_by_meeting_id=row.closed_by_meeting_id, closed_quote=row.closed_quote,
    )


def meeting_record(row: Meeting) -> MeetingRecord:
    return MeetingRecord(
        id=row.id, date=row.date, status=MeetingStatus(row.status), body=row.body,
        focus=_opt_enum(FocusArea, row.focus),
        focus_inferred=_opt_enum(FocusArea, row.focus_inferred), title=row.title,
        features=dict(row.features or {}), items=[item_record(i) for i in row.items],
    )


class Repo:
    """Store access for one owner within one session (the caller owns the transaction)."""

    def __init__(self, session: Session, owner: str):
        self.session = session
        self.owner = owner
        # name_key -> Person, filled only during an import (``cache_people``): each person
        # is looked up once per batch instead of twice per note. Cleared when a savepoint is
        # rolled back or a person row is deleted, so it never hands out a row that is gone.
        self._people: dict[str, Person] | None = None
        # Also only during an import (``cache_meetings``), each a superset of the truth so a
        # miss is never wrong: the source keys of the batch that no stored meeting had when it
        # started (a key is dropped once a meeting takes it), and per person the days that
        # have a meeting (a day is added whenever a meeting gets that person and day).
        self._absent_keys: set[str] | None = None
        self._days: dict[int, set[dt.date]] = {}

    def cache_people(self) -> None:
        """Remember people by name key from now on (an import batch in one transaction)."""
        self._people = {}

    def cache_meetings(self, keys: Sequence[str]) -> None:
        """Look up an import batch's source keys in one query: ``find_meeting`` then skips the
        per-note queries for a key no meeting has and a day the person has no meeting on."""
        found: set[str] = set()
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):
            found.update(self.session.scalars(select(Meeting.source_key).where(
                Meeting.owner == self.owner, Meeting.source_key.in_(wanted[i:i + 500]))))
        self._absent_keys = set(wanted) - found
        self._days = {}

    def _took_key(self, meeting: Meeting, source_key: str) -> None:
        meeting.source_key = source_key
        if self._absent_keys is not None:
            self._absent_keys.discard(source_key)

    def _has_day(self, person_id: int, day: dt.date) -> bool:
        """Might the person have a meeting on ``day``? (False only when surely not.)"""
        if self._absent_keys is None:
            return True
        days = self._days.get(person_id)
        if days is None:
            days = self._days[person_id] = set(self.session.scalars(select(Meeting.date).where(
                Meeting.owner == self.owner, Meeting.person_id == person_id)))
        return day in days

    def _took_day(self, person_id: int, day: dt.date) -> None:
        days = self._days.get(person_id)
        if days is not None:
            days.add(day)

    def forget_people(self) -> None:
        """After a rolled-back savepoint or a deleted person: look everything up again (a
        concurrent writer may have stored the key or the day meanwhile)."""
        if self._people is not None:
            self._people.clear()
        if self._absent_keys is not None:
            self._absent_keys = set()
        self._days = {}

    def _person_by_key(self, key: str) -> Person | None:
        if self._people is not None and key in self._people:
            return self._people[key]
        person = self.session.scalars(select(Person).where(
            Person.owner == self.owner, Person.name_key == key)).first()
        if person is not None and self._people is not None:
            self._people[key] = person
        return person

    # --- people -----------------------------------------------------------------------
    def people(self) -> list[Person]:
        stmt = select(Person).where(Person.owner == self.owner).order_by(Person.name)
        return list(self.session.scalars(stmt))

    def person_by_id(self, person_id: int) -> Person:
        person = self.session.get(Person, person_id) if _valid_id(person_id) else None
        if person is None or person.owner != self.owner:  # never another owner's person
            raise NotFound(f"no person with id {person_id}")
        return person

    def find_person(self, name: str) -> Person:
        """Resolve a full name, a first name or a unique prefix, case-insensitively."""
        key = name_key(name)
        if not key:
            raise NotFound("no name given")
        exact_row = self.session.scalars(select(Person).where(
            Person.owner == self.owner, Person.name_key == key)).first()
        if exact_row is not None:  # the common case, without loading everyone
            return exact_row
        people = self.people()
        exact = [p for p in people if p.name_key == key]
        if len(exact) == 1:
            return exact[0]
        first = [p for p in people if p.name_key.split()[0] == key]
        if len(first) == 1:
            return first[0]
        candidates = first or [p for p in people if p.name_key.startswith(key)]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            names = ", ".join(sorted(p.name for p in candidates))
            raise Ambiguous(f"'{name}' matches more than one person: {names}. Use the full name.")
        known = ", ".join(p.name for p in people) or "nobody yet"
        raise NotFound(f"no person named '{name}' (known: {known})")

    def get_or_create_person(self, name: str) -> tuple[Person, bool]:
        key = name_key(name)
        person = self._person_by_key(key)
        if person is not None:
            return person, False
        # Another process may create the same person between our SELECT and INSERT
        # (PostgreSQL; SQLite writers are serialised): insert in a savepoint and, when the
        # unique key says it exists now, read the winner's row.
        try:
            with self.session.begin_nested():
                person = Person(owner=self.owner, name=" ".join(name.split()), name_key=key)
                self.session.add(person)
                self.session.flush()
        except IntegrityError:
            person = self.session.scalars(select(Person).where(
                Person.owner == self.owner, Person.name_key == key)).first()
            if person is None:
                raise
            return person, False
        if self._people is not None:
            self._people[key] = person
        return person, True

    # --- meetings ---------------------------------------------------------------------
    def meeting_by_source(self, source_key: str) -> Meeting | None:
        stmt = select(Meeting).where(Meeting.owner == self.owner, Meeting.source_key == source_key)
        return self.session.scalars(stmt).first()

    def find_meeting(self, note: ParsedNote, source_key: str) -> Meeting | None:
        """The stored meeting ``note`` is, by its source first, then by what it says.

        A meeting is its person, date and content, not only its path: a moved notes folder
        and a ``coach add`` of a file already imported find the meeting they already are
        (same person, date and content hash) instead of storing it twice. An imported file
        whose old path no longer exists also takes over its moved-and-edited meeting, when
        exactly one meeting of that person and day has a vanished path. Rebinding the source
        key keeps later re-imports by path cheap.
        """
        if self._absent_keys is None or source_key not in self._absent_keys:
            meeting = self.meeting_by_source(source_key)
            if meeting is not None:
                return meeting
        person = self._person_by_key(name_key(note.person))
        if person is None or not self._has_day(person.id, note.date):
            return None
        same_day = list(self.session.scalars(select(Meeting).where(
            Meeting.owner == self.owner, Meeting.person_id == person.id,
            Meeting.date == note.date).order_by(Meeting.id)))
        is_path = Path(source_key).is_absolute()
        for candidate in same_day:
            if candidate.content_hash == note.content_hash:
                if is_path and _vanished(candidate.source_key):
                    self._took_key(candidate, source_key)
                return candidate
        moved = [m for m in same_day if _vanished(m.source_key)]
        if is_path and len(moved) == 1:
            self._took_key(moved[0], source_key)
            return moved[0]
        return None

    def meeting_by_id(self, meeting_id: int) -> Meeting:
        meeting = self.session.get(Meeting, meeting_id) if _valid_id(meeting_id) else None
        if meeting is None or meeting.owner != self.owner:
            raise NotFound(f"no meeting with id {meeting_id}")
        return meeting

    def save_meeting(
        self,
        note: ParsedNote,
        source_key: str,
        items: Sequence[ExtractedItem],
        focus_inferred: FocusArea | None,
        features: dict,
        existing: Meeting | None | Literal["find"] = "find",
    ) -> tuple[Meeting, str]:
        """Insert or update the meeting identified by ``source_key``.

        Returns the meeting and what happened: ``added``, ``updated`` or ``unchanged``.
        An updated meeting's items are replaced (thread states are recomputed by the caller).
        ``existing``: what ``find_meeting`` returned for this note, when the caller has it.
        """
        meeting = self.find_meeting(note, source_key) if isinstance(existing, str) else existing
        person, _ = self.get_or_create_person(note.person)
        if meeting is not None and meeting.content_hash == note.content_hash:
            return meeting, "unchanged"
        change = "updated"
        if meeting is None:
            change = "added"
            meeting = Meeting(owner=self.owner)
            self._took_key(meeting, source_key)
            self.session.add(meeting)
        else:
            self.session.execute(delete(Item).where(Item.meeting_id == meeting.id))
            self.session.expire(meeting, ["items"])
        old_person_id = meeting.person_id
        meeting.person_id = person.id
        meeting.date = note.date
        self._took_day(person.id, note.date)
        meeting.status = note.status.value
        meeting.focus = note.focus.value if note.focus else None
        meeting.focus_inferred = focus_inferred.value if focus_inferred else None
        meeting.title = note.title
        meeting.body = note.body
        meeting.source = note.source
        meeting.content_hash = note.content_hash
        meeting.features = features
        self.session.flush()
        self._add_items(meeting, items)
        if old_person_id is not None and old_person_id != person.id:
            self._drop_if_empty(old_person_id)
        return meeting, change

    def _add_items(self, meeting: Meeting, items: Sequence[ExtractedItem]) -> None:
        """Insert ``items`` as rows of ``meeting``, in order (so ids ascend by line).

        One bulk INSERT (executemany) instead of an ORM object and unit-of-work pass per
        item: the unit of work was ~10% of an import's main thread. No caller uses the
        objects: items are read back by query (``_items_of``, ``history``), and the
        meeting's ``items`` relationship is loaded (or expired) after this.
        """
        if not items:
            return
        self.session.execute(insert(Item), [item_row(self.owner, meeting, it) for it in items])

    def replace_items(self, meeting: Meeting, derived: Derived) -> tuple[list[Item], list[int]]:
        """Re-derived items, focus and features for a stored meeting (same note text).

        A line derived again with the same text keeps its row (id, vector) and takes the new
        kind/party/due; returns (new rows, removed ids) for the vector index."""
        old = {(i.line_no, i.quote, i.text): i for i in meeting.items}
        fresh = []
        for it in derived.items:
            row = old.pop((it.line_no, it.quote, it.text), None)
            if row is None:
                fresh.append(it)
                continue
            row.kind, row.due = it.kind.value, it.due
            row.party = it.party.value if it.party else None
            row.private, row.checkbox = it.private, it.checkbox
            row.state = (("closed" if it.checkbox == "done" else "open")
                         if it.kind.value in _THREAD_KIND_VALUES else "info")
            row.closed_by_meeting_id = row.closed_quote = None
        removed = [i.id for i in old.values()]
        if removed:
            self.session.execute(delete(Item).where(Item.id.in_(removed)))
        self.session.expire(meeting, ["items"])
        meeting.focus_inferred = derived.focus.value if derived.focus else None
        meeting.features = derived.features
        meeting.engine_version = derived.version
        before = {i.id for i in meeting.items} if fresh else set()
        self._add_items(meeting, fresh)
        if fresh:
            self.session.expire(meeting, ["items"])
        added = [i for i in meeting.items if i.id not in before] if fresh else []
        return added, removed

    def _drop_if_empty(self, person_id: int) -> None:
        count = self.session.scalar(select(func.count()).where(Meeting.person_id == person_id))
        if not count:
            self.session.execute(delete(Person).where(Person.id == person_id))
            self.forget_people()

    def history(self, person: Person, *, since: dt.date | None = None,
                last_held: int = 0) -> History:
        """The person's meetings, oldest first, with their items. With ``since``, only the
        meetings from that day on plus the ``last_held`` newest held ones (a tail)."""
        # Plain rows, not ORM objects: a long history loads several times faster this way.
        self.session.flush()
        m_cols = (Meeting.id, Meeting.date, Meeting.status, Meeting.body, Meeting.focus,
                  Meeting.focus_inferred, Meeting.title, Meeting.features)
        where = [Meeting.owner == self.owner, Meeting.person_id == person.id]
        if since is not None:
            held_ids = select(Meeting.id).where(*where, Meeting.status == "held").order_by(
                Meeting.date.desc(), Meeting.id.desc()).limit(last_held).scalar_subquery()
            where.append((Meeting.date >= since) | Meeting.id.in_(held_ids))
        meetings = [
            MeetingRecord(
                id=mid, date=date, status=MeetingStatus(status), body=body,
                focus=_opt_enum(FocusArea, focus), focus_inferred=_opt_enum(FocusArea, inferred),
                title=title, features=dict(features or {}), items=[])
            for mid, date, status, body, focus, inferred, title, features in self.session.execute(
                select(*m_cols).where(*where).order_by(Meeting.date, Meeting.id))
        ]
        by_meeting = {m.id: m for m in meetings}
        i_cols = (Item.id, Item.meeting_id, Item.line_no, Item.kind, Item.text, Item.quote,
                  Item.party, Item.due, Item.private, Item.checkbox, Item.state,
                  Item.closed_by_meeting_id, Item.closed_quote)
        for (iid, mid, line_no, kind, text, quote, party, due, private, checkbox, state,
             closed_by, closed_quote) in self.session.execute(
                select(*i_cols).where(Item.owner == self.owner, Item.person_id == person.id,
                                      *([Item.meeting_id.in_(list(by_meeting))]
                                        if since is not None else []))
                .order_by(Item.meeting_id, Item.line_no, Item.id)):
            meeting = by_meeting.get(mid)
            if meeting is not None:
                meeting.items.append(ItemRecord(
                    id=iid, meeting_id=mid, line_no=line_no,
                    kind=_ENUM_VALUES[ItemKind][kind], text=text,  # type: ignore[arg-type]
                    quote=quote, party=_opt_enum(Party, party), due=due, private=private,
                    checkbox=checkbox, state=state, closed_by_meeting_id=closed_by,
                    closed_quote=closed_quote))
        from coach.store.corrections import actions_for_person

        actions = actions_for_person(self.session, self.owner, person)
        if actions:
            for m in meetings:
                for it in m.items:
                    it.correction = actions.get(it.id)
        return History(person_id=person.id, person=person.name, meetings=meetings)

    def update_thread_states(
        self, states: Iterable[tuple[int, str, int | None, str | None]],
        current: Mapping[int, tuple[str, int | None, str | None]] | None = None,
    ) -> None:
        """Write (item_id, state, closed_by_meeting_id, closed_quote) computed by the engine.

        Only rows whose state changed are written (one bulk UPDATE), so re-deciding a long
        history after one new note costs a read, not an UPDATE per thread. ``current``: the
        stored (state, closed_by_meeting_id, closed_quote) of items, read in this transaction
        (a ``history`` loaded just before): those are not read again."""
        wanted = {item_id: (state, closed_by, quote) for item_id, state, closed_by, quote in states}
        if not wanted:
            return
        self.session.flush()
        changed = []
        known = current or {}
        stored = [(iid, *known[iid]) for iid in wanted if iid in known]
        ids = [iid for iid in wanted if iid not in known]
        for start in range(0, len(ids), 500):
            stmt = select(Item.id, Item.state, Item.closed_by_meeting_id, Item.closed_quote).where(
                Item.owner == self.owner, Item.id.in_(ids[start:start + 500]))
            stored.extend(self.session.execute(stmt))
        for iid, state, closed_by, quote in stored:
            if (state, closed_by, quote) != wanted[iid]:
                s, c, q = wanted[iid]
                changed.append({"id": iid, "state": s, "closed_by_meeting_id": c,
                                "closed_quote": q})
        if changed:
            self.session.execute(update(Item), changed)  # bulk UPDATE by primary key
            touched = {c["id"] for c in changed}
            for obj in list(self.session.identity_map.values()):
                if isinstance(obj, Item) and obj.id in touched:
                    self.session.expire(obj)  # loaded rows read the new state

    def items_by_ids(self, ids: Sequence[int]) -> list[Item]:
        if not ids:
            return []
        stmt = select(Item).where(Item.owner == self.owner, Item.id.in_(list(ids)))
        return list(self.session.scalars(stmt))

    def all_items(self, person_id: int | None = None) -> list[Item]:
        stmt = select(Item).where(Item.owner == self.owner)
        if person_id is not None:
            stmt = stmt.where(Item.person_id == person_id)
        return list(self.session.scalars(stmt.order_by(Item.id)))

    def last_meeting_dates(self) -> dict[int, dt.date]:
        stmt = (
            select(Meeting.person_id, func.max(Meeting.date))
            .where(Meeting.owner == self.owner)
            .group_by(Meeting.person_id)
        )
        return {pid: d for pid, d in self.session.execute(stmt)}


MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL


def _valid_id(value: int) -> bool:
    """Ids outside the column's range are unknown ids, not database errors."""
    return 1 <= value <= MAX_ID


def _vanished(source_key: str) -> bool:
    """True for an imported file's key (an absolute path) that no longer exists."""
    path = Path(source_key)
    if not path.is_absolute():  # "add:..." keys and other non-file keys
        return False
    try:
        return not path.exists()
    except (OSError, ValueError):
        return False


_THREAD_KIND_VALUES = frozenset(
    k.value for k in (ItemKind.commitment, ItemKind.concern, ItemKind.request,
                      ItemKind.growth, ItemKind.topic)
)


def item_row(owner: str, meeting: Meeting, it: ExtractedItem) -> dict:
    """The ``items`` row of extracted line ``it`` of ``meeting`` (its column values)."""
    return {
        "owner": owner, "meeting_id": meeting.id, "person_id": meeting.person_id,
        "line_no": it.line_no, "kind": it.kind.value, "text": it.text, "quote": it.quote,
        "party": it.party.value if it.party else None, "due": it.due, "private": it.private,
        "checkbox": it.checkbox,
        "state": ("closed" if it.checkbox == "done" else "open")
        if it.kind.value in _THREAD_KIND_VALUES else "info",
        "closed_by_meeting_id": None, "closed_quote": None,
    }
