"""SMTP delivery with smtplib (STARTTLS, implicit TLS or none, from settings).

The one subtle part is ``SmtpConnection.send``: it drives the SMTP transaction itself so that
the caller can record "handing off" in the store *just before* the final ``.`` of DATA. Until
that dot is sent, the server has not accepted the message (RFC 5321 §4.1.1.4: a transaction
that ends without it is discarded), so a failure before it is a clean "not sent". After it, a
lost connection or a timeout leaves the outcome unknown. Errors are classified accordingly:

* ``ConnectFailed``   — could not connect / greet / TLS / log in: nothing about any message
  reached the server; retry later without counting it against the message.
* ``NotSent``         — this message was refused (a 4xx/5xx reply) or the connection broke
  before the final dot: definitely not delivered; retry with backoff, park after N.
* ``OutcomeUnknown``  — the final dot was sent but no reply arrived: maybe delivered.
* ``HandoffRefused``  — the caller's ``before_dot`` said no (lost its claim); nothing sent.
"""

from __future__ import annotations

import contextlib
import re
import select
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from io import BytesIO

from coach.config import Settings


class SmtpProblem(Exception):
    """Base of the classified delivery failures (message is user-facing)."""


class ConnectFailed(SmtpProblem):
    pass


class NotSent(SmtpProblem):
    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.code = code

    @property
    def permanent(self) -> bool:
        return self.code is not None and 500 <= self.code < 600


class OutcomeUnknown(SmtpProblem):
    pass


class HandoffRefused(SmtpProblem):
    pass


_TRANSPORT_ERRORS = (smtplib.SMTPServerDisconnected, OSError, smtplib.SMTPResponseException)
_LEADING_DOT = re.compile(rb"(?m)^\.")


def message_bytes(msg: EmailMessage) -> bytes:
    """The message with CRLF line ends, dot-stuffed for DATA, ending in CRLF (no final dot)."""
    out = BytesIO()
    BytesGenerator(out, policy=SMTP_POLICY).flatten(msg)
    data = _LEADING_DOT.sub(b"..", out.getvalue())
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


