"""Request dependencies: the process-wide ``Coach`` for the configured owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from coach.service import Coach


def get_coach(request: Request) -> Coach:
    return request.app.state.coach


CoachDep = Annotated[Coach, Depends(get_coach)]
