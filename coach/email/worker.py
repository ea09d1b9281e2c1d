"""The sender: claims due outbox messages one at a time and delivers them over SMTP.

The guarantee (what "never twice" means here)
-------------------------------------------------
SMTP cannot tell a client whether a message it lost track of was delivered, so no sender can
promise exactly-once across every crash. This one promises:

* **At most once, always.** A message is handed to the server (the final ``.`` of DATA) only
  after its state moved ``sending -> handoff`` in a committed compare-and-set that also checks
  the attempt number, so two senders (or a sender and its own restart) never both send it.
  A ``handoff`` message whose sender died, lost the connection or timed out before the reply
  becomes ``unknown`` and is never resent automatically (``coach outbox`` shows it; ``coach
  outbox retry ID`` resends it with the same Message-ID once the manager has checked).
* **At least once whenever the outcome is knowable.** Everything before the hand-off is safe to
  repeat: a sender killed while ``sending`` (lease expired) is retried; connection failures
  (server down, TLS, login) never consume an attempt and the worker keeps retrying with backoff,
  so a stopped server loses nothing; a refusal (4xx/5xx) is retried with exponential backoff
  (``outbox_backoff_s`` doubling) and parked after ``outbox_max_attempts`` with its last error.

The only window that ends in ``unknown`` is from the hand-off commit to the commit of the
server's reply: one round trip plus one commit (milliseconds), against a whole message's
transaction. Each message has a stable Message-ID chosen when it was queued.
"""

from __future__ import annotations

import datetime as dt
import signal
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from coach.config import Settings
from coach.email.outbox import utcnow
from coach.email.render import build_message, check_address
from coach.email.smtp import (
    ConnectFailed,
    HandoffRefused,
    NotSent,
    OutcomeUnknown,
    SmtpConnection,
)
from coach.errors import BadInput
from coach.store.db import Database
from coach.store.tables import OutboxMessage

MAX_BACKOFF_S = 6 * 3600.0


