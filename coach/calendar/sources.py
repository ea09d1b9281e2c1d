"""Read a calendar source: an .ics file, an .ics address (http/https), or a CalDAV calendar."""

from __future__ import annotations

import urllib.request
from pathlib import Path
from typing import Any

from coach.errors import BadInput, CoachError

FETCH_TIMEOUT_S = 30


def normalise_ics(location: str) -> str:
    """An http(s) URL as given (webcal:// becomes https://), or a file's absolute path."""
    if location.startswith("webcal://"):
        return "https://" + location[len("webcal://"):]
    if location.startswith(("http://", "https://")):
        return location
    path = Path(location).expanduser()
    if not path.is_file():
        raise BadInput("no such .ics file (and not an http(s) address)", where=location)
    return str(path.resolve())


def fetch_ics(url: str) -> list[str]:
    """The calendar text of an .ics address or file."""
    try:
        if url.startswith(("http://", "https://")):
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as resp:  # noqa: S310
                raw = resp.read()
        else:
            raw = Path(url).read_bytes()
    except OSError as exc:
        raise CoachError(f"cannot read the calendar {url}: {exc}") from None
    return [raw.decode("utf-8", errors="replace")]


def fetch_caldav(url: str, username: str | None, password: str | None) -> list[str]:
    """Every event object of the CalDAV calendar at ``url`` (a calendar collection URL, or a
    principal/server URL whose calendars are all read)."""
    import caldav

    try:
        dav: Any = caldav.DAVClient
        with dav(url=url, username=username, password=password) as client:
            cal: Any = client.calendar(url=url)
            try:
                objects = cal.events()
            except Exception:  # not a calendar collection: read the principal's calendars
                calendars: list[Any] = client.principal().calendars()
                objects = [o for c in calendars for o in c.events()]
            return [str(o.data) for o in objects]
    except Exception as exc:
        raise CoachError(f"cannot read the CalDAV calendar {url}: "
                         f"{type(exc).__name__}: {str(exc)[:200]}") from None
