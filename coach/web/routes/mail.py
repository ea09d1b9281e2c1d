"""Outbox and Settings (test email, LLM check, per person: share summaries and address)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from coach.errors import BadInput
from coach.store.repo import Repo
from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()


@router.get("/outbox", response_class=HTMLResponse)
def outbox_page(request: Request, coach: WebCoach) -> HTMLResponse:
    from coach.email.outbox import list_messages

    with coach.db.session() as session:
        rows = list_messages(session, coach.owner, include_sent=True)
    return render(request, "outbox.html", {"rows": list(reversed(rows))})


def _settings_page(request: Request, coach, **extra) -> HTMLResponse:
    with coach.db.session() as session:
        people = [(p.id, p.name, p.email, p.share_summary)
                  for p in Repo(session, coach.owner).people()]
    s = coach.settings
    return render(request, "settings.html", {
        "people": people, "smtp": s.smtp_host, "llm": s.llm, "model": s.llm_model,
        "manager_email": s.manager_email, **extra})


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, coach: WebCoach) -> HTMLResponse:
    return _settings_page(request, coach)


@router.post("/settings/llm-check", response_class=HTMLResponse)
def llm_check(request: Request, coach: WebCoach) -> HTMLResponse:
    if coach.settings.llm != "openai":
        line = "COACH_LLM is offline: the deterministic writer is used, nothing to check"
    else:
        from coach.llm.check import check

        line = check(coach.settings).line()
    return _settings_page(request, coach, flash=line)


@router.post("/settings/test-email", response_class=HTMLResponse)
def test_email(request: Request, coach: WebCoach,
               to: Annotated[str, Form(max_length=320)] = "") -> HTMLResponse:
    from email.message import EmailMessage

    from coach.email.render import check_address
    from coach.email.smtp import SmtpConnection, SmtpProblem

    s = coach.settings
    if not s.smtp_host or not s.mail_from:
        raise BadInput("email is not set up: set COACH_SMTP_HOST and COACH_MAIL_FROM", where="to")
    to_addr = check_address(to, "to")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = s.mail_from, to_addr, "coach: test email"
    msg.set_content("This is a test email from coach. Summaries will arrive like this.\n")
    try:
        with SmtpConnection(s) as conn:
            reply = conn.send(msg, s.mail_from, to_addr, before_dot=lambda: True)
        line = f"sent to {to_addr}: {reply}"
    except SmtpProblem as exc:
        line = f"could not send to {to_addr}: {exc}"
    return _settings_page(request, coach, flash=line)


@router.post("/settings/people/{person_id}/share", response_class=HTMLResponse)
def share(request: Request, person_id: int, coach: WebCoach,
          email: Annotated[str, Form(max_length=320)] = "",
          on: Annotated[bool, Form()] = False) -> HTMLResponse:
    from coach.email.render import check_address

    address = check_address(email, "email") if email.strip() else None
    if on and not address:
        raise BadInput("an address is needed to share summaries", where="email")
    with coach.db.session() as session:
        person = Repo(session, coach.owner).person_by_id(person_id)
        person.email = address
        person.share_summary = on
        line = f"{person.name}: shared summary {'on' if on else 'off'}"
    return _settings_page(request, coach, flash=line)
