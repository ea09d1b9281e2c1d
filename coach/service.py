"""The application layer: wires store, extraction, index and engine for the surfaces.

CLI, API and worker call this; it owns transactions and the order of operations so that the
store stays the source of truth and the vector index stays a rebuildable cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from coach.config import Settings
from coach.contracts import Answer, Brief, PersonSummary, Thread
from coach.errors import BadInput
from coach.notes.limits import Limits, check_question
from coach.notes.parse import ParsedNote, read_note_file
from coach.store.db import Database
from coach.store.ingest import store_in_savepoint
from coach.store.repo import Repo
from coach.store.tables import Item, Meeting, Person

# How many notes are written and embedded per transaction during an import.
IMPORT_BATCH = 200
# `ask` also finds lines by their words among this many of the owner's newest items.
ASK_WORD_WINDOW = 20_000
# `ask` checks whether a name-like word is a word of the notes among this many newest notes.
ASK_NAME_WINDOW = 5_000


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # "path: reason"
    meeting_ids: list[int] = field(default_factory=list)  # added or updated meetings
    new_held_meeting_ids: list[int] = field(default_factory=list)  # for summaries

    @property
    def ok(self) -> bool:
        return not self.errors


def store_note(repo: Repo, note: ParsedNote, key: str,
               existing: Meeting | None | Literal["find"] = "find") -> tuple[Meeting, str]:
    """Extract a parsed note and save it as the meeting ``key`` (added/updated/unchanged).

    ``existing``: the stored meeting ``repo.find_meeting`` gave for it, when the caller has
    it (a meeting with the same text is not extracted again). Thread states are not touched:
    call ``resolve_person_threads`` once per person after.
    """
    from coach.engine.ingest import derive_note
    from coach.extract.features import line_memo

    if isinstance(existing, str):
        existing = repo.find_meeting(note, key)
    if existing is not None and existing.content_hash == note.content_hash:
        return existing, "unchanged"
    with line_memo():  # the items and the features ask about the same lines (speed only)
        derived = derive_note(note)
    meeting, change = repo.save_meeting(note, key, derived.items, derived.focus,
                                        derived.features, existing=existing)
    if change != "unchanged":
        meeting.engine_version = derived.version
    return meeting, change


def resolve_person_threads(repo: Repo, person: Person, today: dt.date | None = None) -> None:
    """Recompute which of ``person``'s threads are open or closed, from their whole history
    and the manager's corrections, and their stored summary (coach/store/person_state.py)."""
    from coach.engine.memo import forget
    from coach.store.person_state import resolve_person

    history = resolve_person(repo, person, today or dt.date.today())
    # The history and its memos (the matcher points back at it) form reference cycles: left
    # alone they outlive the young-generation collections and pile up until a full one
    # (a tail of ~2x the median add on a long history). Dropping the memos frees them now.
    forget(history)
    from coach.agenda.closure import close_agenda_topics

    close_agenda_topics(repo, person)


