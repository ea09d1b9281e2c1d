"""STARTTLS + login, implicit TLS, and refusals at connect time, against aiosmtpd with a
throwaway self-signed certificate (made with the openssl CLI; skipped if it is missing)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from mailkit import Recorder, add_raw_messages, free_port, mail_settings, states
from sqlalchemy import select

from coach.email.worker import OutboxSender
from coach.store.db import Database
from coach.store.tables import OutboxMessage

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None,
                                reason="the openssl CLI is needed to make a test certificate")


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("tls")
    key, crt = d / "key.pem", d / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(crt), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return crt, key


def _server_ctx(cert: tuple[Path, Path]) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*cert)
    return ctx


def _client_ctx(cert: tuple[Path, Path]) -> ssl.SSLContext:
    """What a user gets with SSL_CERT_FILE pointing at their server's certificate."""
    return ssl.create_default_context(cafile=str(cert[0]))


def _auth(server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"coach", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_server(cert: tuple[Path, Path]) -> Iterator[tuple[Controller, Recorder]]:
    handler = Recorder()
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), tls_context=_server_ctx(cert),
        require_starttls=True, authenticator=_auth, auth_required=True,
    )
    controller.start()
    yield controller, handler
    controller.stop()


def test_starttls_and_login(mail_db: Database, db_url: str, home: Path,
                            cert: tuple[Path, Path],
                            tls_server: tuple[Controller, Recorder]) -> None:
    controller, handler = tls_server
    [mid] = add_raw_messages(mail_db, 1)
    wrong = mail_settings(home, db_url, controller.port, smtp_security="starttls",
                          smtp_user="coach", smtp_password="nope")
    result = OutboxSender(mail_db, wrong, ssl_context=_client_ctx(cert)).run_pass()
    assert result.connect_error and "login refused" in result.connect_error
    assert "nope" not in result.connect_error
    with mail_db.session() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert (row.state, row.attempts) == ("pending", 0)  # the message is not to blame
    right = wrong.model_copy(update={"smtp_password": wrong.smtp_password.__class__("s3cret")})
    result = OutboxSender(mail_db, right, ssl_context=_client_ctx(cert)).run_pass()
    assert result.sent == 1, result
    assert handler.counts() == {mid: 1}


def test_starttls_refuses_an_untrusted_certificate(
    mail_db: Database, db_url: str, home: Path, tls_server: tuple[Controller, Recorder]
) -> None:
    controller, handler = tls_server
    add_raw_messages(mail_db, 1)
    settings = mail_settings(home, db_url, controller.port, smtp_security="starttls",
                             smtp_user="coach", smtp_password="s3cret")
    result = OutboxSender(mail_db, settings).run_pass()  # system trust store only
    assert result.connect_error and "CERTIFICATE_VERIFY_FAILED" in result.connect_error
    assert handler.received == []


def test_plain_server_without_starttls_is_not_used_when_starttls_is_asked(
    mail_db: Database, db_url: str, home: Path, smtp_server  # type: ignore[no-untyped-def]
) -> None:
    add_raw_messages(mail_db, 1)
    settings = mail_settings(home, db_url, smtp_server.port, smtp_security="starttls")
    result = OutboxSender(mail_db, settings).run_pass()
    assert result.connect_error and "does not offer STARTTLS" in result.connect_error
    assert smtp_server.received == [] and set(states(mail_db).values()) == {"pending"}


def test_implicit_tls(mail_db: Database, db_url: str, home: Path,
                      cert: tuple[Path, Path]) -> None:
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(),
                            ssl_context=_server_ctx(cert), server_hostname="127.0.0.1")
    controller.start()
    try:
        [mid] = add_raw_messages(mail_db, 1)
        settings = mail_settings(home, db_url, controller.port, smtp_security="tls")
        result = OutboxSender(mail_db, settings, ssl_context=_client_ctx(cert)).run_pass()
        assert result.sent == 1, result
        assert handler.counts() == {mid: 1}
    finally:
        controller.stop()
