"""The shared agenda of the next 1:1, co-owned with the report (issue 9).

The report reaches it through a link whose random token is shown once and stored hashed.
What the report sees is built here and only here (``shared_agenda``): their own topics, the
topics the manager marked shared, and the commitments the manager still owes them — never a
private line, a warning sign, a coaching tip, the brief or another person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.errors import BadInput, NotFound
from coach.history import History
from coach.store.repo import Repo
from coach.store.tables import AgendaLink, AgendaTopic, Person

TOPIC_MAX_CHARS = 500
TOPICS_MAX_OPEN = 30
LINK_DAYS = 30


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass
class AgendaEntry:
    """One line of the shared agenda, as the report may see it."""

    id: int | None  # topic id (None for the manager's commitments)
    text: str
    who: str  # report | manager | owed
    added: dt.date | None = None


@dataclass
class SharedAgenda:
    person: str
    person_id: int
    report_topics: list[AgendaEntry]
    manager_topics: list[AgendaEntry]
    owed: list[AgendaEntry]


# --- links ------------------------------------------------------------------------------
def create_link(session: Session, owner: str, person_id: int, days: int = LINK_DAYS) -> str:
    """A new link token for the person (earlier links keep working until revoked)."""
    if not 1 <= days <= 365:
        raise BadInput("the link must expire in 1 to 365 days", where="days")
    Repo(session, owner).person_by_id(person_id)
    token = secrets.token_urlsafe(24)
    session.add(AgendaLink(owner=owner, person_id=person_id, token_hash=token_hash(token),
                           expires_at=utcnow() + dt.timedelta(days=days)))
    session.flush()
    return token


def revoke_links(session: Session, owner: str, person_id: int) -> int:
    Repo(session, owner).person_by_id(person_id)
    rows = session.scalars(select(AgendaLink).where(
        AgendaLink.owner == owner, AgendaLink.person_id == person_id,
        AgendaLink.revoked_at.is_(None)))
    n = 0
    for row in rows:
        row.revoked_at = utcnow()
        n += 1
    return n


def active_links(session: Session, owner: str, person_id: int) -> list[AgendaLink]:
    rows = session.scalars(select(AgendaLink).where(
        AgendaLink.owner == owner, AgendaLink.person_id == person_id,
        AgendaLink.revoked_at.is_(None)).order_by(AgendaLink.id))
    now = utcnow()
    return [r for r in rows if _aware(r.expires_at) > now]


def resolve_link(session: Session, token: str) -> AgendaLink:
    """The live link for ``token``; NotFound for unknown, revoked or expired ones alike."""
    if not token or len(token) > 200:
        raise NotFound("no such agenda")
    row = session.scalars(select(AgendaLink).where(
        AgendaLink.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= utcnow():
        raise NotFound("no such agenda")
    return row


# --- topics -----------------------------------------------------------------------------
def clean_topic(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise BadInput("the topic is empty", where="topic")
    if len(text) > TOPIC_MAX_CHARS:
        raise BadInput(f"the topic is too long (over {TOPIC_MAX_CHARS} characters)",
                       where="topic")
    return text


def open_topics(session: Session, owner: str, person_id: int,
                author: str | None = None) -> list[AgendaTopic]:
    stmt = select(AgendaTopic).where(
        AgendaTopic.owner == owner, AgendaTopic.person_id == person_id,
        AgendaTopic.closed_by_meeting_id.is_(None))
    if author:
        stmt = stmt.where(AgendaTopic.author == author)
    return list(session.scalars(stmt.order_by(AgendaTopic.created_at, AgendaTopic.id)))


def now_for(today: dt.date | None) -> dt.datetime:
    """The time stamp of a new topic: now, or noon of the pretend day (COACH_TODAY)."""
    if today is None:
        return utcnow()
    return dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)


def add_topic(session: Session, owner: str, person_id: int, text: str, author: str,
              today: dt.date | None = None) -> AgendaTopic:
    text = clean_topic(text)
    if len(open_topics(session, owner, person_id)) >= TOPICS_MAX_OPEN:
        raise BadInput(f"the agenda already has {TOPICS_MAX_OPEN} open topics", where="topic")
    when = now_for(today)
    row = AgendaTopic(owner=owner, person_id=person_id, author=author, text=text,
                      created_at=when, updated_at=when)
    session.add(row)
    session.flush()
    return row


def own_topic(session: Session, owner: str, person_id: int, topic_id: int,
              author: str) -> AgendaTopic:
    row = session.get(AgendaTopic, topic_id)
    if (row is None or row.owner != owner or row.person_id != person_id
            or row.author != author or row.closed_by_meeting_id is not None):
        raise NotFound(f"no topic with id {topic_id}")
    return row


def edit_topic(session: Session, row: AgendaTopic, text: str) -> None:
    row.text = clean_topic(text)
    row.updated_at = utcnow()


# --- what the report sees ---------------------------------------------------------------
def owed_commitments(history: History) -> list[AgendaEntry]:
    """Open commitments the manager owes, from shared (never private) lines only."""
    from coach.contracts import ItemKind, Party
    from coach.summary.audience import private_line_numbers

    out: list[AgendaEntry] = []
    for meeting in history.meetings:
        hidden = private_line_numbers(meeting)
        for item in meeting.items:
            if (item.kind is ItemKind.commitment and item.party is Party.manager
                    and item.state == "open" and not item.private
                    and item.line_no not in hidden):
                out.append(AgendaEntry(None, item.text, "owed", meeting.date))
    return out


def shared_agenda(session: Session, owner: str, person: Person) -> SharedAgenda:
    history = Repo(session, owner).history(person)
    topics = open_topics(session, owner, person.id)

    def entry(t: AgendaTopic) -> AgendaEntry:
        return AgendaEntry(t.id, t.text, t.author, _aware(t.created_at).date())

    return SharedAgenda(
        person=person.name, person_id=person.id,
        report_topics=[entry(t) for t in topics if t.author == "report"],
        manager_topics=[entry(t) for t in topics if t.author == "manager"],
        owed=owed_commitments(history),
    )
