"""Meeting: the notes, the summary for the manager and for the report side by side, email
status per recipient, resend."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from coach.errors import BadInput
from coach.store.repo import Repo
from coach.summary import summarize
from coach.summary.audience import private_line_numbers
from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()


def _page(request: Request, coach, meeting_id: int, q: str | None = None, **extra):
    from sqlalchemy import select

    from coach.store.tables import OutboxMessage

    with coach.db.session() as session:
        repo = Repo(session, coach.owner)
        meeting = repo.meeting_by_id(meeting_id)
        person = meeting.person
        history = repo.history(person)
        mails = list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.owner == coach.owner, OutboxMessage.meeting_id == meeting_id)
            .order_by(OutboxMessage.id)))
    record = history.meeting(meeting_id)
    hidden = private_line_numbers(record)
    lines = [(raw, n in hidden) for n, raw in enumerate(record.body.splitlines(), start=1)]
    writer = getattr(coach, "summary_writer", None)
    summaries = None
    if record.held:
        summaries = {aud: summarize(history, meeting_id, aud, today=coach.today, writer=writer)
                     for aud in ("manager", "report")}
    return render(request, "meeting.html", {
        "person": person, "meeting": record, "lines": lines, "quote": q,
        "summaries": summaries, "mails": mails, "smtp": bool(coach.settings.smtp_host), **extra,
    })


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: int, coach: WebCoach,
                 q: str | None = None) -> HTMLResponse:
    return _page(request, coach, meeting_id, q)


@router.post("/meetings/{meeting_id}/resend", response_class=HTMLResponse)
def resend(request: Request, meeting_id: int, coach: WebCoach) -> HTMLResponse:
    from coach.email.outbox import queue_summary

    with coach.db.session() as session:
        Repo(session, coach.owner).meeting_by_id(meeting_id)
    if not coach.settings.smtp_host:
        raise BadInput("email is not set up: set COACH_SMTP_HOST and COACH_MAIL_FROM",
                       where="resend")
    with coach.db.session() as session:
        rows = queue_summary(session, coach.settings, coach.owner, meeting_id, resend=True,
                             audiences=("manager", "report"), today=coach.today,
                             writer=getattr(coach, "summary_writer", None))
        n = len(rows)
    message = (f"queued {n} message(s); `coach worker` delivers them" if n else
               "nobody to send it to: set COACH_MANAGER_EMAIL, or share with the report")
    return _page(request, coach, meeting_id, flash=message)