@dataclass
class PassResult:
    sent: int = 0
    retrying: int = 0
    parked: int = 0
    unknown: int = 0
    recovered: int = 0  # claims of dead senders put back (or marked unknown)
    connect_error: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.connect_error or self.errors or self.parked or self.unknown)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class OutboxSender:
    """Delivers one owner's outbox. Safe to run several at once (claims are compare-and-set)."""

    def __init__(self, db: Database, settings: Settings, owner: str | None = None, *,
                 ssl_context: ssl.SSLContext | None = None,
                 log: Callable[[str], None] | None = None):
        self.db = db
        self.settings = settings
        self.owner = owner or settings.owner
        self.ssl_context = ssl_context
        self.log = log or (lambda _msg: None)
        self.stopping = threading.Event()

    # --- timing -----------------------------------------------------------------------
    @property
    def lease(self) -> dt.timedelta:
        """How long a claim is trusted: longer than one reply wait (the socket timeout) plus
        a commit, so a live sender is never taken for a dead one after the hand-off."""
        return dt.timedelta(seconds=self.settings.smtp_timeout_s * 2 + 1)

    def backoff(self, attempts: int) -> dt.timedelta:
        base = self.settings.outbox_backoff_s
        return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_S))

    # --- state transitions (each its own committed transaction) -----------------------
    def _cas(self, message_id: int, expect: tuple[str, ...], expect_attempts: int | None,
             **values: object) -> bool:
        """Set ``values`` if the message is still in ``expect`` (and at ``expect_attempts``)."""
        cond = [OutboxMessage.id == message_id, OutboxMessage.owner == self.owner,
                OutboxMessage.state.in_(expect)]
        if expect_attempts is not None:
            cond.append(OutboxMessage.attempts == expect_attempts)
        with self.db.session() as session:
            result = session.execute(update(OutboxMessage).where(*cond).values(**values))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def recover(self, result: PassResult) -> None:
        """Settle claims whose sender is gone (lease expired)."""
        now = utcnow()
        owner = OutboxMessage.owner == self.owner
        with self.db.session() as session:
            n = session.execute(
                update(OutboxMessage)
                .where(owner, OutboxMessage.state == "handoff",
                       OutboxMessage.next_attempt_at <= now)
                .values(state="unknown", last_error=(
                    "the sender stopped after handing the message to the server and before "
                    "its reply was recorded: it was probably delivered. Not resent "
                    "automatically; check with the recipient, then `coach outbox retry ID`."
                ))
            ).rowcount  # type: ignore[attr-defined]
            stale = list(session.scalars(select(OutboxMessage).where(
                owner, OutboxMessage.state == "sending", OutboxMessage.next_attempt_at <= now
            )))
            for row in stale:
                out_of_attempts = row.attempts >= self.settings.outbox_max_attempts
                session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row.id, OutboxMessage.state == "sending",
                           OutboxMessage.attempts == row.attempts)
                    .values(
                        state="parked" if out_of_attempts else "pending", next_attempt_at=now,
                        last_error="the sender stopped before handing the message to the "
                        "server: not sent" + ("; parked after too many attempts"
                                              if out_of_attempts else ", will retry"),
                    )
                )
        result.recovered += n + len(stale)
        result.unknown += n

    def _due(self, force: bool, only: int | None, exclude: set[int]) -> OutboxMessage | None:
        with self.db.session() as session:
            stmt = select(OutboxMessage).where(
                OutboxMessage.owner == self.owner, OutboxMessage.state == "pending"
            )
            if only is not None:
                stmt = stmt.where(OutboxMessage.id == only)
            if not force:
                stmt = stmt.where(OutboxMessage.next_attempt_at <= utcnow())
            if exclude:
                stmt = stmt.where(OutboxMessage.id.not_in(exclude))
            stmt = stmt.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
            return session.scalars(stmt).first()

    def next_due_in(self) -> float | None:
        """Seconds until the earliest pending message is due (None: nothing pending)."""
        with self.db.session() as session:
            when = session.scalar(
                select(OutboxMessage.next_attempt_at)
                .where(OutboxMessage.owner == self.owner, OutboxMessage.state == "pending")
                .order_by(OutboxMessage.next_attempt_at).limit(1)
            )
        if when is None:
            return None
        return max((_aware(when) - utcnow()).total_seconds(), 0.0)

    def _note_connect_error(self, error: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.owner == self.owner, OutboxMessage.state == "pending")
                .values(last_error=f"could not reach the SMTP server: {error}")
            )

    # --- one pass ---------------------------------------------------------------------
    def run_pass(self, *, force: bool = False, only: int | None = None,
                 limit: int | None = None) -> PassResult:
        """Send every due message (all pending ones with ``force``) once, then return.

        Stops early on a connection failure (nothing else could go out either) or when
        ``stopping`` is set (after finishing the message in hand).
        """
        result = PassResult()
        self.recover(result)
        try:  # a configuration problem is not any message's fault: nothing is attempted
            check_address(parseaddr(self.settings.mail_from or "")[1], "COACH_MAIL_FROM")
        except BadInput as exc:
            result.connect_error = exc.render()
            return result
        tried: set[int] = set()
        with SmtpConnection(self.settings, self.ssl_context) as conn:
            while not self.stopping.is_set() and (limit is None or len(tried) < limit):
                row = self._due(force, only, tried)
                if row is None:
                    break
                tried.add(row.id)
                if not self._send_one(conn, row, result):
                    break
        return result

    def _send_one(self, conn: SmtpConnection, row: OutboxMessage, result: PassResult) -> bool:
        """Claim, send and settle one message; False when the pass should stop."""
        attempt = row.attempts + 1
        if not self._cas(row.id, ("pending",), row.attempts, state="sending", attempts=attempt,
                         next_attempt_at=utcnow() + self.lease):
            return True  # another sender took it
        label = f"#{row.id} to {row.to_addr} ({row.audience})"
        try:
            msg = build_message(
                from_addr=self.settings.mail_from or "", to_addr=row.to_addr,
                subject=row.subject, text=row.text_body, html=row.html_body,
                message_id=row.message_id, date=_aware(row.created_at or utcnow()),
            )
            from_addr = msg["From"].addresses[0].addr_spec
        except Exception as exc:  # noqa: BLE001 - a message that cannot be built
            self._fail(row.id, attempt, f"cannot build the message: {exc}", result, label,
                       park=True)
            return True

        def handoff() -> bool:
            return self._cas(row.id, ("sending",), attempt, state="handoff",
                             next_attempt_at=utcnow() + self.lease)

        try:
            reply = conn.send(msg, from_addr, row.to_addr, handoff)
        except ConnectFailed as exc:
            # Nothing reached the server: give the attempt back and stop this pass.
            self._cas(row.id, ("sending",), attempt, state="pending", attempts=row.attempts,
                      next_attempt_at=utcnow(),
                      last_error=f"could not reach the SMTP server: {exc}")
            self._note_connect_error(str(exc))
            result.connect_error = str(exc)
            self.log(f"cannot reach the SMTP server: {exc}")
            return False
        except HandoffRefused:
            self.log(f"{label}: claimed by another sender, skipped")
            return True
        except OutcomeUnknown as exc:
            self._cas(row.id, ("handoff",), attempt, state="unknown", last_error=str(exc))
            result.unknown += 1
            result.errors.append(f"{label}: {exc}; not resent automatically (`coach outbox`)")
            self.log(f"{label}: outcome unknown: {exc}")
            return True
        except NotSent as exc:
            self._fail(row.id, attempt, str(exc), result, label)
            return True
        if self._settle_sent(row.id, attempt):
            result.sent += 1
            self.log(f"{label}: sent ({reply})")
        return True

    def _settle_sent(self, message_id: int, attempt: int) -> bool:
        """Record the server's acceptance; a busy store is retried briefly (until then the
        message is 'handoff', which a restart turns into 'unknown', never into a resend)."""
        for pause in (0.0, 0.2, 1.0, 3.0):
            time.sleep(pause)
            try:
                return self._cas(message_id, ("handoff", "unknown"), attempt, state="sent",
                                 sent_at=utcnow(), last_error=None)
            except OperationalError as exc:
                self.log(f"#{message_id}: sent, but the store is busy ({exc}); retrying")
        return False

    def _fail(self, message_id: int, attempt: int, error: str, result: PassResult, label: str,
              park: bool = False) -> None:
        if park or attempt >= self.settings.outbox_max_attempts:
            self._cas(message_id, ("sending", "handoff"), attempt, state="parked",
                      last_error=f"attempt {attempt}: {error}")
            result.parked += 1
            result.errors.append(f"{label}: parked after {attempt} attempt(s): {error}")
            self.log(f"{label}: parked: {error}")
            return
        delay = self.backoff(attempt)
        self._cas(message_id, ("sending", "handoff"), attempt, state="pending",
                  next_attempt_at=utcnow() + delay, last_error=f"attempt {attempt}: {error}")
        result.retrying += 1
        result.errors.append(f"{label}: {error} (retry in {delay.total_seconds():g}s)")
        self.log(f"{label}: failed, retry in {delay.total_seconds():g}s: {error}")

    # --- the long-running worker --------------------------------------------------------
    def run_forever(self, interval: float = 5.0, *, tick: Callable[[], None] | None = None,
                    tick_every: float = 900.0) -> None:
        """Send due messages until ``stopping`` is set (SIGTERM/SIGINT in ``coach worker``).

        Connection failures back off exponentially (from ``outbox_backoff_s``, at least
        ``interval``, at most 5 minutes) without consuming any message's attempts. ``tick``
        (the calendar sync) runs first and then every ``tick_every`` seconds; its failures
        are logged and never stop the delivery of mail.
        """
        failures = 0
        next_tick = time.monotonic()
        while not self.stopping.is_set():
            if tick is not None and time.monotonic() >= next_tick:
                next_tick = time.monotonic() + tick_every
                try:
                    tick()
                except Exception as exc:  # noqa: BLE001 - a calendar down must not stop mail
                    self.log(f"periodic task failed, will retry: {type(exc).__name__}: {exc}")
            try:
                result = self.run_pass()
            except Exception as exc:  # noqa: BLE001 - store busy or down, or a bug: keep going
                # Whatever was in hand stays claimed until its lease ends, then is recovered.
                self.log(f"pass failed, will retry: {type(exc).__name__}: {exc}")
                result = PassResult(connect_error=f"{type(exc).__name__}: {exc}")
            if result.connect_error:
                failures += 1
                wait = min(max(self.settings.outbox_backoff_s * 2 ** (failures - 1), interval),
                           300.0)
            else:
                failures = 0
                due = self.next_due_in()
                wait = interval if due is None else min(interval, due)
            self.stopping.wait(max(wait, 0.01))

    def install_signal_handlers(self) -> None:
        def stop(_signum: int, _frame: object) -> None:
            self.stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
