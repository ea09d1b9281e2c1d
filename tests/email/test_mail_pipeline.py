"""End to end through the real ingest pipeline (parse -> extract -> store -> threads -> hook):
saving a new held meeting queues its summary in the same transaction; re-import queues nothing;
an edit is not re-sent silently; `coach summarize` and `coach resend` on top."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mailkit import TODAY, SmtpServer, mail_settings, write_note
from sqlalchemy import func, select

from coach.email.worker import OutboxSender
from coach.store.repo import Repo
from coach.store.tables import Meeting, OutboxMessage

PRIVATE_LINES = [
    "Jo thinks the reorg will push her out and is interviewing at Stripe",
    "her divorce hearing is on the 3rd, be gentle",
    "Jo is talking to a recruiter about the promotion she wanted",
]
NOTE_1 = """
- How are you really? Jo said the on-call load is wearing her down
- I'll send Jo the Q1 roadmap by Friday
- Jo wants to mentor the new hires
private: Jo thinks the reorg will push her out and is interviewing at Stripe
"""
NOTE_2 = """
- Sent Jo the Q1 roadmap
- We agreed to go with a rotating on-call schedule
- [ ] Jo to draft the mentoring plan by next Friday
- Jo talked about the promotion she wanted
## Private
- her divorce hearing is on the 3rd, be gentle
- Jo is talking to a recruiter about the promotion she wanted
"""


def _coach(home: Path, db_url: str, port: int):  # type: ignore[no-untyped-def]
    from coach.service import Coach

    return Coach(mail_settings(home, db_url, port), today=TODAY)


def _outbox(coach) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with coach.db.session() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_new_held_meetings_queue_summaries_and_nothing_leaks(
    db_url: str, home: Path, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    coach = _coach(home, db_url, smtp_server.port)
    try:
        notes = tmp_path / "notes"
        write_note(notes, "1.md", "Jo Park", "2026-11-02", NOTE_1)
        coach.import_dir(notes)
        with coach.db.session() as s:
            person = Repo(s, "me").find_person("Jo")
            person.email, person.share_summary = "jo@example.org", True
        write_note(notes, "2.md", "Jo Park", "2026-11-16", NOTE_2)
        write_note(notes, "3.md", "Jo Park", "2026-11-23", "", status="cancelled")
        report = coach.import_dir(notes)
        assert report.added == 2 and report.unchanged == 1
        queued = _outbox(coach)
        # meeting 1 -> manager; meeting 2 -> manager + report; the cancelled one -> nothing
        assert [(m.audience, m.to_addr) for m in queued] == [
            ("manager", "boss@example.org"), ("manager", "boss@example.org"),
            ("report", "jo@example.org")]

        again = coach.import_dir(notes)  # unchanged: nothing new queued
        assert again.unchanged == 3 and len(_outbox(coach)) == 3
        write_note(notes, "2.md", "Jo Park", "2026-11-16", NOTE_2 + "- one more thing\n")
        edited = coach.import_dir(notes)  # edited: updated, not silently re-sent
        assert edited.updated == 1 and len(_outbox(coach)) == 3

        result = OutboxSender(coach.db, coach.settings).run_pass()
        assert result.sent == 3 and not result.errors
    finally:
        coach.close()
    jo = [r for r in smtp_server.received if r.rcpt_tos == ["jo@example.org"]]
    assert len(jo) == 1
    raw = jo[0].data.decode("utf-8", "replace")
    msg = jo[0].message
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for private in PRIVATE_LINES:
        for word in ("Stripe", "reorg", "divorce", "recruiter", "interviewing", "gentle"):
            assert word not in private or (word not in raw and word not in text
                                           and word not in html), word
    assert "rotating on-call schedule" in text  # a decision
    assert "mentoring plan" in text  # an action item
    assert "promotion she wanted" in text  # shared line sharing words with a private one
    boss = [r for r in smtp_server.received if r.rcpt_tos == ["boss@example.org"]]
    assert any("Stripe" in r.message.get_body(("plain",)).get_content() for r in boss)


def test_a_failing_summary_never_loses_the_notes(
    db_url: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.summary as summary_mod

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("template bug")

    monkeypatch.setattr(summary_mod, "summarize", boom)
    coach = _coach(home, db_url, 2525)
    try:
        write_note(tmp_path, "1.md", "Jo Park", "2026-11-02", NOTE_1)
        assert coach.import_dir(tmp_path).added == 1
        with coach.db.session() as s:
            assert s.scalar(select(func.count()).select_from(Meeting)) == 1
        assert _outbox(coach) == []
    finally:
        coach.close()


def test_no_queue_without_smtp(coach, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_note(tmp_path, "1.md", "Jo Park", "2026-11-02", NOTE_1)
    coach.import_dir(tmp_path)
    assert _outbox(coach) == []


def test_cli_summarize_stored_and_unstored_and_resend(
    cli_env: dict[str, str], tmp_path: Path, smtp_server: SmtpServer, home: Path,
) -> None:
    from typer.testing import CliRunner

    from coach.cli.main import app

    env = {**{k: v for k, v in cli_env.items() if k.startswith("COACH_")},
           "COACH_SMTP_HOST": "127.0.0.1", "COACH_SMTP_PORT": str(smtp_server.port),
           "COACH_SMTP_SECURITY": "none", "COACH_MAIL_FROM": "coach@example.org",
           "COACH_MANAGER_EMAIL": "boss@example.org", "COACH_OUTBOX_BACKOFF_S": "0"}

    def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, list(args), env=env, input=stdin, catch_exceptions=False)

    first = write_note(tmp_path, "1.md", "Jo Park", "2026-11-02", NOTE_1)
    assert run("add", str(first)).exit_code == 0
    second = write_note(tmp_path, "2.md", "Jo Park", "2026-11-16", NOTE_2)

    unstored = run("summarize", str(second), "--json", "--for", "report")
    assert unstored.exit_code == 0, unstored.output
    assert "not stored" in unstored.stderr
    data = json.loads(unstored.stdout)
    assert data["audience"] == "report" and data["meeting_id"] == 0
    assert not any(w in unstored.stdout for w in ("Stripe", "divorce", "recruiter"))
    assert data["suggestion"] is None and data["health"] == []
    from coach.store.db import Database

    db = Database(f"sqlite:///{home / 'coach.db'}")
    with db.session() as s:  # summarized, not stored: the rolled-back transaction left nothing
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    db.dispose()
    closed = [t["text"] for t in data["closed"]]
    assert any("roadmap" in t for t in closed), data  # closed by "Sent Jo the Q1 roadmap"
    with_manager = run("summarize", "-", "--json", stdin=second.read_text())
    assert "divorce" in with_manager.stdout and json.loads(with_manager.stdout)["suggestion"]

    assert run("add", str(second)).exit_code == 0
    assert len(smtp_server.received) == 0  # queued, not sent: the worker / `coach send` sends
    stored = run("summarize", str(second))
    assert stored.exit_code == 0 and "stored meeting #" in stored.stderr
    assert "Decisions" in stored.stdout and "rotating on-call" in stored.stdout
    meeting_id = stored.stderr.split("#", 1)[1].split()[0]
    assert run("send").stdout.startswith("2 sent")
    resent = run("resend", meeting_id, "--for", "manager")
    assert resent.exit_code == 0 and "1 sent" in resent.stdout
    ids = [r.message_id for r in smtp_server.received]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert run("resend", "99999").exit_code == 2
    smtp_server.handler.fail_data = "554 5.6.0 refused for good"
    env["COACH_OUTBOX_MAX_ATTEMPTS"] = "1"  # parked at the first refusal
    parked = run("resend", meeting_id, "--for", "manager")
    assert parked.exit_code == 1 and "1 parked" in parked.stdout  # issue 11: was exit 0