class Coach:
    """One owner's coach. Heavy parts (database, embedder, index) load on first use."""

    def __init__(self, settings: Settings, *, today: dt.date | None = None):
        self.settings = settings
        self.owner = settings.owner
        self._today = today
        # Run inside the ingest transaction (see _after_store); email queues summaries here.
        self.after_store_hooks: list[Callable[..., None]] = []
        from coach.calendar.feed import drop_calendar_duplicates  # notes replace calendar ones

        self.after_store_hooks.append(drop_calendar_duplicates)
        if settings.smtp_host:
            from coach.email.outbox import register

            register(self)

    @property
    def today(self) -> dt.date:
        return self._today or self.settings.today or dt.date.today()

    @cached_property
    def db(self) -> Database:
        db = Database(self.settings.resolved_database_url,
                      busy_timeout_s=self.settings.sqlite_busy_timeout_s)
        self._rederive(db)
        return db

    def _rederive(self, db: Database) -> None:
        """Bring derived data made by another engine version up to date (see
        coach/engine/version.py): re-extract from the stored text, re-resolve, re-embed only
        the lines whose text is new."""
        from coach.store.person_state import lock_owner, rederive_stale, stale_people

        with db.session() as session:
            if not stale_people(Repo(session, self.owner)):
                return  # the common case: one query
        with db.session() as session:
            lock_owner(session, self.owner)  # one process re-derives, the others wait
            repo = Repo(session, self.owner)
            if not stale_people(repo):
                return  # another process did it meanwhile
            done = rederive_stale(repo, self.today)
            pending = self.index.embed_and_store(session, done.new_items, done.removed_ids)
        if pending is not None or done.removed_ids:
            self.index.apply(pending, done.removed_ids)

    @cached_property
    def index(self):
        from coach.index.sync import OwnerIndex

        return OwnerIndex(self.settings, self.owner)

    # --- writers: None = the offline wording stands; COACH_LLM=openai -> coach/llm -------
    @cached_property
    def brief_writer(self):
        from coach.llm import brief_writer_for

        return brief_writer_for(self) if self.settings.llm == "openai" else None

    @cached_property
    def answer_writer(self):
        from coach.llm import answer_writer_for

        return answer_writer_for(self) if self.settings.llm == "openai" else None

    @cached_property
    def summary_writer(self):
        from coach.llm import summary_writer_for

        return summary_writer_for(self) if self.settings.llm == "openai" else None

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()

    # --- ingest -----------------------------------------------------------------------
    def add_notes(
        self,
        notes: Iterable[tuple[ParsedNote, str]],
        report: ImportReport | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Store notes given as (parsed note, source key), in batches of IMPORT_BATCH.

        Each batch is one transaction: its meetings, items, thread states and embeddings are
        committed together, then the FAISS index is updated incrementally.
        """
        report = report or ImportReport()
        batch: list[tuple[ParsedNote, str]] = []
        for pair in notes:
            batch.append(pair)
            if len(batch) >= IMPORT_BATCH:
                self._store_batch(batch, report, on_progress)
                batch = []
        if batch:
            self._store_batch(batch, report, on_progress)
        return report

    def _store_batch(self, batch: list[tuple[ParsedNote, str]], report: ImportReport,
                     on_progress: Callable[[int], None] | None = None) -> None:
        with self.db.session() as session:
            repo = Repo(session, self.owner)
            repo.cache_people()  # each person is looked up once per batch, not twice a note
            repo.cache_meetings([key for _, key in batch])  # and the keys in one query
            touched_people: set[int] = set()
            new_items: list[Item] = []
            removed_ids: list[int] = []
            changed_meetings = []
            for note, key in batch:
                # Each note in its own savepoint: one the database refuses costs only itself.
                stored = store_in_savepoint(session, repo, note, key, report)
                if on_progress:  # per note, so a long import's bar moves steadily
                    on_progress(1)
                if stored is None:
                    continue
                meeting, change, old_ids, old_person = stored
                removed_ids.extend(old_ids)
                if old_person is not None:
                    touched_people.add(old_person)
                if change == "unchanged":
                    report.unchanged += 1
                    continue
                setattr(report, change, getattr(report, change) + 1)
                report.meeting_ids.append(meeting.id)
                if change == "added" and meeting.status == "held":
                    report.new_held_meeting_ids.append(meeting.id)
                touched_people.add(meeting.person_id)
                changed_meetings.append(meeting)
                self.index.prefetch([line.text for line in note.lines])  # embeds meanwhile
            self.index.prefetch_rest()  # the last lines embed while the states resolve
            new_items = _items_of(session, changed_meetings)
            for person_id in touched_people:
                person = session.get(Person, person_id)
                if person is None:  # its only meeting moved to another person
                    continue
                resolve_person_threads(repo, person, self.today)
            pending = self.index.embed_and_store(session, new_items, removed_ids)
            self._after_store(session, report, changed_meetings)
        if pending is not None or removed_ids:
            self.index.apply(pending, removed_ids)

    def _after_store(self, session, report: ImportReport, meetings: list) -> None:
        """Hook for work that must commit with the meeting (the summary outbox)."""
        hooks = getattr(self, "after_store_hooks", [])
        for hook in hooks:
            hook(session, self, report, meetings)

    def import_dir(
        self, folder: Path, on_progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Import every ``*.md`` / ``*.markdown`` / ``*.txt`` file under ``folder``.

        Bad files are reported with their path and skipped; good ones are stored.
        """
        from coach.notes.files import find_note_files

        if not folder.is_dir():
            raise BadInput("not a folder", where=str(folder))
        files, problems = find_note_files(folder)
        if on_total:
            on_total(len(files))
        report = ImportReport(errors=problems)
        parsed: list[tuple[ParsedNote, str]] = []
        limits = Limits.from_settings(self.settings)
        for path in files:
            try:
                parsed.append((read_note_file(path, limits), str(path.resolve())))
            except BadInput as exc:
                report.errors.append(exc.render())
                if on_progress:
                    on_progress(1)
        return self.add_notes(parsed, report, on_progress)

    def reindex(self) -> int:
        """Rebuild this owner's vector index from the store; returns the number of vectors."""
        with self.db.session() as session:
            return int(self.index.rebuild(session))

    # --- read -------------------------------------------------------------------------
    def brief(self, name: str) -> Brief:
        """The prep brief for the person NAME (full or first name, any case)."""
        return self._brief(lambda repo: repo.find_person(name))

    def brief_by_id(self, person_id: int) -> Brief:
        return self._brief(lambda repo: repo.person_by_id(person_id))

    def _brief(self, find: Callable[[Repo], Person]) -> Brief:
        from coach.agenda.brief import report_topics
        from coach.engine.plan import plan_brief
        from coach.store.person_state import cached_plan, history_with_facts, remember_plan
        from coach.writer.offline import write_brief

        offline = getattr(self, "brief_writer", None) is None
        with self.db.session() as session:
            repo = Repo(session, self.owner)
            person = find(repo)
            topics = report_topics(session, self.owner, person)
            extra = {"report_topics": topics,
                     "next_meeting": _next_meetings(self, session).get(person.id)}
            plan, rev = cached_plan(repo, person, self.today)
            if plan is not None and offline:  # kept up to date at ingest (person_state.py)
                return write_brief(plan).model_copy(update=extra)
            history = history_with_facts(repo, person)
            if plan is None:
                plan = plan_brief(history, self.today)
                remember_plan(repo, person, plan, rev)
        brief = self.write_brief(write_brief(plan), history, plan)
        return brief.model_copy(update=extra)

    def write_brief(self, brief: Brief, history, plan=None) -> Brief:
        """Let the configured writer word the brief (the offline one already has); the LLM
        writer (COACH_LLM=openai) words it from the same plan."""
        writer = getattr(self, "brief_writer", None)
        if writer is None:
            return brief
        return writer(brief, history, plan) if plan is not None else writer(brief, history)

    def ask(self, question: str) -> Answer:
        """Answer a question from this owner's notes, citing them (see coach/engine/ask.py).

        People named in the question (coach/engine/names.py: full or first names, initials,
        short forms, misspellings) limit the search to their notes; a name that is nobody
        gets "no notes with X", never other people's notes; a person named by role ("the
        Leeds team lead") is found when exactly one person's notes say so; otherwise the
        search runs across everyone. Retrieval = FAISS (meaning) + a word pre-filter.
        """
        from coach.engine.ask import answer_question, dense_floor, person_by_role
        from coach.engine.names import PersonRef, resolve, strip_names
        from coach.engine.query import parse_question, words

        text = check_question(question or "", limits=Limits.from_settings(self.settings))
        with self.db.session() as session:
            repo = Repo(session, self.owner)
            people = repo.people()

            def in_notes(word: str) -> bool:
                return self._word_in_notes(session, word)

            def tie_break(word: str, candidates: list) -> tuple | None:
                return self._ask_tie_break(session, text, word, candidates, in_notes)

            names = resolve(text, [PersonRef(p.id, p.name) for p in people], in_notes,
                            tie_break)
            refs = names.people
            parsed = parse_question(
                text, {w for r in refs for w in words(r.name)} | names.name_words, in_notes)
            query = parsed.topic if parsed.has_topic else strip_names(text, refs,
                                                                      names.name_words)
            by_id = {p.id: p for p in people}
            if refs:
                answer = self._ask_named(session, repo, parsed, query, [by_id[r.id] for r in refs],
                                         names.readings, names.unknown)
            elif names.unknown:  # "anything I promised Dana?" and nobody is Dana: say so
                answer = answer_question(parsed, named=[], hits=[], open_items=[], searched=[],
                                         unknown=names.unknown)
            else:
                scores = dict(self.index.search(session, query, 50)) if people else {}
                ids = set(scores) | self._ask_word_candidates(session, parsed)
                hits = self._ask_hits(session, ids, scores)
                role = person_by_role(parsed, hits)
                if role is not None:  # "what's open with the Leeds team lead"
                    answer = self._ask_named(session, repo, role.question, text,
                                             [by_id[role.person_id]], [role.reading], [])
                else:
                    open_items = (self._ask_hits(session, self._ask_open_ids(session), {})
                                  if (parsed.follow_up or parsed.kinds) and not parsed.has_topic
                                  else [])
                    answer = answer_question(
                        parsed, named=[], hits=hits, open_items=open_items,
                        searched=[p.name for p in people],
                        floor=dense_floor(self.index.embedder.model_id) if people else 1.0,
                    )
        writer = getattr(self, "answer_writer", None)
        return writer(answer) if writer else answer

    def _ask_named(self, session, repo, parsed, query: str, persons: list, readings: list[str],
                   unknown: list[str]) -> Answer:
        """The answer about named people: only their notes are searched and cited."""
        from coach.engine.ask import answer_question, dense_floor, hits_from_history
        from coach.store.person_state import history_with_facts

        # with the kept matcher facts: the open threads need no re-indexing (person_state)
        named = [history_with_facts(repo, p) for p in persons]
        scores = dict(self.index.search(session, query, 30, person_ids=[p.id for p in persons]))
        hits = [h for hist in named for h in hits_from_history(hist, scores=scores)]
        return answer_question(
            parsed, named=named, hits=hits, open_items=[], searched=[p.name for p in persons],
            floor=dense_floor(self.index.embedder.model_id), today=self.today,
            readings=readings, unknown=unknown,
        )

    def _ask_tie_break(self, session, text: str, word: str, candidates: list, in_notes
                       ) -> tuple | None:
        """Of people sharing the name ``word``, the only one whose notes have a line with every
        topic word of the question ("what did Sam say about the till system?"), or None."""
        from sqlalchemy import or_, select

        from coach.engine.names import fold
        from coach.engine.query import lexical_match, parse_question, search_terms, words

        parts = {fold(word)} | {w for c in candidates for w in words(c.name)}
        parsed = parse_question(text, parts, in_notes)
        terms = search_terms(parsed)
        if not parsed.has_topic or not terms:
            return None
        matching, literal = [], []
        asked = [set(words(c.term)) for c in parsed.concepts]
        for person in candidates:
            stmt = (select(Item.text).where(Item.owner == self.owner, Item.person_id == person.id)
                    .where(or_(*[Item.text.ilike(f"%{t}%") for t in terms])).limit(200))
            texts = [t for t in session.scalars(stmt) if lexical_match(parsed, t) >= 1.0]
            if texts:
                matching.append(person)
            # the topic's own words, not only their wider family ("NVQ", not any "training")
            if any(all(a & set(words(t)) for a in asked) for t in texts):
                literal.append(person)
        if len(literal) == 1:
            matching = literal
        if len(matching) != 1:
            return None
        return matching[0], f"the only {word} whose notes mention {parsed.topic}"

    def _word_in_notes(self, session, word: str) -> bool:
        """Does ``word`` occur in any of this owner's notes? (A name-like word that does is a
        topic, not a misspelt or unknown person.)"""
        from sqlalchemy import select

        from coach.store.tables import Meeting

        pattern = "%" + word.replace("\\", "").replace("%", "").replace("_", "") + "%"
        # Bounded cost on big stores (a scan of 100k bodies is ~0.1 s): the newest notes only.
        # It is called only for a name-like word nobody is called, so rarely at all.
        floor_id = session.scalar(select(Meeting.id).where(Meeting.owner == self.owner)
                                  .order_by(Meeting.id.desc()).offset(ASK_NAME_WINDOW).limit(1))
        stmt = select(Meeting.id).where(Meeting.owner == self.owner,
                                        Meeting.body.ilike(pattern))
        if floor_id is not None:
            stmt = stmt.where(Meeting.id > floor_id)
        return session.scalar(stmt.limit(1)) is not None

    def _ask_word_candidates(self, session, parsed) -> set[int]:
        """Newest items whose text contains a topic word (the engine then matches exactly)."""
        from sqlalchemy import or_, select

        from coach.engine.query import search_terms

        terms = search_terms(parsed)
        if not terms:
            return set()
        # Bounded cost on big stores: scan only the newest ASK_WORD_WINDOW items (older
        # matches still come through FAISS).
        floor_id = session.scalar(select(Item.id).where(Item.owner == self.owner)
                                  .order_by(Item.id.desc()).offset(ASK_WORD_WINDOW).limit(1))
        stmt = select(Item.id).where(Item.owner == self.owner)
        if floor_id is not None:
            stmt = stmt.where(Item.id > floor_id)
        stmt = (stmt.where(or_(*[Item.text.ilike(f"%{t}%") for t in terms]))
                .order_by(Item.id.desc()).limit(300))
        return set(session.scalars(stmt))

    def _ask_open_ids(self, session) -> set[int]:
        from sqlalchemy import select

        stmt = (select(Item.id).where(Item.owner == self.owner, Item.state == "open")
                .order_by(Item.id.desc()).limit(500))
        return set(session.scalars(stmt))

    def _ask_hits(self, session, ids: set[int], scores: dict[int, float]) -> list:
        """Plain ``Hit`` records (item, person, note date and text) for owner-scoped item ids."""
        from sqlalchemy import select

        from coach.engine.ask import Hit
        from coach.store.repo import item_record
        from coach.store.tables import Meeting

        out = []
        id_list = sorted(ids)
        for start in range(0, len(id_list), 500):
            stmt = (
                select(Item, Meeting.date, Meeting.body, Person.name)
                .join(Meeting, Meeting.id == Item.meeting_id)
                .join(Person, Person.id == Item.person_id)
                .where(Item.owner == self.owner, Item.id.in_(id_list[start : start + 500]))
            )
            for item, date, body, name in session.execute(stmt):
                out.append(Hit(item_record(item), name, item.person_id, date, body,
                               scores.get(item.id, 0.0)))
        return out

    def people(self) -> list[PersonSummary]:
        """Everyone, from the stored per-person summaries (coach/store/person_state.py);
        a summary made for another day is brought up to date first."""
        from coach.store.person_state import people_summaries

        with self.db.session() as session:
            upcoming = _next_meetings(self, session)
            return [s.model_copy(update={"next_meeting": upcoming.get(s.id)})
                    for s in people_summaries(Repo(session, self.owner), self.today)]

    def correct_thread(self, thread_id: int,
                       action: Literal["done", "dismiss", "reopen"]) -> Thread:
        """The manager says thread ``thread_id`` is done, not a thread (dismiss), or open
        after all (reopen: also undoes done/dismiss). Stored by the line, not the id, so it
        survives re-import, an edited note that keeps the line and re-derivation.
        Raises NotFound for an unknown id or another owner's thread."""
        from coach.store.person_state import correct

        with self.db.session() as session:
            return correct(Repo(session, self.owner), thread_id, action, self.today)


def _items_of(session, meetings: list) -> list[Item]:
    """The items of ``meetings``, meeting by meeting in that order and by line within each
    (as ``meeting.items`` lists them), read in one query instead of one per meeting."""
    from sqlalchemy import select

    if not meetings:
        return []
    meetings = list({m.id: m for m in meetings}.values())  # a note edited twice in one batch
    by_meeting: dict[int, list[Item]] = {m.id: [] for m in meetings}
    for chunk in range(0, len(meetings), 500):
        ids = [m.id for m in meetings[chunk:chunk + 500]]
        for item in session.scalars(select(Item).where(Item.meeting_id.in_(ids))
                                    .order_by(Item.line_no, Item.id)):
            by_meeting[item.meeting_id].append(item)
    return [item for m in meetings for item in by_meeting[m.id]]


def _next_meetings(coach: Coach, session) -> dict[int, dt.datetime]:
    """person id -> their next scheduled 1:1 in the calendar (coach/calendar)."""
    from coach.calendar.feed import next_meetings
    from coach.calendar.service import now_for

    return next_meetings(session, coach.owner, now_for(coach))