class SmtpConnection:
    """One SMTP session, reused for several messages; reconnects when the server dropped it."""

    def __init__(self, settings: Settings, ssl_context: ssl.SSLContext | None = None):
        if not settings.smtp_host:
            raise ConnectFailed("COACH_SMTP_HOST is not set")
        self.settings = settings
        self.ssl_context = ssl_context
        self._smtp: smtplib.SMTP | None = None
        self._used = False

    # --- session ----------------------------------------------------------------------
    def _context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()

    def open(self) -> None:
        s = self.settings
        where = f"{s.smtp_host}:{s.smtp_port} ({s.smtp_security})"
        smtp: smtplib.SMTP | None = None
        try:
            if s.smtp_security == "tls":
                smtp = smtplib.SMTP_SSL(
                    s.smtp_host or "", s.smtp_port, timeout=s.smtp_timeout_s,
                    context=self._context(),
                )
            else:
                smtp = smtplib.SMTP(s.smtp_host or "", s.smtp_port, timeout=s.smtp_timeout_s)
            smtp.ehlo_or_helo_if_needed()
            if s.smtp_security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise ConnectFailed(f"{where}: the server does not offer STARTTLS")
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if s.smtp_user:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                smtp.login(s.smtp_user, password)
        except ConnectFailed:
            self._abandon(smtp)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            self._abandon(smtp)
            refusal = _reply(exc.smtp_code, exc.smtp_error)
            raise ConnectFailed(f"{where}: login refused: {refusal}") from None
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            self._abandon(smtp)
            raise ConnectFailed(f"{where}: {type(exc).__name__}: {exc}") from None
        with contextlib.suppress(OSError, AttributeError):
            # The final dot is a tiny write of its own: without this, Nagle's algorithm holds
            # it for the server's delayed ACK (~40 ms a message).
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]
        self._smtp = smtp
        self._used = False

    @staticmethod
    def _abandon(smtp: smtplib.SMTP | None) -> None:
        if smtp is None:
            return
        with contextlib.suppress(Exception):  # closing a broken socket
            smtp.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:  # noqa: BLE001 - the server may already be gone
            self._abandon(smtp)

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one message ------------------------------------------------------------------
    def send(self, msg: EmailMessage, from_addr: str, to_addr: str,
             before_dot: Callable[[], bool]) -> str:
        """Deliver ``msg``; returns the server's final reply. Raises a ``SmtpProblem``."""
        if self._smtp is None:
            self.open()
        assert self._smtp is not None
        smtp = self._smtp
        try:
            code, text = smtp.mail(from_addr)
        except _TRANSPORT_ERRORS as exc:
            if not self._used:
                self._drop()
                raise NotSent(f"connection lost at MAIL FROM: {exc}") from None
            self._drop()  # a reused session the server had closed: reconnect once
            self.open()
            assert self._smtp is not None
            smtp = self._smtp
            try:
                code, text = smtp.mail(from_addr)
            except _TRANSPORT_ERRORS as exc2:
                self._drop()
                raise NotSent(f"connection lost at MAIL FROM: {exc2}") from None
        self._used = True
        try:
            if code != 250:
                self._reset()
                raise NotSent(f"MAIL FROM refused: {_reply(code, text)}", code)
            code, text = smtp.rcpt(to_addr)
            if code not in (250, 251):
                self._reset()
                raise NotSent(f"recipient {to_addr} refused: {_reply(code, text)}", code)
            smtp.putcmd("data")
            code, text = smtp.getreply()
            if code != 354:
                self._reset()
                raise NotSent(f"DATA refused: {_reply(code, text)}", code)
            smtp.send(message_bytes(msg))
        except _TRANSPORT_ERRORS as exc:
            self._drop()
            raise NotSent(f"connection lost before the message was complete: {exc}") from None
        try:
            go = before_dot()
        except BaseException:
            self._drop()  # closing without the final dot discards the transaction
            raise
        if not go:
            self._drop()
            raise HandoffRefused("lost the claim on this message before handing it off")
        spoke = self._peer_spoke(smtp)
        if spoke is not None:  # the server hung up or answered mid-DATA: it has not accepted
            self._drop()
            raise NotSent(f"the server {spoke} before the message was complete")
        try:
            smtp.send(b".\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()  # the final dot did not go out: the transaction is void
            raise NotSent(f"connection lost before the end of the message: {exc}") from None
        try:
            code, text = smtp.getreply()
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise OutcomeUnknown(
                f"no reply from the server after the message was handed off ({exc}); "
                "it may have been delivered"
            ) from None
        if code == 250:
            return _reply(code, text)
        if code == -1:  # smtplib's "connection closed" marker
            self._drop()
            raise OutcomeUnknown(
                "the server closed the connection after the message was handed off"
            )
        raise NotSent(f"message refused: {_reply(code, text)}", code)

    @staticmethod
    def _peer_spoke(smtp: smtplib.SMTP) -> str | None:
        """Whether the server closed the connection or replied while we were still sending
        DATA (a compliant server says nothing until the final dot): checked just before the
        dot, so such a message is known not sent instead of 'unknown'."""
        sock = smtp.sock
        if sock is None:
            return "closed the connection"
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return "closed the connection"
        if not readable and not (isinstance(sock, ssl.SSLSocket) and sock.pending()):
            return None
        try:
            sock.settimeout(0.5)
            code, text = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError):
            return "closed the connection"
        return f"replied {_reply(code, text)!r}"

    def _reset(self) -> None:
        try:
            assert self._smtp is not None
            code, _ = self._smtp.rset()
            if code != 250:
                self._drop()
        except Exception:  # noqa: BLE001
            self._drop()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        self._abandon(smtp)
