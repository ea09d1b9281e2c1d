"""Engine and session factory; brings the schema up to date with Alembic on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from coach.errors import CoachError, describe_internal

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config(connection: object | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


# The newest migration's revision id. Checked on every start without importing Alembic
# (which costs ~0.4 s); tests/test_store.py checks it equals Alembic's head.
SCHEMA_HEAD = "0008"


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _at_head(conn: Connection) -> bool:
    if not inspect(conn).has_table("alembic_version"):
        return False
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD


def upgrade(engine: Engine, lock_timeout_s: float = 120.0) -> None:
    """Run pending migrations. Cheap when already at head (one SELECT, no Alembic import).

    Two processes opening a brand-new store at once must not both migrate it: the
    migration runs under a lock (a lock file next to a SQLite file, an advisory lock on
    PostgreSQL) and checks the version again once it holds the lock.
    """
    with engine.connect() as conn:
        if _at_head(conn):
            return
    from alembic import command

    if engine.dialect.name == "sqlite":
        with _sqlite_migration_lock(engine, lock_timeout_s), engine.connect() as conn:
            # Migrations that rebuild a table (0002) must not fire ON DELETE CASCADE while
            # copying it: foreign keys off for this connection, outside any transaction.
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    if not _at_head(conn):
                        command.upgrade(_alembic_config(conn), "head")
            finally:
                raw.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        if not _at_head(conn):
            command.upgrade(_alembic_config(conn), "head")


# A fixed key for pg_advisory_xact_lock: "coach" as a number.
_PG_MIGRATION_LOCK = 0x636F616368


@contextmanager
def _sqlite_migration_lock(engine: Engine, timeout_s: float) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(f"{database}.migrate.lock")
    try:
        lock.acquire(timeout=timeout_s)
    except Timeout:
        raise CoachError(f"another process has been migrating {database} for over "
                         f"{timeout_s:.0f} s; try again") from None
    try:
        yield
    finally:
        lock.release()


def _enable_wal(cur: Any, wait_s: float) -> None:
    """Put the database in WAL mode (persistent: a no-op once done).

    Switching a brand-new file from its rollback journal to WAL needs an exclusive lock, and
    when two processes open the new file at the same moment SQLite reports the clash as
    "database is locked" at once, without calling the busy handler (it would deadlock). So
    the switch, and only the switch, is retried until ``wait_s`` has passed; a file already
    in WAL mode returns on the first read.
    """
    import sqlite3
    import time

    if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + wait_s
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def make_engine(url: str, busy_timeout_s: float = 60.0) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL and foreign keys.

    SQLite transactions start with ``BEGIN IMMEDIATE``: a transaction that read and then
    wants to write while another process committed gets "database is locked" at once, with no
    waiting (WAL snapshots cannot be upgraded); taking the write lock up front makes a second
    writer wait up to ``busy_timeout_s`` instead. SAVEPOINTs need the same explicit BEGIN.
    """
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    except Exception as exc:  # bad URL, missing driver
        raise CoachError(f"cannot open the store at {url!r}: {exc}", status=400) from None
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # pysqlite must not BEGIN: _sqlite_begin does
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            cur.execute("PRAGMA foreign_keys=ON")
            _enable_wal(cur, busy_timeout_s)
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """An engine with an up-to-date schema and a session factory."""

    def __init__(self, url: str, busy_timeout_s: float = 60.0):
        self.url = url
        self.engine = make_engine(url, busy_timeout_s)
        try:
            upgrade(self.engine)
        except CoachError:
            raise
        except Exception as exc:
            raise CoachError(
                f"cannot prepare the store at {self._safe_url()}: {describe_internal(exc)}"
            ) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
