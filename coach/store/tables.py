"""SQLAlchemy table definitions. Schema changes go through Alembic (store/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Person(Base):
    """A report of one owner (manager). ``name_key`` is the case-folded name for lookups."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("owner", "name_key", name="uq_people_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    share_summary: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Meeting.date"
    )


class Meeting(Base):
    """One 1:1 (held, cancelled or rescheduled) and its notes, as written."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("owner", "source_key", name="uq_meetings_owner_source"),
        Index("ix_meetings_person_date", "person_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="held")
    focus: Mapped[str | None] = mapped_column(String(20), nullable=True)  # explicit focus:
    focus_inferred: Mapped[str | None] = mapped_column(String(20), nullable=True)
    title: Mapped[str | None] = mapped_column(String(500), nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(1000))  # path or "<stdin>", for messages
    source_key: Mapped[str] = mapped_column(String(1000))  # identity for re-import
    content_hash: Mapped[str] = mapped_column(String(64))
    features: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # engine_version() that extracted this meeting's items and features (None: before 0003)
    engine_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )

    person: Mapped[Person] = relationship(back_populates="meetings")
    items: Mapped[list[Item]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="Item.line_no",
        foreign_keys="Item.meeting_id",
    )


class Item(Base):
    """One line of a note, classified. Lines of carry-forward kinds are threads.

    ``state`` is open/closed for threads (recomputed per person whenever their notes
    change) and ``info`` for other lines. ``quote`` is literally in the meeting's body.
    """

    __tablename__ = "items"
    # AUTOINCREMENT: ids are never reused on SQLite, so the FAISS index (keyed by item id)
    # can never take a new line for a deleted one (migration 0002).
    __table_args__ = (Index("ix_items_person_state", "person_id", "state"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    party: Mapped[str | None] = mapped_column(String(20), nullable=True)  # who owes it
    due: Mapped[str | None] = mapped_column(String(100), nullable=True)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    checkbox: Mapped[str | None] = mapped_column(String(10), nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="info")
    closed_by_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True
    )
    closed_quote: Mapped[str | None] = mapped_column(Text, nullable=True)

    meeting: Mapped[Meeting] = relationship(back_populates="items", foreign_keys=[meeting_id])


class ThreadCorrection(Base):
    """The manager said a thread is done, not a thread (dismiss), or still open (reopen).

    Keyed by what survives re-import and re-derivation: the person's name key, the note's
    source key and a hash of the normalized quote (item ids change when a note is re-derived).
    """

    __tablename__ = "thread_corrections"
    __table_args__ = (UniqueConstraint("owner", "person_key", "source_key", "quote_hash",
                                       name="uq_thread_corrections_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    person_key: Mapped[str] = mapped_column(String(200))
    source_key: Mapped[str] = mapped_column(String(1000))
    quote_hash: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)  # as it was when corrected, for people to read
    action: Mapped[str] = mapped_column(String(10))  # done | dismiss | reopen
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PersonState(Base):
    """Per-person derived summary kept up to date at ingest: what `coach people` reads.

    ``warning_signs`` are as of ``as_of`` (health depends on the day); ``engine_version`` is
    the version that resolved this person's thread states.
    """

    __tablename__ = "person_state"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    owner: Mapped[str] = mapped_column(String(200), index=True)
    engine_version: Mapped[str] = mapped_column(String(40))
    meetings: Mapped[int] = mapped_column(Integer, default=0)
    last_meeting: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    open_threads: Mapped[int] = mapped_column(Integer, default=0)
    warning_signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    as_of: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Bumped whenever the person's notes, items or thread states change.
    rev: Mapped[int] = mapped_column(Integer, default=0)
    # The brief plan (coach.engine.plan.BriefPlan JSON) for ``as_of`` at ``rev``.
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # What the thread matcher found in this history, whatever the day (coach/engine/memo.py).
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # The warning signs' inputs on any later day (coach/store/health_inputs.py); loaded only
    # when read (a brief never needs them).
    health: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, deferred=True)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now
    )


class ItemVector(Base):
    """An item's embedding, so the FAISS index can be rebuilt without re-embedding.

    ``model_id`` guards against mixing vectors of different models.
    """

    __tablename__ = "item_vectors"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    owner: Mapped[str] = mapped_column(String(200), index=True)
    model_id: Mapped[str] = mapped_column(String(200))
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class IndexVersion(Base):
    """One counter per owner, bumped in every transaction that changes the owner's vectors.

    Each process keeps its FAISS index as a cache and compares this (one primary-key read per
    search) with the version it last checked, so a note stored through one worker is searched
    by every other worker at once (coach/index/sync.py).
    """

    __tablename__ = "index_versions"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class OutboxMessage(Base):
    """An email waiting to go out (or sent, or parked after too many failures)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True
    )
    audience: Mapped[str] = mapped_column(String(20))  # manager | report
    to_addr: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(300), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, server_default=func.now()
    )
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LLMCacheEntry(Base):
    """A cached LLM response, keyed by prompt version + input hash."""

    __tablename__ = "llm_cache"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


# --- web accounts and the shared agenda (issue 9) ---------------------------------------
class User(Base):
    """A manager with a web account. Their ``email`` is the owner of their data."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    api_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class WebSession(Base):
    """A logged-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AgendaLink(Base):
    """The report's link to their shared agenda: token stored hashed, revocable, expiring."""

    __tablename__ = "agenda_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AgendaTopic(Base):
    """A topic on the next 1:1's shared agenda, added by the report (through their link) or
    by the manager (marked shared). ``closed_by_meeting_id`` is set when a later note closes
    it."""

    __tablename__ = "agenda_topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(20))  # report | manager
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    closed_by_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), nullable=True
    )


class CalendarSource(Base):
    """A calendar coach reads: an .ics address or file, or a CalDAV calendar (issue 12)."""

    __tablename__ = "calendar_sources"
    __table_args__ = (UniqueConstraint("owner", "kind", "url", name="uq_calsrc_owner_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # ics | caldav
    url: Mapped[str] = mapped_column(String(2000))  # URL or absolute file path
    username: Mapped[str | None] = mapped_column(String(320), nullable=True)
    payload_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class CalendarSeries(Base):
    """One event UID of a source (a recurring series or a single event) and whom it is with.

    ``match`` says how ``person_id`` was found: email, title, manual, or None (unmatched).
    """

    __tablename__ = "calendar_series"
    __table_args__ = (UniqueConstraint("source_id", "uid", name="uq_calseries_source_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_sources.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(String(1000), default="")
    one_on_one: Mapped[bool] = mapped_column(Boolean, default=False)
    other_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    match: Mapped[str | None] = mapped_column(String(10), nullable=True)


class CalendarEvent(Base):
    """One instance of a series, keyed by UID + RECURRENCE-ID (``instance_key``).

    ``state`` is scheduled, cancelled or moved; ``changed_at`` is when the calendar says the
    instance last changed (LAST-MODIFIED, else DTSTAMP), for "last-minute".
    """

    __tablename__ = "calendar_events"
    __table_args__ = (
        UniqueConstraint("series_id", "instance_key", name="uq_calevent_series_instance"),
        Index("ix_calevent_owner_start", "owner", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), index=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("calendar_series.id", ondelete="CASCADE"), index=True)
    instance_key: Mapped[str] = mapped_column(String(64))
    original_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    local_date: Mapped[dt.date] = mapped_column(Date)  # the start's date in its own time zone
    state: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(1000), default="")
    attendees: Mapped[list[str]] = mapped_column(JSON, default=list)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, onupdate=_now)
