"""People (the home page): everyone, who needs attention first."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from coach.contracts import PersonSummary
from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()


def attention_key(p: PersonSummary) -> tuple:
    """Most warning signs first, then most open threads, then longest since the last 1:1."""
    last = p.last_meeting or dt.date.min
    return (-len(p.warning_signs), -p.open_threads, last, p.name.casefold())


@router.get("/", response_class=HTMLResponse)
def people_page(request: Request, coach: WebCoach) -> HTMLResponse:
    people = sorted(coach.people(), key=attention_key)
    return render(request, "people.html", {"people": people, "today": coach.today})
