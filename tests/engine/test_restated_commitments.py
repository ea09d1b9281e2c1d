"""A note's actions list restating the body's commitments shows each commitment once (the
brief's eight slots were filled with both copies, pushing the report's own threads out)."""

from __future__ import annotations

import datetime as dt

from enginekit import history, note

from coach.engine.plan import all_open_threads

TODAY = dt.date(2026, 11, 24)


def _open_quotes(body: str) -> list[str]:
    h = history(note("2026-11-16", body, "Ines Duarte"))
    return [t.source.quote for t in all_open_threads(h, TODAY).all]


def test_actions_list_restating_the_body_is_one_thread_each() -> None:
    quotes = _open_quotes("""
        - van rota → still not fixed, Oscar now says "January" → me, push him this wk
        - stock audit Jan → she wants a say in the count plan → me, add her to the audit group
        - loyalty leaflet → Ines to draft 2 versions
        Actions:
        - me → push Oscar re the van rota
        - me → add Ines to the stock audit group
        """)
    assert not any(q.startswith("me → push Oscar") for q in quotes), quotes
    assert not any(q.startswith("me → add Ines") for q in quotes), quotes
    assert any("van rota → still not fixed" in q for q in quotes)
    assert any("loyalty leaflet" in q for q in quotes)


def test_a_different_step_on_the_same_topic_stays() -> None:
    quotes = _open_quotes("""
        - van rota → still not fixed → me, push Oscar this wk
        Actions:
        - me → book the hire van for the December weekends
        """)
    assert any("book the hire van" in q for q in quotes), quotes


def test_the_report_restating_my_commitment_is_not_mine_repeated() -> None:
    quotes = _open_quotes("""
        - me → send the stock audit plan to the area team
        Actions:
        - Ines → send the stock audit plan to the area team
        """)
    assert len([q for q in quotes if "stock audit plan" in q]) == 2, quotes
