"""The calendar as the source of truth for 1:1s (issue 12): parse, sync, match, feed.

Realistic series in tests/calendar_data/work.ics: a weekly 1:1 across the October DST change
with a cancelled instance, a moved one, one moved an hour before it started; a fortnightly series
that ended; an all-day OOO; a group meeting; an unmatched 1:1 with someone unknown.
"""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from coach.calendar.parse import parse_ics
from coach.calendar.service import add_source, series_list, set_match, sync
from coach.config import Settings
from coach.notes.parse import parse_note
from coach.service import Coach
from coach.store.tables import Meeting, Person
from tests.conftest import TODAY

DATA = Path(__file__).parent / "calendar_data"
WORK = (DATA / "work.ics").read_text()
UTC = dt.UTC
WINDOW = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 31, tzinfo=UTC))
LAST_MINUTE_CANCEL = """BEGIN:VEVENT
UID:sam-weekly@example.org
RECURRENCE-ID;TZID=Europe/Berlin:20261110T100000
DTSTAMP:20261110T083000Z
LAST-MODIFIED:20261110T083000Z
DTSTART;TZID=Europe/Berlin:20261110T100000
DTEND;TZID=Europe/Berlin:20261110T103000
STATUS:CANCELLED
SUMMARY:Sam / Dana 1:1
END:VEVENT
BEGIN:VEVENT
UID:lee-fortnightly@example.org"""


def _instances(text: str = WORK) -> dict[tuple[str, str], object]:
    result = parse_ics(text, "work.ics", WINDOW)
    assert result.errors == []
    return {(i.uid.split("@")[0], i.local_date.isoformat()): i for i in result.instances}


def test_series_expand_with_overrides_exdate_and_dst() -> None:
    got = _instances()
    sam = {d: i for (u, d), i in got.items() if u == "sam-weekly"}
    assert sam["2026-10-13"].state == "cancelled"
    moved = sam["2026-10-22"]
    assert moved.state == "moved" and moved.original_start.date() == dt.date(2026, 10, 20)
    assert "2026-10-20" not in sam  # the moved slot is one instance, not two
    late = sam["2026-11-05"]
    assert late.state == "moved" and late.changed_at == dt.datetime(2026, 11, 3, 8, tzinfo=UTC)
    # 10:00 Berlin is 08:00 UTC in summer time and 09:00 UTC after 25 October
    assert sam["2026-10-06"].start.hour == 8 and sam["2026-10-27"].start.hour == 9
    lee = sorted(d for (u, d) in got if u == "lee-fortnightly")
    assert lee[0] == "2026-06-02" and lee[-1] == "2026-09-22" and len(lee) == 9
    assert got[("ooo-sam", "2026-11-10")].all_day


def test_exdate_is_a_cancelled_instance() -> None:
    text = WORK.replace("RRULE:FREQ=WEEKLY;BYDAY=TU\n",
                        "RRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE;TZID=Europe/Berlin:20260915T100000\n")
    cancelled = _instances(text)[("sam-weekly", "2026-09-15")]
    assert cancelled.state == "cancelled"
    assert cancelled.changed_at == dt.datetime(2026, 8, 20, 10, tzinfo=UTC)  # series' LAST-MODIFIED
    later = text.replace("LAST-MODIFIED:20260820T100000Z", "LAST-MODIFIED:20261101T100000Z")
    # an edit of the series after the slot does not date the cancellation
    assert _instances(later)[("sam-weekly", "2026-09-15")].changed_at is None


def test_malformed_lines_are_reported_with_where_and_the_rest_is_read() -> None:
    text = WORK.replace("SUMMARY:1:1 Lee\n", "SUMMARY:1:1 Lee\nTHIS IS NOT A CONTENT LINE\n")
    text = text.replace("UID:ooo-sam@example.org\n", "")  # an event without a UID
    result = parse_ics(text, "broken.ics", WINDOW)
    assert len(result.errors) == 2
    line_no = text.splitlines().index("THIS IS NOT A CONTENT LINE") + 1
    assert f"broken.ics: line {line_no} (in VEVENT)" in result.errors[0]
    assert "no UID" in result.errors[1] and "'OOO'" in result.errors[1]
    uids = {i.uid for i in result.instances}
    assert {"sam-weekly@example.org", "lee-fortnightly@example.org"} <= uids


