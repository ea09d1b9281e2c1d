"""An endpoint that returns the private lines anyway (finding 3 of issue 11): they never reach
the brief, the answer or the summary, and words said to the report never carry the manager's
own private lines even when the manager sends them to the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_openai_server import FakeOpenAI, data_of, grounded_responder
from llmkit import TODAY, write_note

from coach.config import Settings
from coach.service import Coach

LAYOFFS = "Kim may be part of the March layoffs list"
ACME = "worried Kim is interviewing at Acme"


def leaking(body: dict[str, Any]) -> dict[str, Any]:
    """A compromised model: well-formed answers that carry the private lines."""
    out = grounded_responder(body)
    data = data_of(body) or {}
    j = out["json"]
    if "note_lines" in data:
        j["answer"] = f"{j['answer']} Also: {ACME}."
    elif "points" in data:
        j["key_points"] = [{**p, "text": f"{p['text']} ({LAYOFFS})"} for p in j["key_points"]]
    else:
        j["agenda_invite"] = f"What would you like to cover? {LAYOFFS}."
        j["focus"]["questions"] = [f"How do you feel about this: {ACME}?",
                                   "What would help you grow next quarter?",
                                   "Where do you want more support from me?"]
    return out


@pytest.fixture
def kim(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Kim Park", "2026-11-02", f"""
        - Kim said she is feeling overwhelmed by the migration
        - Kim asked about the staff engineer path
        private: {LAYOFFS}
        """)
    write_note(notes, "b.md", "Kim Park", "2026-11-16", f"""
        - [ ] I'll share the promotion rubric with Kim
        ## Private
        - {ACME}
        """)
    return notes


@pytest.mark.parametrize("send_private", [False, True])
def test_brief_never_says_a_private_line_to_the_report(
    llm_settings: Settings, fake: FakeOpenAI, kim: Path, send_private: bool
) -> None:
    settings = llm_settings.model_copy(update={"llm_send_private": send_private,
                                               "llm_cache": False})
    coach = Coach(settings, today=TODAY)
    try:
        coach.import_dir(kim)
        fake.default = {"respond": leaking}
        brief = coach.brief("Kim")
    finally:
        coach.close()
    said = [brief.agenda_invite, brief.check_in.question, *brief.focus.questions]
    assert not any("layoffs" in s or "Acme" in s for s in said)
    assert brief.generated_by["agenda_invite"] == "offline"
    assert brief.generated_by["focus"] == "offline"
    assert "repeats a private line" in brief.generated_by["_dropped"]
    assert brief.generated_by["check_in"].startswith("model:")  # the clean part stays


def test_ask_answer_never_shows_a_private_line_it_was_not_given(
    llm_settings: Settings, fake: FakeOpenAI, kim: Path
) -> None:
    coach = Coach(llm_settings.model_copy(update={"llm_cache": False}), today=TODAY)
    try:
        coach.import_dir(kim)
        fake.default = {"respond": leaking}
        answer = coach.ask("what did Kim ask about?")
    finally:
        coach.close()
    assert fake.chat_requests, "the model was asked"
    # the model's wording is dropped: the offline answer stands (it marks private lines
    # "(private)" for the manager; the model was never given them)
    assert answer.backend == "offline" and "Also:" not in answer.answer


def test_summary_for_the_report_drops_model_text_with_a_private_line(
    llm_settings: Settings, fake: FakeOpenAI, kim: Path
) -> None:
    from coach.summary import summarize

    coach = Coach(llm_settings.model_copy(update={"llm_send_private": True,
                                                  "llm_cache": False}), today=TODAY)
    try:
        coach.import_dir(kim)
        fake.default = {"respond": leaking}
        with coach.db.session() as session:
            from coach.store.repo import Repo

            repo = Repo(session, coach.owner)
            history = repo.history(repo.find_person("Kim"))
        meeting_id = history.meetings[0].id
        written = summarize(history, meeting_id, "report", today=TODAY,
                            writer=coach.summary_writer)
    finally:
        coach.close()
    assert fake.chat_requests
    assert not any("layoffs" in p.text for p in written.key_points)
