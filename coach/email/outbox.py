"""Queue summary emails into the ``outbox`` table, in the caller's transaction.

Message states (``OutboxMessage.state``):

``pending``  waiting for its next attempt (``next_attempt_at``)
``sending``  claimed by a sender (``next_attempt_at`` is the claim's lease); the final dot of
             DATA has NOT been sent, so the server cannot have accepted it
``handoff``  the sender is about to send / has sent the final dot and waits for the reply
``sent``     the server accepted it (``sent_at``)
``parked``   failed ``outbox_max_attempts`` times; ``coach outbox retry ID`` sends it again
``unknown``  the sender lost track after the hand-off (crash, lost connection, timeout): the
             message may have been delivered, so it is never resent automatically

See coach/email/worker.py for how those states give "never twice".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.errors import BadInput, NotFound
from coach.store.repo import Repo
from coach.store.tables import Meeting, OutboxMessage, Person

if TYPE_CHECKING:
    from coach.summary import SummaryWriter

STATES = ("pending", "sending", "handoff", "sent", "parked", "unknown")
WAITING = ("pending", "sending", "handoff")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def recipients(settings: Settings, person: Person) -> list[tuple[str, str]]:
    """(audience, address) pairs a meeting with ``person`` is sent to."""
    out: list[tuple[str, str]] = []
    if settings.manager_email:
        out.append(("manager", settings.manager_email))
    if person.share_summary and person.email:
        out.append(("report", person.email))
    return out


def _message_id(owner: str, meeting_id: int, audience: str, content_hash: str, seq: int,
                settings: Settings) -> str:
    from coach.email.render import mail_domain

    token = hashlib.sha256(
        f"{owner}\0{meeting_id}\0{audience}\0{content_hash}\0{seq}".encode()
    ).hexdigest()[:20]
    return f"<coach.{meeting_id}.{audience}.{seq}.{token}@{mail_domain(settings.mail_from or '')}>"


def queue_summary(
    session: Session,
    settings: Settings,
    owner: str,
    meeting_id: int,
    *,
    resend: bool = False,
    audiences: tuple[str, ...] = ("manager", "report"),
    today: dt.date | None = None,
    writer: SummaryWriter | None = None,
) -> list[OutboxMessage]:
    """Render and queue the summary of ``meeting_id`` for each configured recipient.

    Without ``resend``, a message with the same content already queued for that meeting and
    audience is not queued again (idempotent). With ``resend``, a new message with a new
    Message-ID is queued even if the content is unchanged (the user asked for it).
    """
    from coach.email.render import render_summary
    from coach.summary import summarize

    repo = Repo(session, owner)
    meeting = repo.meeting_by_id(meeting_id)
    if meeting.status != "held":
        raise BadInput(f"meeting {meeting_id} was {meeting.status}, not held: no summary to send")
    person = meeting.person
    history = repo.history(person)
    queued: list[OutboxMessage] = []
    for audience, address in recipients(settings, person):
        if audience not in audiences:
            continue
        summary = summarize(history, meeting_id, audience, today=today, writer=writer)
        rendered = render_summary(summary)
        content_hash = hashlib.sha256(
            "\0".join((address, rendered.subject, rendered.text, rendered.html)).encode()
        ).hexdigest()
        same = select(OutboxMessage).where(
            OutboxMessage.owner == owner, OutboxMessage.meeting_id == meeting_id,
            OutboxMessage.audience == audience,
        )
        previous = list(session.scalars(same))
        if not resend and any(m.content_hash == content_hash for m in previous):
            continue
        row = OutboxMessage(
            owner=owner, meeting_id=meeting_id, audience=audience, to_addr=address,
            subject=rendered.subject, text_body=rendered.text, html_body=rendered.html,
            message_id=_message_id(owner, meeting_id, audience, content_hash,
                                   len(previous) + 1, settings),
            content_hash=content_hash, state="pending", attempts=0, next_attempt_at=utcnow(),
        )
        session.add(row)
        queued.append(row)
    session.flush()
    return queued


def after_store_hook(session: Session, coach: Any, report: Any, meetings: list[Meeting]) -> None:
    """Queue the summary of every NEW held meeting, inside the ingest transaction.

    Updated meetings are not re-sent (``coach resend MEETING_ID`` does that on request). A
    failure to build a summary must not lose the notes: it is reported and the meeting stored;
    ``coach resend`` can queue it later.
    """
    new = set(report.new_held_meeting_ids)
    for meeting in meetings:
        if meeting.id not in new:
            continue
        try:
            with session.begin_nested():
                queue_summary(
                    session, coach.settings, coach.owner, meeting.id, today=coach.today,
                    writer=getattr(coach, "summary_writer", None),
                )
        except Exception as exc:  # noqa: BLE001 - the notes matter more than the email
            print(
                f"coach: warning: summary of meeting {meeting.id} not queued ({exc}); "
                f"run `coach resend {meeting.id}` to try again",
                file=sys.stderr,
            )


def register(coach: Any) -> None:
    """Make ``coach`` queue summaries after storing notes, when email is configured."""
    settings = coach.settings
    if not settings.smtp_host:
        return
    hooks = coach.after_store_hooks
    if after_store_hook not in hooks:
        hooks.append(after_store_hook)


# --- reading and managing the outbox ------------------------------------------------------
def list_messages(
    session: Session, owner: str, *, include_sent: bool = False
) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.owner == owner)
    if not include_sent:
        stmt = stmt.where(OutboxMessage.state != "sent")
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def counts(session: Session, owner: str) -> dict[str, int]:
    stmt = (
        select(OutboxMessage.state, func.count())
        .where(OutboxMessage.owner == owner)
        .group_by(OutboxMessage.state)
    )
    return {state: n for state, n in session.execute(stmt)}


def get_message(session: Session, owner: str, message_id: int) -> OutboxMessage:
    row = session.get(OutboxMessage, message_id)
    if row is None or row.owner != owner:
        raise NotFound(f"no outbox message with id {message_id}")
    return row


def requeue(session: Session, owner: str, message_id: int) -> OutboxMessage:
    """Put a parked (or unknown) message back in the queue with a fresh attempt budget.

    It keeps its Message-ID, so if an ``unknown`` one had in fact arrived, a mail client that
    de-duplicates by Message-ID shows it once.
    """
    row = get_message(session, owner, message_id)
    if row.state in WAITING:
        raise BadInput(f"message {message_id} is already {row.state}: the sender will send it")
    if row.state == "sent":
        raise BadInput(
            f"message {message_id} was sent at {row.sent_at}; use `coach resend "
            f"{row.meeting_id}` to send the summary again"
        )
    row.state = "pending"
    row.attempts = 0
    row.next_attempt_at = utcnow()
    session.flush()
    return row


def mark_sent(session: Session, owner: str, message_id: int) -> OutboxMessage:
    """Record that an ``unknown``-outcome message did arrive (the recipient has it)."""
    row = get_message(session, owner, message_id)
    if row.state != "unknown":
        raise BadInput(f"message {message_id} is {row.state}; only an 'unknown' one can be "
                       "marked sent")
    row.state = "sent"
    row.sent_at = utcnow()
    row.last_error = None
    session.flush()
    return row
