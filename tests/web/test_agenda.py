"""The shared agenda's service: links (hashed, revocable, expiring), the report's topics in
the brief (first), closing by a later note, and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coach import agenda
from coach.errors import BadInput, NotFound
from coach.notes.parse import parse_note
from coach.service import Coach
from coach.store.repo import Repo
from coach.store.tables import AgendaLink
from tests.web.conftest import make_settings


@pytest.fixture
def coach(tmp_path, db_url):
    c = Coach(make_settings(tmp_path, db_url))
    yield c
    c.close()


def _add(coach: Coach, date: str, text: str) -> None:
    note = parse_note(text, overrides={"person": "Sam Lee", "date": date})
    coach.add_notes([(note, f"t:{date}")])


def _sam(coach: Coach, session):
    return Repo(session, coach.owner).find_person("sam")


def test_link_is_stored_hashed_and_resolves_until_revoked(coach: Coach) -> None:
    _add(coach, "2026-11-10", "- [ ] I'll send Sam the roadmap")
    with coach.db.session() as s:
        token = agenda.create_link(s, coach.owner, _sam(coach, s).id)
    with coach.db.session() as s:
        stored = s.scalars(select(AgendaLink)).one()
        assert token not in stored.token_hash and stored.token_hash == agenda.token_hash(token)
        assert agenda.resolve_link(s, token).person_id == _sam(coach, s).id
        with pytest.raises(NotFound):
            agenda.resolve_link(s, token + "x")
        assert agenda.revoke_links(s, coach.owner, _sam(coach, s).id) == 1
    with coach.db.session() as s, pytest.raises(NotFound):
        agenda.resolve_link(s, token)
    with coach.db.session() as s, pytest.raises(NotFound):
        agenda.create_link(s, "someone-else", _sam(coach, s).id)


def test_report_topics_come_first_and_close_when_a_later_note_closes_them(coach: Coach) -> None:
    _add(coach, "2026-11-10", "- [ ] I'll send Sam the roadmap\n- on-call is heavy")
    with coach.db.session() as s:
        sam = _sam(coach, s)
        agenda.add_topic(s, coach.owner, sam.id, "I'd like feedback on my design doc", "report",
                         today=dt.date(2026, 11, 12))
        with pytest.raises(BadInput, match="too long"):
            agenda.add_topic(s, coach.owner, sam.id, "x" * 501, "report")
    brief = coach.brief("sam")
    assert [t.text for t in brief.report_topics] == ["I'd like feedback on my design doc"]
    assert brief.report_topics[0].label == (
        "Sam added on Thu 12 Nov: I'd like feedback on my design doc")
    _add(coach, "2026-11-17", "- gave Sam feedback on the design doc: done, looks good")
    assert coach.brief("sam").report_topics == []
    with coach.db.session() as s:
        assert agenda.open_topics(s, coach.owner, _sam(coach, s).id) == []


def test_cli_share_link_and_agenda(cli_env, tmp_path) -> None:
    import subprocess
    import sys

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "coach.cli.main", *args], input=stdin,
                              capture_output=True, text=True, env=cli_env, timeout=120)

    assert run("add", "--person", "Sam Lee", "--date", "2026-11-10",
               stdin="- [ ] I'll send Sam the roadmap\nprivate: rating at risk\n").returncode == 0
    out = run("share-link", "sam")
    assert out.returncode == 0 and "/a/" in out.stdout
    shown = run("agenda", "sam")
    assert "I'll send Sam the roadmap" in shown.stdout and "rating" not in shown.stdout
    assert "1 link(s) revoked" in run("share-link", "sam", "--revoke").stdout
    env = {**cli_env, "COACH_NEW_PASSWORD": "a long enough password"}
    added = subprocess.run([sys.executable, "-m", "coach.cli.main", "user", "add",
                            "Ana@Example.org"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert added.returncode == 0 and "ana@example.org" in added.stdout
    token = run("user", "token", "ana@example.org")
    assert token.returncode == 0 and token.stdout.startswith("coach_")
    assert run("user", "token", "nobody@example.org").returncode == 2
