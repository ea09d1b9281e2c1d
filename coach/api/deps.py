"""Request dependencies: the process-wide ``Coach`` for the configured owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from coach.service import Coach


def get_coach(request: Request) -> Coach:
    """The calling manager's own Coach: local mode, or the user of the bearer token."""
    from coach.web.security import api_viewer

    return request.app.state.pool.for_owner(api_viewer(request).owner)


CoachDep = Annotated[Coach, Depends(get_coach)]