# --- store-backed: sync, match, feed ---------------------------------------------------------

@pytest.fixture
def cal_coach(db_url: str, home: Path) -> Iterator[Coach]:
    s = Settings(home=home, database_url=db_url, embedder="hashing",  # type: ignore[call-arg]
                 manager_email="dana@example.org", _env_file=None)
    c = Coach(s, today=TODAY)
    note = parse_note("---\nperson: Sam Lee\ndate: 2026-11-17\n---\n"
                      "- Sam: how are you? tired, the migration is heavy\n", source="sam.md")
    lee = parse_note("---\nperson: Lee Park\ndate: 2026-05-19\n---\n- Lee wants to mentor\n",
                     source="lee.md")
    c.add_notes([(note, "sam.md"), (lee, "lee.md")])
    with c.db.session() as session:
        session.scalars(select(Person).where(Person.name == "Sam Lee")).one().email = (
            "sam@example.org")
    yield c
    c.close()


def _meetings(c: Coach, name: str) -> dict[str, tuple[str, bool]]:
    with c.db.session() as session:
        rows = session.execute(select(Meeting).join(Person).where(Person.name == name)).scalars()
        return {m.date.isoformat(): (m.status, m.source_key.startswith("calendar:"))
                for m in rows}


def test_sync_file_feeds_meetings_and_is_idempotent(cal_coach: Coach, tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    path.write_text(WORK)
    add_source(cal_coach, str(path), None, None)
    first = sync(cal_coach)
    assert first.errors == [] and first.added > 0 and first.updated == 0
    sam = _meetings(cal_coach, "Sam Lee")
    assert sam["2026-10-13"] == ("cancelled", True)
    assert sam["2026-10-22"] == ("rescheduled", True)
    assert sam["2026-11-05"] == ("rescheduled", True)
    assert sam["2026-11-17"] == ("held", False)  # the notes' meeting, not a calendar duplicate
    assert sam["2026-09-01"] == ("held", True) and sam["2026-11-24"] == ("held", True)
    assert "2026-12-01" not in sam  # future instances are not meetings
    assert len(sam) == 13
    assert len(_meetings(cal_coach, "Lee Park")) == 10  # 9 from the ended series + the note
    views = {v.title: v for v in series_list(cal_coach)}
    assert views["Sam / Dana 1:1"].match == "email"
    assert views["1:1 Lee"].person == "Lee Park" and views["1:1 Lee"].match == "title"
    assert views["Priya <> Dana"].person is None  # listed, not guessed
    assert "Team sync" not in views and "OOO" not in views
    # twice: nothing duplicated, nothing changed; forced re-read: every instance unchanged
    again = sync(cal_coach)
    assert again.unchanged_sources == 1 and again.added == again.updated == 0
    forced = sync(cal_coach, force=True)
    assert forced.added == forced.updated == forced.removed == 0 and forced.unchanged > 0
    assert _meetings(cal_coach, "Sam Lee") == sam
    # change one instance (cancelled 30 minutes before): only it changes
    path.write_text(WORK.replace("BEGIN:VEVENT\nUID:lee-fortnightly@example.org",
                                 LAST_MINUTE_CANCEL))
    changed = sync(cal_coach)
    assert (changed.added, changed.updated, changed.removed) == (0, 1, 0)
    after = _meetings(cal_coach, "Sam Lee")
    assert after["2026-11-10"] == ("cancelled", True)
    assert {d: v for d, v in after.items() if d != "2026-11-10"} == {
        d: v for d, v in sam.items() if d != "2026-11-10"}
    brief = cal_coach.brief("sam")
    cancelled = next(h for h in brief.health if h.signal == "cancelled")
    assert "2 at short notice (2026-11-05, 2026-11-10)" in cancelled.detail
    assert brief.next_meeting == dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    lee = cal_coach.brief("lee")
    gap = next(h for h in lee.health if h.signal == "gap")
    assert "since 2026-09-22" in gap.detail and "every 14 days" in gap.detail
    assert lee.next_meeting is None
    people = {p.name: p for p in cal_coach.people()}
    assert people["Sam Lee"].next_meeting == dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert "no_person" not in people["Sam Lee"].warning_signs  # calendar rows have no notes


def test_notes_added_later_replace_the_calendar_meeting(cal_coach: Coach, tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    path.write_text(WORK)
    add_source(cal_coach, str(path), None, None)
    sync(cal_coach)
    assert _meetings(cal_coach, "Sam Lee")["2026-11-10"] == ("held", True)
    note = parse_note("---\nperson: Sam Lee\ndate: 2026-11-10\n---\n- talked about the promo\n",
                      source="n.md")
    cal_coach.add_notes([(note, "n.md")])
    assert _meetings(cal_coach, "Sam Lee")["2026-11-10"] == ("held", False)
    sync(cal_coach, force=True)
    with cal_coach.db.session() as session:
        dates = [m.date for m in session.scalars(select(Meeting).join(Person).where(
            Person.name == "Sam Lee"))]
    assert dates.count(dt.date(2026, 11, 10)) == 1


def test_manual_match_fixes_an_unmatched_series(cal_coach: Coach, tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    path.write_text(WORK)
    add_source(cal_coach, str(path), None, None)
    sync(cal_coach)
    priya = next(v for v in series_list(cal_coach) if v.title == "Priya <> Dana")
    fixed = set_match(cal_coach, priya.id, "Priya Nair")
    assert fixed.person == "Priya Nair" and fixed.match == "manual"
    assert _meetings(cal_coach, "Priya Nair")["2026-11-20"] == ("held", True)
    sync(cal_coach, force=True)  # a manual match survives re-syncs
    assert next(v for v in series_list(cal_coach) if v.id == priya.id).person == "Priya Nair"


# --- an .ics served over HTTP ------------------------------------------------------------------

@pytest.fixture
def ics_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "basic.ics").write_text(WORK)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):  # type: ignore[no-untyped-def]
            super().__init__(*a, directory=str(folder), **k)

        def log_message(self, *args):  # type: ignore[no-untyped-def]
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/basic.ics", folder / "basic.ics"
    server.shutdown()
    server.server_close()


def test_ics_over_http(coach: Coach, ics_server: tuple[str, Path]) -> None:
    url, file = ics_server
    add_source(coach, url, None, None)
    report = sync(coach)
    assert report.errors == [] and report.added > 0
    file.write_text(WORK.replace("SUMMARY:1:1 Lee\n", "SUMMARY:1:1 Lee\nBROKEN\n"))
    report = sync(coach)
    assert len(report.errors) == 1 and url in report.errors[0] and "line" in report.errors[0]
    assert report.removed == 0  # the rest was read


def test_unreachable_source_is_reported(coach: Coach) -> None:
    add_source(coach, "http://127.0.0.1:9/nothing.ics", None, None)
    report = sync(coach)
    assert len(report.errors) == 1 and "127.0.0.1:9/nothing.ics" in report.errors[0]


def test_cli_add_sync_match(cli_env: dict[str, str], tmp_path: Path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "coach", *args], env=cli_env,
                              capture_output=True, text=True, timeout=120)

    bad = tmp_path / "bad.ics"
    bad.write_text(WORK.replace("SUMMARY:1:1 Lee\n", "SUMMARY:1:1 Lee\nNOT A LINE\n"))
    assert run("calendar", "add", str(tmp_path / "missing.ics")).returncode == 2
    assert run("calendar", "add", str(bad)).returncode == 0
    synced = run("calendar", "sync")
    assert synced.returncode == 2 and "bad.ics: line" in synced.stderr
    assert "events added" in synced.stdout
    looped = run("calendar", "sync", "--every", "1", "--times", "2")
    # unchanged since the last sync: not re-read, so its errors are not reported again
    assert looped.returncode == 0 and looped.stdout.count("(1 unchanged)") == 2
    listed = run("calendar", "match", "--json")
    assert listed.returncode == 0
    import json

    series = json.loads(listed.stdout)["series"]
    priya = next(s for s in series if s["title"] == "Priya <> Dana")
    assert priya["person"] is None
    fixed = run("calendar", "match", str(priya["id"]), "--person", "Priya Nair")
    assert fixed.returncode == 0 and "Priya Nair (by manual)" in fixed.stdout
    people = json.loads(run("people", "--json").stdout)
    assert [p["name"] for p in people] == ["Priya Nair"]
    assert people[0]["next_meeting"] == "2026-11-27T10:00:00Z"


