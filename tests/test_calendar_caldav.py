"""`coach calendar add --caldav` against a real CalDAV server (Radicale) on loopback."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.calendar.service import add_source, series_list, sync
from coach.config import Settings
from coach.service import Coach
from tests.conftest import TODAY

caldav = pytest.importorskip("caldav")
pytest.importorskip("radicale")
icalendar = pytest.importorskip("icalendar")

WORK = (Path(__file__).parent / "calendar_data" / "work.ics").read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(tmp_path / "collections"),
         "--auth-type", "none", "--rights-type", "owner_only", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"radicale did not start: {proc.stderr.read()!r}") from None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    proc.wait(timeout=10)


def _objects(text: str) -> list[str]:
    """One calendar object per UID (the way CalDAV stores a series and its overrides)."""
    cal = icalendar.Calendar.from_ical(text)
    tzs = list(cal.walk("VTIMEZONE"))
    by_uid: dict[str, icalendar.Calendar] = {}
    for event in cal.walk("VEVENT"):
        obj = by_uid.get(str(event["UID"]))
        if obj is None:
            obj = icalendar.Calendar()
            obj.add("PRODID", "-//coach tests//EN")
            obj.add("VERSION", "2.0")
            for tz in tzs:
                obj.add_component(tz)
            by_uid[str(event["UID"])] = obj
        obj.add_component(event)
    return [o.to_ical().decode() for o in by_uid.values()]


def _history(coach: Coach, name: str):  # type: ignore[no-untyped-def]
    from coach.store.repo import Repo

    with coach.db.session() as session:
        repo = Repo(session, coach.owner)
        return repo.history(repo.find_person(name))


def test_caldav_sync(radicale: str, home: Path) -> None:
    client = caldav.DAVClient(url=radicale, username="dana", password="secret")
    calendar = client.principal().make_calendar(name="Work", cal_id="work")
    for obj in _objects(WORK):
        calendar.save_event(obj)
    settings = Settings(home=home, embedder="hashing", manager_email="dana@example.org",  # type: ignore[call-arg]
                        caldav_password="secret", _env_file=None)
    coach = Coach(settings, today=TODAY)
    try:
        from coach.notes.parse import parse_note

        coach.add_notes([(parse_note("---\nperson: Sam Lee\ndate: 2026-11-17\n---\n- ok\n",
                                     source="s.md"), "s.md")])
        url = str(calendar.url)
        add_source(coach, None, url, "dana")
        first = sync(coach)
        assert first.errors == [] and first.added > 0
        titles = {v.title: v for v in series_list(coach)}
        # no email stored for Sam: matched by the title
        assert titles["Sam / Dana 1:1"].person == "Sam Lee"
        assert titles["Sam / Dana 1:1"].match == "title"
        assert "Team sync" not in titles and "OOO" not in titles
        assert titles["Priya <> Dana"].person is None
        statuses = {h.date.isoformat(): h.status.value
                    for h in _history(coach, "Sam Lee").meetings}
        assert statuses["2026-10-13"] == "cancelled" and statuses["2026-11-05"] == "rescheduled"
        assert sync(coach).unchanged_sources == 1  # nothing changed on the server
        # move one instance on the server: only that instance changes
        sam = calendar.event_by_uid("sam-weekly@example.org")
        ical = icalendar.Calendar.from_ical(sam.data)
        override = icalendar.Event()
        for key in ("UID", "SUMMARY", "ORGANIZER"):
            override[key] = ical.walk("VEVENT")[0][key]
        tz = "Europe/Berlin"
        override.add("RECURRENCE-ID", dt.datetime(2026, 11, 10, 10), parameters={"TZID": tz})
        override.add("DTSTART", dt.datetime(2026, 11, 10, 16), parameters={"TZID": tz})
        override.add("DTEND", dt.datetime(2026, 11, 10, 16, 30), parameters={"TZID": tz})
        override.add("DTSTAMP", dt.datetime(2026, 11, 10, 9, 15, tzinfo=dt.UTC))
        ical.add_component(override)
        sam.data = ical.to_ical().decode()
        sam.save()
        changed = sync(coach)
        assert (changed.added, changed.updated, changed.removed) == (0, 1, 0)
        moved = {h.date.isoformat(): h for h in _history(coach, "Sam Lee").meetings}
        assert moved["2026-11-10"].status.value == "rescheduled"
        assert moved["2026-11-10"].features["short_notice"] is True  # 45 min before
    finally:
        coach.close()


def test_caldav_wrong_url_is_reported(radicale: str, home: Path) -> None:
    settings = Settings(home=home, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    coach = Coach(settings, today=TODAY)
    try:
        add_source(coach, None, "http://127.0.0.1:9/dav/", "dana")
        report = sync(coach)
        assert len(report.errors) == 1 and "CalDAV" in report.errors[0]
    finally:
        coach.close()
