"""/api/threads/{id}/done|dismiss|reopen: the manager's corrections of a thread."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from coach.api.deps import CoachDep
from coach.api.errors import NOT_FOUND
from coach.contracts import Thread

router = APIRouter(tags=["threads"])


@router.post("/threads/{thread_id}/{action}", response_model=Thread, responses=NOT_FOUND)
def correct_thread(thread_id: int, action: Literal["done", "dismiss", "reopen"],
                   coach: CoachDep) -> Thread:
    """Mark done, dismiss, or reopen (undo) a thread; 404 for an unknown id."""
    return coach.correct_thread(thread_id, action)
