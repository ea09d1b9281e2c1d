"""The report's shared agenda page, reached through their link, without an account.

Everything shown comes from ``coach.agenda.shared_agenda`` (the one filter of what the report
may see). Unknown, revoked and expired links are the same 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from coach import agenda
from coach.store.tables import Person
from coach.web.templating import render

router = APIRouter()
TOPIC_WRITES = (20, 600.0)  # per link: changes per window (seconds), per server process


def _link(request: Request, session, token: str):
    link = agenda.resolve_link(session, token)
    person = session.get(Person, link.person_id)
    if person is None or person.owner != link.owner:
        raise agenda.NotFound("no such agenda")
    return link, person


@router.get("/a/{token}", response_class=HTMLResponse)
def report_agenda(request: Request, token: str) -> HTMLResponse:
    with request.app.state.pool.db.session() as session:
        link, person = _link(request, session, token)
        view = agenda.shared_agenda(session, link.owner, person)
    response = render(request, "agenda.html", {"a": view, "token": token,
                                               "max_chars": agenda.TOPIC_MAX_CHARS})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/a/{token}/topics")
def add_topic(request: Request, token: str,
              text: Annotated[str, Form(max_length=4000)] = "") -> RedirectResponse:
    with request.app.state.pool.db.session() as session:
        link, person = _link(request, session, token)
        request.app.state.topic_limit.check(link.token_hash, "changes to the agenda")
        agenda.add_topic(session, link.owner, person.id, text, "report",
                         today=request.app.state.pool.settings.today)
    return RedirectResponse(f"/a/{token}", status_code=303)


@router.post("/a/{token}/topics/{topic_id}/edit")
def edit_topic(request: Request, token: str, topic_id: int,
               text: Annotated[str, Form(max_length=4000)] = "") -> RedirectResponse:
    with request.app.state.pool.db.session() as session:
        link, person = _link(request, session, token)
        request.app.state.topic_limit.check(link.token_hash, "changes to the agenda")
        row = agenda.own_topic(session, link.owner, person.id, topic_id, "report")
        agenda.edit_topic(session, row, text)
    return RedirectResponse(f"/a/{token}", status_code=303)


@router.post("/a/{token}/topics/{topic_id}/delete")
def delete_topic(request: Request, token: str, topic_id: int) -> RedirectResponse:
    with request.app.state.pool.db.session() as session:
        link, person = _link(request, session, token)
        request.app.state.topic_limit.check(link.token_hash, "changes to the agenda")
        session.delete(agenda.own_topic(session, link.owner, person.id, topic_id, "report"))
    return RedirectResponse(f"/a/{token}", status_code=303)
