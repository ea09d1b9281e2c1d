"""The fitted pair model closes threads the rules leave open (coach/engine/pairclose.py): only
among the matcher's later lines about the thread, never on a copy of the thread, never when a
still-later line re-opens it, and only at or above the threshold shipped in the model file."""

from __future__ import annotations

import json

import pytest
from enginekit import history, note, thread_state

from coach.engine import pairclose
from coach.engine.memo import matcher_for
from coach.rules.fitted import MODELS_DIR, Decision, Model, load_model


def _hist(*bodies: str, person: str = "Ana Ruiz"):
    dates = ["2026-08-03", "2026-08-17", "2026-08-31", "2026-09-14"]
    return history(*(note(d, b, person) for d, b in zip(dates, bodies, strict=False)))


def _item_id(h, part: str) -> int:
    return next(it.id for m in h.meetings for it in m.items if part in it.quote)


@pytest.fixture
def wired(monkeypatch):
    """The wiring as it would run when switched on (pairclose.WIRED)."""
    monkeypatch.setattr(pairclose, "WIRED", True)


class _Stub:
    """decide_pair that reads every later line containing ``closes`` as closed at ``p``."""

    def __init__(self, closes: str, p: float = 0.99, opens: str | None = None):
        self.closes, self.p, self.opens = closes, p, opens
        self.asked: list[str] = []

    def __call__(self, thread: str, later: str) -> Decision:
        self.asked.append(later)
        if self.opens and self.opens in later:
            return Decision("open", 0.9, (("stub", 1.0),))
        if self.closes in later:
            return Decision("closed", self.p, (("stub", 1.0),))
        return Decision("unrelated", 0.9, (("stub", 1.0),))


THREAD = "- I'll get the forklift hydraulics looked at by the dealer"


def test_model_closes_among_the_matchers_lines_and_cites_the_line(monkeypatch) -> None:
    stub = _Stub("forklift back")
    monkeypatch.setattr(pairclose, "decide_pair", stub)
    h = _hist(THREAD, "- forklift back from the dealer, new hydraulic hoses",
              "- canteen menu changes next month")
    got = pairclose.model_closer(matcher_for(h), _item_id(h, "forklift hydraulics"), 0.9)
    assert got is not None and got.item.quote.startswith("forklift back")
    assert got.decision.top[0][0] == "stub"  # what decided it travels with the closure
    assert not any("canteen" in q for q in stub.asked)  # not a line the matcher found


def test_below_the_threshold_it_stays_open(monkeypatch) -> None:
    monkeypatch.setattr(pairclose, "decide_pair", _Stub("forklift back", p=0.85))
    h = _hist(THREAD, "- forklift back from the dealer, new hydraulic hoses")
    assert pairclose.model_closer(matcher_for(h), _item_id(h, "forklift hydraulics"),
                                  0.9) is None


def test_a_copy_of_the_thread_in_a_later_note_is_never_asked(monkeypatch) -> None:
    stub = _Stub("forklift")
    monkeypatch.setattr(pairclose, "decide_pair", stub)
    h = _hist(THREAD, THREAD)
    thread = next(it for it in h.meetings[0].items if "forklift" in it.quote)
    assert pairclose.model_closer(matcher_for(h), thread.id, 0.9) is None
    assert stub.asked == []


def test_a_still_later_line_read_as_open_keeps_it_open(monkeypatch) -> None:
    monkeypatch.setattr(pairclose, "decide_pair",
                        _Stub("forklift back", opens="forklift hydraulics leaking"))
    h = _hist(THREAD, "- forklift back from the dealer, new hydraulic hoses",
              "- forklift hydraulics leaking again, dealer to come back")
    assert pairclose.model_closer(matcher_for(h), _item_id(h, "forklift hydraulics"),
                                  0.9) is None


