"""Person: the brief, open threads (with corrections), the meeting timeline, the share link."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from coach import agenda
from coach.errors import CoachError
from coach.store.repo import Repo
from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()


def _page(request: Request, coach, person_id: int, **extra) -> HTMLResponse:
    brief = coach.brief_by_id(person_id)
    with coach.db.session() as session:
        repo = Repo(session, coach.owner)
        person = repo.person_by_id(person_id)
        history = repo.history(person)
        links = agenda.active_links(session, coach.owner, person_id)
        shared = agenda.open_topics(session, coach.owner, person_id, author="manager")
        link_expiry = max((link.expires_at for link in links), default=None)
        shared_rows = [(t.id, t.text) for t in shared]
    return render(request, "person.html", {
        "person": person, "brief": brief, "meetings": list(reversed(history.meetings)),
        "strip": history.meetings[-12:], "has_link": bool(links), "link_expiry": link_expiry,
        "shared": shared_rows, **extra,
    })


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(request: Request, person_id: int, coach: WebCoach) -> HTMLResponse:
    return _page(request, coach, person_id)


@router.post("/people/{person_id}/threads/{thread_id}/{action}")
def correct_thread(person_id: int, thread_id: int, action: Literal["done", "dismiss", "reopen"],
                   coach: WebCoach) -> RedirectResponse:
    with coach.db.session() as session:
        Repo(session, coach.owner).person_by_id(person_id)
    correct = getattr(coach, "correct_thread", None)
    if correct is None:
        raise CoachError("marking threads is not available in this version", status=501)
    correct(thread_id, action)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/people/{person_id}/share-link", response_class=HTMLResponse)
def share_link(request: Request, person_id: int, coach: WebCoach,
               revoke: Annotated[bool, Form()] = False) -> HTMLResponse:
    with coach.db.session() as session:
        if revoke:
            agenda.revoke_links(session, coach.owner, person_id)
            token = None
        else:
            token = agenda.create_link(session, coach.owner, person_id)
    url = f"{str(request.base_url).rstrip('/')}/a/{token}" if token else None
    return _page(request, coach, person_id, new_link=url, revoked=revoke)


@router.post("/people/{person_id}/topics")
def add_shared_topic(person_id: int, coach: WebCoach,
                     text: Annotated[str, Form(max_length=2000)]) -> RedirectResponse:
    with coach.db.session() as session:
        Repo(session, coach.owner).person_by_id(person_id)
        agenda.add_topic(session, coach.owner, person_id, text, "manager",
                         today=coach.settings.today)
    return RedirectResponse(f"/people/{person_id}#agenda", status_code=303)


@router.post("/people/{person_id}/topics/{topic_id}/delete")
def delete_shared_topic(person_id: int, topic_id: int, coach: WebCoach) -> RedirectResponse:
    with coach.db.session() as session:
        Repo(session, coach.owner).person_by_id(person_id)
        row = agenda.own_topic(session, coach.owner, person_id, topic_id, "manager")
        session.delete(row)
    return RedirectResponse(f"/people/{person_id}#agenda", status_code=303)
