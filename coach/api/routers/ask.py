"""/api/ask: a question about the notes, answered with citations."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from coach.api.deps import CoachDep
from coach.contracts import Answer

router = APIRouter(tags=["ask"])


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=20_000,
                          description="At most COACH_QUESTION_MAX_CHARS (2000) characters.")


@router.post("/ask", response_model=Answer)
def ask(body: AskIn, coach: CoachDep) -> Answer:
    return coach.ask(body.question)
