"""Before and after a 1:1 (issue 12): the prep brief the morning of, a reminder when no notes
arrive. Each goes through the outbox at most once per calendar instance: its Message-ID is
derived from the instance, and the outbox's unique Message-ID makes a second queueing a no-op.
Private lines never go into these emails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.store.tables import CalendarEvent, CalendarSeries, Meeting, OutboxMessage, Person

# A reminder is not sent for 1:1s that ended longer ago than this (first sync after a break).
REMIND_WINDOW = dt.timedelta(days=2)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _message_id(kind: str, owner: str, event_id: int, domain: str) -> str:
    token = hashlib.sha256(f"{owner}\0{kind}\0{event_id}".encode()).hexdigest()[:20]
    return f"<coach.cal.{kind}.{event_id}.{token}@{domain}>"


def brief_text(brief: Any) -> str:
    """The prep brief as plain text, without private threads."""
    lines = [f"Prep brief: 1:1 with {brief.person}", "",
             f"1. Check in first: \"{brief.check_in.question}\"",
             f"2. Let them set the agenda: \"{brief.agenda_invite}\"", "3. Open threads:"]
    shared = [t for t in brief.threads if not t.private and t.status == "open"]
    lines += [f"   - {t.text} (since {t.since})" for t in shared] or ["   (none)"]
    lines.append(f"4. Focus: {brief.focus.area}")
    lines += [f"   - {q}" for q in brief.focus.questions]
    if brief.meta_question is not None:
        lines.append(f"5. About the 1:1 itself: \"{brief.meta_question.question}\"")
    for h in brief.health:
        lines.append(f"Warning sign ({h.signal}): {h.detail}")
    return "\n".join(lines) + "\n"


def queue_calendar_mail(coach: Any, now: dt.datetime) -> list[str]:
    """Queue today's prep briefs and due reminders; returns the subjects queued.

    Three steps, so that no transaction is open while a brief is made (the brief opens its
    own, and SQLite allows one writer): find what is due, make the briefs, queue them."""
    from coach.email.render import mail_domain

    settings = coach.settings
    if not settings.smtp_host or not settings.manager_email:
        return []
    domain = mail_domain(settings.mail_from or "")
    due: list[tuple[str, str, str, int | None]] = []  # (kind, subject, message id, person id)
    texts: dict[str, str] = {}
    with coach.db.session() as session:
        rows = session.execute(
            select(CalendarEvent, Person)
            .join(CalendarSeries, CalendarSeries.id == CalendarEvent.series_id)
            .join(Person, Person.id == CalendarSeries.person_id)
            .where(CalendarEvent.owner == coach.owner, CalendarSeries.one_on_one.is_(True),
                   CalendarEvent.state != "cancelled",
                   CalendarEvent.start >= now - REMIND_WINDOW,
                   CalendarEvent.start <= now + dt.timedelta(days=1))).all()
        for event, person in rows:
            start, end = _aware(event.start), _aware(event.end)
            morning = dt.datetime.combine(start.date(), dt.time(settings.prep_hour),
                                          tzinfo=dt.UTC)
            if morning <= now < start:
                mid = _message_id("prep", coach.owner, event.id, domain)
                if not _queued(session, mid):
                    due.append(("prep", f"Prep for your 1:1 with {person.name} at "
                                f"{start:%H:%M} UTC", mid, person.id))
            elif end + dt.timedelta(hours=settings.remind_after_h) <= now <= end + REMIND_WINDOW:
                noted = session.scalar(select(Meeting.id).where(
                    Meeting.owner == coach.owner, Meeting.person_id == person.id,
                    Meeting.date == event.local_date,
                    ~Meeting.source_key.startswith("calendar:")))
                mid = _message_id("remind", coach.owner, event.id, domain)
                if noted is not None or _queued(session, mid):
                    continue
                subject = f"Notes for your 1:1 with {person.name} on {event.local_date}?"
                texts[mid] = (
                    f"Your 1:1 with {person.name} ended at {end:%H:%M} UTC and no notes have "
                    f"arrived yet. Paste them with:\n\n  coach add --person \"{person.name}\" "
                    f"--date {event.local_date.isoformat()}\n")
                due.append(("remind", subject, mid, None))
    for kind, _subject, mid, person_id in due:
        if kind == "prep":
            texts[mid] = brief_text(coach.brief_by_id(person_id))
    queued: list[str] = []
    if due:
        with coach.db.session() as session:
            for _kind, subject, mid, _pid in due:
                if _queue(session, coach.owner, settings.manager_email, subject, texts[mid],
                          mid):
                    queued.append(subject)
    return queued


def _queued(session: Session, message_id: str) -> bool:
    return session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)) is not None


def _queue(session: Session, owner: str, to: str, subject: str, text: str,
           message_id: str) -> bool:
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)):
        return False  # at most once per instance
    body = f"<pre>{html.escape(text)}</pre>"
    session.add(OutboxMessage(
        owner=owner, meeting_id=None, audience="manager", to_addr=to, subject=subject,
        text_body=text, html_body=body, message_id=message_id,
        content_hash=hashlib.sha256(text.encode()).hexdigest(), state="pending", attempts=0,
        next_attempt_at=dt.datetime.now(dt.UTC)))
    return True
