"""The LLM writer through the application layer: real notes, real store, real engine plan,
real openai client, the scripted server; and the prompt-size measurement for a long history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fake_openai_server import FakeOpenAI, data_of, estimate_tokens, grounded_responder
from llmkit import SAMPLES, TODAY, write_note

from coach.config import Settings
from coach.contracts import Brief
from coach.service import Coach


@pytest.fixture
def llm_coach(llm_settings: Settings):  # type: ignore[no-untyped-def]
    c = Coach(llm_settings, today=TODAY)
    yield c
    c.close()


def test_brief_through_the_service_uses_the_plan_and_the_cache(
    llm_coach: Coach, fake: FakeOpenAI
) -> None:
    llm_coach.import_dir(SAMPLES)
    fake.default = {"respond": grounded_responder}
    brief = llm_coach.brief("Sam")
    assert Brief.model_validate_json(brief.model_dump_json()) == brief
    assert brief.backend == "openai:fake-model"
    assert brief.generated_by["check_in"] == "model:fake-model"
    assert brief.generated_by["threads"] == "offline"  # facts stay the engine's
    data = data_of(fake.chat_requests[0])
    assert data is not None and data["person"] == brief.person
    assert "check_in_context" in data and "meta_question_due" in data
    calls = len(fake.chat_requests)  # 1, or 2 if a loaded machine hit the 0.8 s timeout
    again = llm_coach.brief("Sam")  # same plan, same prompt -> the llm_cache answers
    assert len(fake.chat_requests) == calls and again.generated_by["_cached"] == "true"
    assert again.check_in == brief.check_in


def test_private_lines_of_imported_notes_never_reach_the_endpoint(
    llm_coach: Coach, fake: FakeOpenAI, tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Kim Park", "2026-11-02", """
        - Kim said she is feeling overwhelmed by the migration
        - Kim asked about the staff engineer path
        private: Kim may be part of the March layoffs list
        """)
    write_note(notes, "b.md", "Kim Park", "2026-11-16", """
        - [ ] I'll share the promotion rubric with Kim
        ## Private
        - worried Kim is interviewing at Acme
        """)
    llm_coach.import_dir(notes)
    fake.default = {"respond": grounded_responder}
    brief = llm_coach.brief("Kim")
    assert brief.backend == "openai:fake-model"
    sent = json.dumps(fake.chat_requests)
    assert fake.chat_requests and "layoffs" not in sent and "Acme" not in sent


def test_eval_style_coach_selects_the_llm_writer_by_settings(
    fake: FakeOpenAI, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `coach eval --backend openai` does: settings from the environment, llm=openai."""
    monkeypatch.setenv("COACH_LLM_BASE_URL", fake.base_url)
    monkeypatch.setenv("COACH_LLM_MODEL", "fake-model")
    settings = Settings(home=home, embedder="hashing", llm="openai", _env_file=None)  # type: ignore[call-arg]
    c = Coach(settings, today=TODAY)
    try:
        c.import_dir(SAMPLES)
        fake.default = {"respond": grounded_responder}
        assert c.brief("Priya").backend == "openai:fake-model"
    finally:
        c.close()


def _long_history(folder: Path, meetings: int = 50) -> None:
    start = dt.date(2025, 12, 1)
    topics = ["the data pipeline rewrite", "hiring for the platform team", "the Q3 roadmap",
              "on-call load", "the design review process", "mentoring the interns"]
    for i in range(meetings):
        day = start + dt.timedelta(days=7 * i)
        t = topics[i % len(topics)]
        write_note(folder, f"{day}.md", "Robin Vale", day.isoformat(), f"""
            - Robin walked through progress on {t}; two open questions remain on scope
            - Robin said the week felt {'stretched' if i % 5 == 0 else 'fine'} overall
            - I'll check with finance about the budget for {t} by Friday
            - Robin asked whether she could lead the next planning session for {t}
            - Talked about the team offsite and who should present what
            - [{'x' if i % 3 else ' '}] Robin to write up the notes from the {t} sync
            private: Robin seemed tired and short with the team this week ({i})
            """)


def test_measure_prompt_tokens_for_a_50_meeting_history(
    llm_coach: Coach, fake: FakeOpenAI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bounded prompt vs the naive one (every note in the prompt). Prints the numbers."""
    folder = tmp_path / "notes"
    _long_history(folder)
    llm_coach.import_dir(folder)
    fake.default = {"respond": grounded_responder}
    brief = llm_coach.brief("Robin")
    assert brief.backend == "openai:fake-model"
    ours = fake.chat_requests[-1]["messages"]
    ours_tokens = sum(estimate_tokens(m["content"]) for m in ours)
    bodies = [p.read_text() for p in sorted(folder.glob("*.md"))]
    naive_tokens = estimate_tokens(ours[0]["content"]) + sum(estimate_tokens(b) for b in bodies)
    ratio = naive_tokens / ours_tokens
    with capsys.disabled():
        print(f"\n[measure] 50-meeting history: prompt tokens per brief {ours_tokens} "
              f"(usage reported {brief.generated_by['_tokens_in']}), naive all-notes prompt "
              f"{naive_tokens}, ratio {ratio:.1f}x")
    assert ours_tokens < naive_tokens / 2


def test_ask_and_summary_through_the_real_engine(llm_coach: Coach, fake: FakeOpenAI) -> None:
    from coach.store.repo import Repo
    from coach.summary import summarize

    llm_coach.import_dir(SAMPLES)
    fake.default = {"respond": grounded_responder}
    answer = llm_coach.ask("what should I follow up on with Sam?")
    assert answer.backend == "openai:fake-model" and answer.citations
    assert answer.answer.startswith("From your notes:")
    with llm_coach.db.session() as session:
        repo = Repo(session, llm_coach.owner)
        history = repo.history(repo.find_person("Sam"))
    meeting = history.held[-1]
    for audience in ("manager", "report"):
        summary = summarize(history, meeting.id, audience, today=TODAY,
                            writer=llm_coach.summary_writer)
        assert summary.audience == audience
        if audience == "report":
            assert summary.suggestion is None and not summary.health
    sent = json.dumps(fake.chat_requests[-1])
    report_view = data_of(fake.chat_requests[-1])
    assert report_view is not None and report_view["audience"] == "report"
    private = [ln.text for m in history.meetings for ln in __import__(
        "coach.notes.parse", fromlist=["split_lines"]).split_lines(m.body) if ln.private]
    assert all(p not in sent for p in private)
