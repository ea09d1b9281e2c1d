"""The answer and summary writers: same pipeline as the brief, their own validation."""

from __future__ import annotations

import datetime as dt
import json

from fake_openai_server import FakeOpenAI
from llmkit import PRIVATE_TEXT

from coach.config import Settings
from coach.contracts import Answer, Citation, FocusArea, Point, Source, Summary
from coach.history import History
from coach.llm.ask_writer import AnswerWriter
from coach.llm.summary_writer import SummaryWriter

D1, D2 = dt.date(2026, 11, 3), dt.date(2026, 11, 17)


def offline_answer() -> Answer:
    return Answer(
        question="what should I follow up on with Sam?",
        answer="Open with Sam: send Sam the promotion criteria (2026-11-03).",
        citations=[
            Citation(person="Sam Lee", date=D1, note_id=11,
                     quote="I'll send Sam the promotion criteria by Friday"),
            Citation(person="Sam Lee", date=D1, note_id=11, quote=PRIVATE_TEXT, private=True),
        ],
        people=["Sam Lee"],
    )


def test_answer_worded_by_the_model_keeps_the_engine_citations(
    llm_settings: Settings, fake: FakeOpenAI, notices: list[str]
) -> None:
    fake.enqueue([{"json": {"answer": "You promised Sam the promotion criteria by Friday.",
                            "cites": ["C1"]}}])
    offline = offline_answer()
    result = AnswerWriter(llm_settings, notify=notices.append)(offline)
    assert result.answer == "You promised Sam the promotion criteria by Friday."
    assert result.backend == "openai:fake-model"
    assert result.citations == offline.citations
    assert "Berlin" not in json.dumps(fake.chat_requests)  # the private citation stayed home


def test_answer_citing_unknown_or_nothing_is_dropped(
    llm_settings: Settings, fake: FakeOpenAI, notices: list[str]
) -> None:
    fake.enqueue([{"json": {"answer": "Sam wants a raise.", "cites": ["C7"]}},
                  {"json": {"answer": "Sam wants a raise.", "cites": []}}])
    writer = AnswerWriter(llm_settings, notify=notices.append)
    offline = offline_answer()
    for _ in range(2):
        result = writer(offline)
        assert result.answer == offline.answer and result.backend == "offline"
    assert len(notices) == 2 and "failed validation" in notices[0]


def test_answer_with_nothing_found_makes_no_call(
    llm_settings: Settings, fake: FakeOpenAI, notices: list[str]
) -> None:
    nothing = Answer(question="who asked about pay?", answer="I found nothing.", citations=[])
    assert AnswerWriter(llm_settings, notify=notices.append)(nothing) == nothing
    assert fake.chat_requests == []


def test_answer_falls_back_when_the_endpoint_fails(
    llm_settings: Settings, fake: FakeOpenAI, notices: list[str]
) -> None:
    fake.default = {"status": 502}
    offline = offline_answer()
    result = AnswerWriter(llm_settings, notify=notices.append)(offline)
    assert result.answer == offline.answer and result.backend == "offline"
    assert len(notices) == 1


def summary(audience: str = "manager") -> Summary:
    src = Source(note_id=12, date=D2, quote="Wants to mentor the new hires")
    return Summary(
        person="Sam Lee", date=D2, meeting_id=12, audience=audience, focus=FocusArea.development,
        key_points=[
            Point(text="Wants to mentor the new hires", source=src),
            Point(text=PRIVATE_TEXT, source=Source(note_id=12, date=D2, quote=PRIVATE_TEXT),
                  private=True),
        ],
        decisions=[], action_items=[], carried_forward=[], closed=[],
        suggestion="Ask Sam how she is doing before any work." if audience == "manager" else None,
    )


def test_summary_rewords_points_and_writes_the_manager_suggestion(
    llm_settings: Settings, fake: FakeOpenAI, history: History, notices: list[str]
) -> None:
    fake.enqueue([{"json": {
        "key_points": [{"ref": "P1", "text": "Sam wants to mentor the new hires."}],
        "suggestion": "Next time, open by asking how the mentoring idea is shaping up for Sam.",
    }}])
    offline = summary()
    result = SummaryWriter(llm_settings, notify=notices.append)(offline, history)
    assert result.key_points[0].text == "Sam wants to mentor the new hires."
    assert result.key_points[0].source == offline.key_points[0].source
    assert result.key_points[1] == offline.key_points[1]  # private: not sent, not reworded
    assert result.suggestion and result.suggestion.startswith("Next time")
    assert result.backend == "openai:fake-model"
    assert "Berlin" not in json.dumps(fake.chat_requests)


def test_summary_drops_invented_points_and_report_suggestions(
    llm_settings: Settings, fake: FakeOpenAI, history: History, notices: list[str]
) -> None:
    fake.enqueue([{"json": {
        "key_points": [{"ref": "P1", "text": "Sam was told her performance is below the bar."},
                       {"ref": "P9", "text": "Invented."}],
        "suggestion": "Consider a performance plan.",
    }}])
    offline = summary("report")
    result = SummaryWriter(llm_settings, notify=notices.append)(offline, history)
    assert result.key_points == offline.key_points
    assert result.suggestion is None and result.backend == "offline"
    assert len(notices) == 1
