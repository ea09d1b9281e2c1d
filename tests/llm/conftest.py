"""Fixtures for the LLM writer tests: the scripted OpenAI-compatible server, settings that
point at it with short timeouts, and a small in-memory history + offline brief (the plan)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai_server import FakeOpenAI
from llmkit import make_brief, make_history

from coach.config import Settings
from coach.contracts import Brief
from coach.history import History
from coach.llm.client import reset_mode_memory


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    reset_mode_memory()
    with FakeOpenAI() as server:
        yield server
    reset_mode_memory()


@pytest.fixture
def llm_settings(home: Path, fake: FakeOpenAI) -> Settings:
    """The openai writer against the fake server: 0.8 s per attempt, 3 attempts, 6 s total."""
    return Settings(  # type: ignore[call-arg]
        home=home, embedder="hashing", llm="openai", llm_base_url=fake.base_url,
        llm_model="fake-model", COACH_LLM_API_KEY="test-key", llm_timeout_s=0.8, llm_max_retries=2,
        llm_deadline_s=6, _env_file=None,
    )


@pytest.fixture
def notices() -> list[str]:
    return []


@pytest.fixture
def history() -> History:
    return make_history()


@pytest.fixture
def brief(history: History) -> Brief:
    return make_brief(history)


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff waits of a tenth of the real ones: the retry logic runs, the suite stays fast.
    (The deadline tests still use real timeouts.)"""
    from coach.llm.client import ChatModel

    real = ChatModel._backoff
    monkeypatch.setattr(ChatModel, "_backoff",
                        staticmethod(lambda attempt, retry_after: real(attempt, retry_after) / 10))
