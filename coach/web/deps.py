"""Request dependencies of the web pages: the viewer and their own ``Coach``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from coach.service import Coach
from coach.web.security import Viewer, web_viewer

ViewerDep = Annotated[Viewer, Depends(web_viewer)]


def viewer_coach(request: Request, viewer: ViewerDep) -> Coach:
    return request.app.state.pool.for_owner(viewer.owner)


WebCoach = Annotated[Coach, Depends(viewer_coach)]
