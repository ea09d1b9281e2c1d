"""SQLAlchemy table definitions. Schema changes go through Alembic (store/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
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
    __table_args__ = (Index("ix_items_person_state", "person_id", "state"),)

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
