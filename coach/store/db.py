"""Engine and session factory; brings the schema up to date with Alembic on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from coach.errors import CoachError

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
SCHEMA_HEAD = "0005"


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Run pending migrations. Cheap when already at head (one SELECT, no Alembic import)."""
    with engine.connect() as conn:
        if inspect(conn).has_table("alembic_version"):
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            if current == SCHEMA_HEAD:
                return
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL and foreign keys."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    except Exception as exc:  # bad URL, missing driver
        raise CoachError(f"cannot open the store at {url!r}: {exc}", status=400) from None
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

    return engine


class Database:
    """An engine with an up-to-date schema and a session factory."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        try:
            upgrade(self.engine)
        except CoachError:
            raise
        except Exception as exc:
            raise CoachError(f"cannot prepare the store at {self._safe_url()}: {exc}") from exc
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