def test_threshold_comes_from_the_model_file(monkeypatch) -> None:
    shipped = json.loads((MODELS_DIR / "pair.json").read_text(encoding="utf-8"))
    assert pairclose.close_threshold() == shipped["meta"].get("close_above", pairclose.NEVER)
    model = load_model("pair")
    assert model is not None
    data = {"task": "pair", "version": "t", "classes": model.classes,
            "features": model.features, "coef": model.coef.tolist(),
            "intercept": model.intercept.tolist(), "meta": {"close_above": 0.5}}
    monkeypatch.setattr(pairclose, "load_model", lambda task: Model(data))
    assert pairclose.close_threshold() == 0.5
    data["meta"] = {}
    assert pairclose.close_threshold() == pairclose.NEVER  # no threshold shipped: off


def test_no_threshold_means_the_model_never_closes(monkeypatch) -> None:
    stub = _Stub("forklift back")
    monkeypatch.setattr(pairclose, "decide_pair", stub)
    monkeypatch.setattr(pairclose, "close_threshold", lambda: pairclose.NEVER)
    h = _hist(THREAD, "- forklift back from the dealer, new hydraulic hoses")
    assert pairclose.model_closer(matcher_for(h), _item_id(h, "forklift hydraulics")) is None
    assert stub.asked == []


SHIPPED = pytest.mark.skipif(pairclose.close_threshold() >= pairclose.NEVER,
                             reason="the shipped pair model closes nothing at run time")


@SHIPPED
@pytest.mark.usefixtures("wired")
def test_shipped_model_closes_a_closure_in_other_words_and_cites_it() -> None:
    # no closure cue the rules know: the van is "back", with what was done to it
    h = _hist(THREAD, "- forklift back from the dealer, new hydraulic hoses")
    state, quote = thread_state(h, "forklift hydraulics")
    assert (state, quote) == ("closed", "forklift back from the dealer, new hydraulic hoses")
    by_model = pairclose.model_closer(matcher_for(h), _item_id(h, "forklift hydraulics"))
    assert by_model is not None and by_model.decision.why()  # it can say what decided it


@SHIPPED
@pytest.mark.usefixtures("wired")
@pytest.mark.parametrize(("opening", "later", "part"), [
    # a negation / not-yet about the thread
    ("- she asked to work flexible Fridays from January, I'll ask HR",
     "- flexible Fridays: nothing from HR yet", "flexible Fridays"),
    # a bare topic fragment: the thread is on the agenda again, nothing happened
    ("- Ana to write the induction checklist for the new starters",
     "- induction checklist", "induction checklist"),
    # the thread carried into a later note unchanged (the model alone reads it as closed)
    ("- Ana to write the induction checklist for the new starters",
     "- Ana to write the induction checklist for the new starters", "induction checklist"),
])
def test_shipped_model_does_not_close_on_a_negation_a_bare_topic_or_a_copy(
        opening: str, later: str, part: str) -> None:
    h = _hist(opening, later)
    assert thread_state(h, part)[0] == "open"


@pytest.mark.usefixtures("wired")
def test_rules_only_resolution_never_asks_the_model(monkeypatch) -> None:
    """The rules-only pair decision is one of the model's features: it must not recurse."""
    from coach.engine.threads import resolve_threads

    # (a line the rules leave open: "back from the dealer" is an outcome state they read)
    h = _hist(THREAD, "- forklift: dealer had a look, new hydraulic hoses on")
    stub = _Stub("forklift: dealer")
    monkeypatch.setattr(pairclose, "decide_pair", stub)
    monkeypatch.setattr(pairclose, "close_threshold", lambda: 0.5)
    assert all(s[1] == "open" for s in resolve_threads(h, fitted=False))
    assert stub.asked == []
    assert any(s[1] == "closed" for s in resolve_threads(h))


def test_switched_off_the_model_is_never_asked(monkeypatch) -> None:
    from coach.engine.threads import resolve_threads

    h = _hist(THREAD, "- forklift: dealer had a look, new hydraulic hoses on")
    stub = _Stub("forklift: dealer")
    monkeypatch.setattr(pairclose, "decide_pair", stub)
    monkeypatch.setattr(pairclose, "close_threshold", lambda: 0.5)
    monkeypatch.setattr(pairclose, "WIRED", False)
    assert all(s[1] == "open" for s in resolve_threads(h))
    assert stub.asked == []
