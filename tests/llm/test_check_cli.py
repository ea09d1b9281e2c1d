"""`coach llm check`, run as a user would (subprocess), against the scripted server."""

from __future__ import annotations

import socket
import subprocess
import sys

from fake_openai_server import FakeOpenAI


def run(env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", "llm", "check"], env={**env, **extra},
                          capture_output=True, text=True, timeout=60)


def test_check_reports_model_and_json_schema(cli_env: dict[str, str], fake: FakeOpenAI) -> None:
    fake.enqueue([{"json": {"ok": True}}])
    out = run(cli_env, COACH_LLM="openai", COACH_LLM_BASE_URL=fake.base_url,
              COACH_LLM_MODEL="fake-model")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "answers; model fake-model (listed); structured output: JSON schema" in lines[0]


def test_check_reports_json_mode_only(cli_env: dict[str, str], fake: FakeOpenAI) -> None:
    # like llama-cpp-python's server: a 500 validation error for json_schema
    fake.enqueue([{"status": 500, "body": {"error": {"message": "response_format: Input should "
                                                     "be 'text' or 'json_object'"}}},
                  {"json": {"ok": True}}])
    out = run(cli_env, COACH_LLM="openai", COACH_LLM_BASE_URL=fake.base_url,
              COACH_LLM_MODEL="other-model", COACH_LLM_TIMEOUT_S="5")
    assert out.returncode == 0, out.stderr
    assert "other-model (not in /models)" in out.stdout
    assert "JSON mode only" in out.stdout


def test_check_fails_in_one_line_when_nothing_listens(cli_env: dict[str, str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = run(cli_env, COACH_LLM="openai", COACH_LLM_BASE_URL=f"http://127.0.0.1:{port}/v1",
              COACH_LLM_TIMEOUT_S="2")
    assert out.returncode == 1
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "llm check failed" in out.stderr and "connection" in out.stderr


def test_check_fails_in_one_line_on_an_html_page(cli_env: dict[str, str], fake: FakeOpenAI) -> None:
    """Issue 11: a 200 text/html reply (a proxy, a wrong base URL) crashed the check."""
    page = b"<html><body>Welcome to nginx!</body></html>"
    raw = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
           + str(len(page)).encode() + b"\r\nConnection: close\r\n\r\n" + page)
    fake.enqueue([{"raw": raw}] * 3)
    out = run(cli_env, COACH_LLM="openai", COACH_LLM_BASE_URL=fake.base_url,
              COACH_LLM_MODEL="fake-model", COACH_LLM_TIMEOUT_S="5")
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().count("\n") == 0
    assert "not an OpenAI chat completion" in out.stderr
