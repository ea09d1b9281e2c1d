"""Ask: a question box; the answer with numbered citations linking to the notes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()


@router.get("/ask", response_class=HTMLResponse)
def ask_page(request: Request, coach: WebCoach) -> HTMLResponse:
    return render(request, "ask.html", {})


@router.post("/ask", response_class=HTMLResponse)
def ask(request: Request, coach: WebCoach,
        question: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    answer = coach.ask(question)
    return render(request, "ask.html", {"question": question, "answer": answer})
