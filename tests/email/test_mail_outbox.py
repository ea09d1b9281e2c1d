"""The outbox and the sender against a real aiosmtpd server, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from mailkit import (
    SmtpServer,
    add_raw_messages,
    mail_settings,
    states,
    store_meeting,
)
from sqlalchemy import select, update

from coach.email.outbox import list_messages, queue_summary, requeue
from coach.email.worker import OutboxSender
from coach.store.db import Database
from coach.store.repo import Repo
from coach.store.tables import OutboxMessage, Person

SHARED = "Sam is excited about the Kafka migration"
PRIVATE = "Sam is excited about the Kafka migration but may quit if the reorg lands badly"
BODY = f"""- {SHARED}
- I'll send the roadmap by Friday
- We agreed to go with weekly demos
private: {PRIVATE}
## Private
- compensation gap vs peers is glaring
"""


def _share(db: Database, name: str, address: str) -> None:
    with db.session() as s:
        person = Repo(s, "me").find_person(name)
        person.email, person.share_summary = address, True


def test_queue_send_arrives_with_headers_and_both_parts(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_settings(home, db_url, smtp_server.port)
    mid = store_meeting(mail_db, "Sam Lee", "2026-11-20", BODY)
    _share(mail_db, "Sam", "sam@example.org")
    with mail_db.session() as s:
        rows = queue_summary(s, settings, "me", mid)
        queued = {r.audience: (r.message_id, r.subject, r.to_addr) for r in rows}
    assert set(queued) == {"manager", "report"}

    result = OutboxSender(mail_db, settings).run_pass()
    assert (result.sent, result.errors) == (2, [])
    by_to = {r.rcpt_tos[0]: r for r in smtp_server.received}
    assert set(by_to) == {"boss@example.org", "sam@example.org"}
    for audience, (message_id, subject, to) in queued.items():
        got = by_to[to]
        msg = got.message
        assert got.rcpt_tos == [to]
        assert msg["Message-ID"] == message_id  # the stored, stable id
        assert msg["Subject"] == subject
        assert msg["To"] == to
        assert msg["From"].addresses[0].addr_spec == "coach@example.org"
        assert msg.get_content_type() == "multipart/alternative"
        text = msg.get_body(("plain",)).get_content()
        html = msg.get_body(("html",)).get_content()
        assert SHARED in text and SHARED in html
        assert "weekly demos" in text and "roadmap" in html
        if audience == "report":
            for secret in (PRIVATE, "may quit", "reorg", "compensation", "glaring"):
                assert secret not in got.data.decode("utf-8", "replace")
                assert secret not in text and secret not in html
            assert "For you only" not in text and "Next time" not in text
        else:
            assert "may quit" in text and "compensation gap" in text
            assert "For you only" in text
    assert set(states(mail_db).values()) == {"sent"}


def test_queue_is_idempotent_and_resend_gets_a_new_message_id(
    mail_db: Database, db_url: str, home: Path
) -> None:
    settings = mail_settings(home, db_url, 2525)
    mid = store_meeting(mail_db, "Sam Lee", "2026-11-20", BODY)
    with mail_db.session() as s:
        first = [r.message_id for r in queue_summary(s, settings, "me", mid)]
    with mail_db.session() as s:
        assert queue_summary(s, settings, "me", mid) == []  # same content: nothing new
    with mail_db.session() as s:
        again = [r.message_id for r in queue_summary(s, settings, "me", mid, resend=True)]
    assert len(first) == len(again) == 1 and first != again


def test_server_down_then_up_loses_nothing_and_burns_no_attempts(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_settings(home, db_url, smtp_server.port, outbox_max_attempts=2)
    ids = add_raw_messages(mail_db, 4)
    smtp_server.stop()
    sender = OutboxSender(mail_db, settings)
    for _ in range(5):  # more passes than max attempts: still nothing parked
        result = sender.run_pass()
        assert result.connect_error and result.sent == 0
    with mail_db.session() as s:
        rows = list_messages(s, "me")
        assert {r.state for r in rows} == {"pending"}
        assert {r.attempts for r in rows} == {0}
        assert all("could not reach the SMTP server" in (r.last_error or "") for r in rows)
    smtp_server.start()
    result = sender.run_pass()
    assert result.sent == 4 and not result.connect_error
    assert smtp_server.handler.counts() == {i: 1 for i in ids}


def test_refusals_back_off_then_park_and_retry_sends_it(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    # a backoff long enough that a loaded machine cannot let it pass between the send and the
    # checks (a 50 ms one made this test fail under load: the delay read negative)
    settings = mail_settings(home, db_url, smtp_server.port, outbox_max_attempts=3,
                             outbox_backoff_s=30)
    [mid] = add_raw_messages(mail_db, 1)
    smtp_server.handler.fail_data = "451 4.3.0 mailbox busy, try later"
    sender = OutboxSender(mail_db, settings)
    result = sender.run_pass()
    assert result.retrying == 1
    with mail_db.session() as s:
        row = s.scalars(select(OutboxMessage)).one()
        delay = (row.next_attempt_at.replace(tzinfo=dt.UTC) if row.next_attempt_at.tzinfo is None
                 else row.next_attempt_at) - dt.datetime.now(dt.UTC)
        assert row.state == "pending" and row.attempts == 1 and "451" in row.last_error
        assert 0 < delay.total_seconds() <= 30
    assert sender.run_pass().sent == 0  # not due yet: the backoff is respected
    assert sender.backoff(3).total_seconds() == 120  # doubles per attempt
    for _ in range(2):
        sender.run_pass(force=True)
    with mail_db.session() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert (row.state, row.attempts) == ("parked", 3)
        assert "attempt 3" in row.last_error and "451" in row.last_error
        assert [r.id for r in list_messages(s, "me")] == [row.id]  # visible
        row_id = row.id
    assert sender.run_pass(force=True).sent == 0  # parked: left alone
    smtp_server.handler.fail_data = None
    with mail_db.session() as s:
        requeue(s, "me", row_id)
    assert sender.run_pass(only=row_id).sent == 1
    assert smtp_server.handler.counts() == {mid: 1}


def test_no_reply_after_the_dot_is_unknown_and_never_resent(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_settings(home, db_url, smtp_server.port)
    [mid] = add_raw_messages(mail_db, 1)
    smtp_server.handler.drop_after_data = True
    sender = OutboxSender(mail_db, settings)
    result = sender.run_pass()
    assert result.unknown == 1 and result.sent == 0
    smtp_server.handler.drop_after_data = False
    for _ in range(3):
        sender.run_pass(force=True)
    assert states(mail_db) == {mid: "unknown"}
    assert smtp_server.handler.counts() == {mid: 1}


def test_dead_senders_claims_are_recovered_safely(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    """'sending' (no dot yet) is retried; 'handoff' (dot maybe sent) is never resent."""
    settings = mail_settings(home, db_url, smtp_server.port)
    before, after = add_raw_messages(mail_db, 2)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with mail_db.session() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.message_id == before)
                  .values(state="sending", attempts=1, next_attempt_at=past))
        s.execute(update(OutboxMessage).where(OutboxMessage.message_id == after)
                  .values(state="handoff", attempts=1, next_attempt_at=past))
    result = OutboxSender(mail_db, settings).run_pass()
    assert (result.sent, result.unknown, result.recovered) == (1, 1, 2)
    assert states(mail_db) == {before: "sent", after: "unknown"}
    assert smtp_server.handler.counts() == {before: 1}


def test_live_claims_are_not_taken_over(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_settings(home, db_url, smtp_server.port)
    [mid] = add_raw_messages(mail_db, 1)
    future = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    with mail_db.session() as s:
        s.execute(update(OutboxMessage).values(state="sending", attempts=1,
                                               next_attempt_at=future))
    result = OutboxSender(mail_db, settings).run_pass(force=True)
    assert (result.sent, result.recovered) == (0, 0)
    assert states(mail_db) == {mid: "sending"}


def test_two_senders_at_once_deliver_each_message_once(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_settings(home, db_url, smtp_server.port)
    ids = add_raw_messages(mail_db, 30)
    results = []

    def run() -> None:
        db = Database(db_url)
        try:
            results.append(OutboxSender(db, settings).run_pass())
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(r.sent for r in results) == 30
    assert smtp_server.handler.counts() == {i: 1 for i in ids}


def test_report_copy_only_when_shared_and_owner_scoped(
    mail_db: Database, db_url: str, home: Path
) -> None:
    settings = mail_settings(home, db_url, 2525)
    mid = store_meeting(mail_db, "Ana Diaz", "2026-11-20", BODY)
    with mail_db.session() as s:
        assert [r.audience for r in queue_summary(s, settings, "me", mid)] == ["manager"]
        person = s.scalars(select(Person)).one()
        person.email = "ana@example.org"  # an address alone does not opt in
    with mail_db.session() as s:
        assert queue_summary(s, settings, "me", mid, resend=True)[0].audience == "manager"
    with mail_db.session() as s:
        assert list_messages(s, "someone-else") == []


def test_a_bad_from_address_is_a_configuration_error_not_the_messages_fault(
    mail_db: Database, db_url: str, home: Path, smtp_server: SmtpServer
) -> None:
    add_raw_messages(mail_db, 2)
    settings = mail_settings(home, db_url, smtp_server.port, mail_from="not-an-address")
    result = OutboxSender(mail_db, settings).run_pass()
    assert result.connect_error and "COACH_MAIL_FROM" in result.connect_error
    with mail_db.session() as s:
        assert {(r.state, r.attempts) for r in list_messages(s, "me")} == {("pending", 0)}
    assert smtp_server.received == []
