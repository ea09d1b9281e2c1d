"""All of coach's configuration, in one validated, environment-driven settings class.

Every field can be set as an environment variable named ``COACH_<FIELD>`` (for example
``COACH_HOME`` or ``COACH_LLM_BASE_URL``), or in a ``.env`` file in the working directory.
``OPENAI_API_KEY`` is also read under its usual name. The README lists every setting;
``tests/test_docs.py`` checks that it does.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("coach", appauthor=False))


class Settings(BaseSettings):
    """coach's settings. Field docs are the user-facing documentation."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", extra="ignore", validate_default=True
    )

    # --- where data lives -------------------------------------------------------------
    home: Path = Field(
        default_factory=_default_home,
        description="Folder for the SQLite store, vector indexes and caches.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; default is a SQLite file in COACH_HOME. "
        "Example: postgresql+psycopg://postgres@127.0.0.1:5432/coach",
    )
    owner: str = Field(
        default="me",
        min_length=1,
        description="The manager whose notes this is. Every read is scoped to one owner.",
    )

    today: dt.date | None = Field(
        default=None,
        description="Pretend today is this date (YYYY-MM-DD): for demos, tests and replays.",
    )

    # --- embeddings and index ---------------------------------------------------------
    embedder: Literal["auto", "onnx", "minilm", "hashing"] = Field(
        default="auto",
        description="auto: MiniLM on ONNX Runtime (onnx) when installed, else hashing; "
        "minilm: the sentence-transformers reference (the minilm extra).",
    )
    embed_threads: int = Field(
        default=1, ge=1, le=64, description="ONNX Runtime intra-op threads per process."
    )
    embed_batch_size: int = Field(default=64, ge=1, le=4096, description="Texts per embed call.")

    # --- LLM writer -------------------------------------------------------------------
    llm: Literal["offline", "openai"] = Field(
        default="offline", description="offline: deterministic writer; openai: any compatible API."
    )
    llm_base_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible API (None = api.openai.com)."
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the API.")
    llm_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("COACH_LLM_API_KEY", "OPENAI_API_KEY"),
        description="API key (OPENAI_API_KEY is read too).",
    )
    llm_timeout_s: float = Field(default=30.0, gt=0, le=600, description="Per-request timeout.")
    llm_max_retries: int = Field(default=2, ge=0, le=10, description="Retries after a failure.")
    llm_deadline_s: float = Field(
        default=90.0, gt=0, le=3600, description="Total time for one answer, retries included."
    )
    llm_send_private: bool = Field(
        default=False,
        description="Send the manager's private lines to the LLM endpoint (off by default).",
    )
    prompts_dir: Path | None = Field(
        default=None, description="Folder of prompt templates to use instead of the built-in ones."
    )
    llm_structured: Literal["auto", "json_schema", "json_object", "prompt"] = Field(
        default="auto",
        description="Structured output: auto tries a JSON schema, then JSON mode, then a plain "
        "prompt, remembering what the endpoint rejected.",
    )
    llm_cache: bool = Field(
        default=True, description="Reuse a stored LLM answer for the same prompt and input."
    )

    # --- email ------------------------------------------------------------------------
    smtp_host: str | None = Field(default=None, description="SMTP server; unset = no email.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls, tls (implicit, port 465) or none."
    )
    smtp_user: str | None = Field(default=None, description="SMTP login user.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP login password.")
    smtp_timeout_s: float = Field(default=20.0, gt=0, le=300, description="SMTP socket timeout.")
    mail_from: str | None = Field(default=None, description="From address of summary emails.")
    manager_email: str | None = Field(
        default=None, description="Where the manager's summaries go."
    )
    outbox_max_attempts: int = Field(
        default=6, ge=1, le=100, description="Failed sends before a message is parked."
    )
    outbox_backoff_s: float = Field(
        default=30.0, ge=0, le=86400, description="First retry delay; doubles per attempt."
    )
    caldav_password: SecretStr | None = Field(
        default=None, description="Password for the CalDAV calendars added with --caldav."
    )
    prep_hour: int = Field(
        default=7, ge=0, le=23, description="UTC hour from which the morning-of prep brief goes."
    )
    remind_after_h: float = Field(
        default=3.0, gt=0, le=168, description="Hours after a 1:1 without notes before a reminder."
    )
    calendar_sync_s: float = Field(
        default=900.0, ge=10, description="Seconds between the worker's calendar syncs."
    )

    # --- input limits and serving (coach/notes/limits.py, coach/api/guards.py) ------------
    note_max_bytes: int = Field(
        default=1_000_000, ge=1_000, le=50_000_000,
        description="Largest note accepted (UTF-8 bytes, front matter included).",
    )
    name_max_chars: int = Field(
        default=200, ge=20, le=200, description="Longest person name (the column holds 200)."
    )
    title_max_chars: int = Field(
        default=500, ge=20, le=500, description="Longest title (the column holds 500)."
    )
    question_max_chars: int = Field(
        default=2000, ge=100, le=20_000, description="Longest question for ask."
    )
    api_max_body_bytes: int = Field(
        default=2_000_000, ge=10_000, le=100_000_000,
        description="Largest request body the API reads; bigger ones get 413.",
    )
    allowed_hosts: str = Field(
        default="127.0.0.1,localhost,[::1]",
        description="Comma-separated host names the API answers to (the Host header); "
        "'*' allows any.",
    )
    sqlite_busy_timeout_s: float = Field(
        default=60.0, ge=0, le=3600,
        description="How long a SQLite writer waits for another process's write to finish.",
    )

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @model_validator(mode="after")
    def _check_smtp(self) -> Settings:
        if self.smtp_host and not self.mail_from:
            raise ValueError("COACH_MAIL_FROM is required when COACH_SMTP_HOST is set")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The store URL: the configured one, or a SQLite file under ``home``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'coach.db'}"

    @property
    def allowed_host_list(self) -> list[str]:
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