def test_prep_brief_and_reminder_at_most_once(db_url: str, home: Path, tmp_path: Path) -> None:
    from coach.calendar.mail import queue_calendar_mail
    from coach.store.tables import OutboxMessage

    s = Settings(home=home, database_url=db_url, embedder="hashing",  # type: ignore[call-arg]
                 manager_email="dana@example.org", smtp_host="127.0.0.1",
                 mail_from="coach@example.org", _env_file=None)
    c = Coach(s, today=TODAY)
    try:
        note = parse_note("---\nperson: Sam Lee\ndate: 2026-11-17\n---\n- Sam: how are you? ok\n"
                          "private: thinking about his pay band\n", source="sam.md")
        c.add_notes([(note, "sam.md")])
        path = tmp_path / "work.ics"
        path.write_text(WORK)
        add_source(c, str(path), None, None)
        sync(c)
        with c.db.session() as session:
            before = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()))
        # morning of (twice), after the 1:1 with no notes (twice), after one with notes
        at = [dt.datetime(*t, tzinfo=UTC) for t in ((2026, 12, 1, 7, 30), (2026, 12, 1, 8, 45),
              (2026, 11, 24, 13, 0), (2026, 11, 25, 9, 0), (2026, 11, 17, 13, 0))]
        subjects = []
        for now in at:
            subjects += queue_calendar_mail(c, now)
        assert subjects == ["Prep for your 1:1 with Sam Lee at 09:00 UTC",
                            "Notes for your 1:1 with Sam Lee on 2026-11-24?"]
        with c.db.session() as session:
            rows = list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.id > (before or 0)).order_by(OutboxMessage.id)))
            assert [r.to_addr for r in rows] == ["dana@example.org"] * 2
            assert "pay band" not in rows[0].text_body and "Check in first" in rows[0].text_body
            assert 'coach add --person "Sam Lee" --date 2026-11-24' in rows[1].text_body
    finally:
        c.close()


def test_worker_syncs_calendars_and_keeps_going_when_one_fails(
        cal_coach: Coach, tmp_path: Path) -> None:
    """`coach worker` runs the calendar sync as its periodic task; a sync that raises is
    logged and the worker carries on (the next tick tries again)."""
    from coach.cli.mail import _calendar_tick
    from coach.email.worker import OutboxSender

    path = tmp_path / "work.ics"
    path.write_text(WORK)
    add_source(cal_coach, str(path), None, None)
    logged: list[str] = []
    sender = OutboxSender(cal_coach.db, cal_coach.settings, cal_coach.owner, log=logged.append)
    real = _calendar_tick(cal_coach)
    calls: list[str] = []

    def tick() -> None:
        calls.append("tick")
        if len(calls) == 1:
            raise ConnectionError("calendar host down")
        real()
        sender.stopping.set()

    sender.run_forever(0.01, tick=tick, tick_every=0.0)
    assert calls == ["tick", "tick"]
    assert any("calendar host down" in line for line in logged)
    assert _meetings(cal_coach, "Sam Lee")["2026-10-13"] == ("cancelled", True)
