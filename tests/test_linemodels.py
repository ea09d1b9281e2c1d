"""The fitted line models at run time (issue 8, item 3): features, thresholds chosen by CV,
kind/owner overriding the rules only where confident, and what decided it said in words."""

from __future__ import annotations

import datetime as dt

from coach.contracts import THREAD_KINDS, ItemKind, Party
from coach.extract.decide import COMPATIBLE, ITEM_KIND, refine
from coach.extract.items import extract_items
from coach.notes.parse import parse_note
from coach.rules import rules_version
from coach.rules.fitted import decide_line, load_model
from coach.rules.linefeatures import describe, explain, line_features, normalise


def test_line_models_match_the_rules_and_carry_a_cv_threshold() -> None:
    for task in ("kind", "owner", "personal"):
        model = load_model(task)
        assert model is not None
        assert model.version.endswith(rules_version()), task  # retrain when rules change
        assert 0.0 <= model.use_above <= 1.01
        assert model.meta["cv_mixed"] is not None and model.meta["cv_mixed"] >= model.meta[
            "cv_rules"]
        # every feature the model reads is one line_features can produce (no stale names)
        groups = {f.split(":", 1)[0] for f in model.features}
        assert groups <= {"rules_kind", "rules_owner", "rules_personal", "rule", "role", "subj",
                          "x", "mood", "shape", "first", "w", "b"}, groups


def test_shorthand_is_spelled_out() -> None:
    assert normalise("check w/ HR rn → tbd") == "check with hr right now then to be decided"
    assert normalise("w/o the mgr") == "without the manager"


def test_features_name_subject_and_mood() -> None:
    f = line_features("I'll send her the rota by Friday")
    assert f["subj:i_will"] == 1.0 and f["mood:due"] == 1.0 and f["role:commitment cue"] == 1.0
    g = line_features("HR: 4-day week fine, 80% pay")
    assert g["subj:other_colon"] == 1.0 and "subj:i_will" not in g


def test_a_decision_is_deterministic_and_said_in_words() -> None:
    text = "remote days fixed or flexible? → tbd, need to check w/ HR"
    a, b = refine(text, ItemKind.topic, None, 0.0), refine(text, ItemKind.topic, None, 0.0)
    assert a == b
    assert a.kind is ItemKind.commitment and a.party is Party.manager  # corpus judgement call
    assert a.decided_by.startswith("fitted kind commitment (")
    d = decide_line("I'll send her the rota by Friday", "kind")
    assert d is not None and d.label == "commitment"
    assert explain(d) != "its features"
    assert describe("mood:due") == "a deadline" and describe("x:commitment|none") is None


def test_rules_stand_where_the_labels_agree() -> None:
    # a fitted "personal" for a concern keeps the concern (the richer engine kind)
    assert ItemKind.concern in COMPATIBLE["personal"]
    f = refine("her mum is in hospital again, she's exhausted", ItemKind.concern, Party.report,
               0.0)
    assert f.kind is ItemKind.concern and f.party is Party.report and f.decided_by == ""
    assert set(ITEM_KIND) == set(COMPATIBLE)


def _note(body: str) -> list:
    note = parse_note(f"---\nperson: Ravi Shah\ndate: {dt.date(2026, 3, 2)}\n---\n{body}\n")
    return extract_items(note)


def test_extraction_keeps_the_rules_below_the_run_time_floor() -> None:
    # the floor (coach/extract/decide.py) is above any confidence: the rules decide, and an
    # item the model would have changed says nothing decided it but the rules
    assert refine("Ravi is annoyed, he thinks the rota is slow", ItemKind.topic, None).decided_by \
        == ""
    kept = _note("I'll send her the rota by Friday")
    assert kept[0].kind is ItemKind.commitment and kept[0].decided_by == ""
    done = _note("- [x] sent her the rota")
    assert done[0].kind is ItemKind.closure and done[0].decided_by == ""  # structure wins


def test_an_override_is_recorded_on_the_item(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.extract import decide

    line = "Kofi wants to move to the platform team, how do we handle the transition"
    assert _note(line)[0].kind is not ItemKind.growth  # the rules: not a growth thread
    monkeypatch.setattr(decide, "MIN_CONFIDENCE", 0.0)  # use the models at their CV threshold
    item = _note(line)[0]
    assert item.kind is ItemKind.growth and item.party is Party.report
    assert item.decided_by.startswith("fitted kind growth (") and "'wants to'" in item.decided_by


def test_below_the_floor_the_models_are_not_even_run(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # speed: a floor above 1.0 is above any softmax confidence, so the line features (every
    # pattern rule on the line) are never computed; at the CV threshold they are
    from coach.extract import decide

    calls: list[str] = []
    decide._decide.cache_clear()
    monkeypatch.setattr(decide, "_add_above", lambda: 1.01)  # and no model may add a thread
    monkeypatch.setattr(decide, "_decide", lambda text, task: calls.append(task) or (None, 1.01))
    assert refine("Kofi wants to move to the platform team", ItemKind.note, None).decided_by == ""
    assert calls == []
    refine("Kofi wants to move to the platform team", ItemKind.note, None, min_confidence=0.0)
    assert calls == ["kind", "owner"]


def test_the_model_adds_a_thread_only_where_the_rules_saw_a_note(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.extract import decide

    line = "Hamid feels the contractor treats his team like servants"
    monkeypatch.setattr(decide, "_add_above", lambda: 1.01)  # never: the rules' note stands
    assert refine(line, ItemKind.note, None).kind is ItemKind.note
    monkeypatch.setattr(decide, "_add_above", lambda: 0.0)
    assert refine(line, ItemKind.note, None).kind is ItemKind.note  # ADD_FLOOR: off at run time
    added = refine(line, ItemKind.note, None, add_floor=0.0)
    assert added.kind in THREAD_KINDS and "added" in added.decided_by
    # never re-kinds or drops what the rules found, nor turns a closure into a thread
    assert refine(line, ItemKind.closure, None, add_floor=0.0).kind is ItemKind.closure
    kept = refine("I'll send her the rota by Friday", ItemKind.commitment, Party.manager,
                  add_floor=0.0)
    assert (kept.kind, kept.party, kept.decided_by) == (ItemKind.commitment, Party.manager, "")


def test_the_model_adds_no_thread_for_someone_elses_wish(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coach.extract import decide

    monkeypatch.setattr(decide, "_add_above", lambda: 0.0)
    line = "Kofi wants to move to the platform team, how do we handle the transition"
    assert refine(line, ItemKind.note, None, first_name="Amara", add_floor=0.0).kind is (
        ItemKind.note)
    assert refine(line, ItemKind.note, None, first_name="Kofi", add_floor=0.0).kind in (
        THREAD_KINDS)
