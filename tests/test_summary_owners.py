"""Summary action owners as managers write them, and actions inside prose
(coach/summary/owners.py, coach/summary/build.py)."""

from __future__ import annotations

import pytest

from coach.contracts import ItemKind, MeetingStatus, Party
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import parse_note
from coach.summary import summarize
from coach.summary.owners import segments, with_context, written_owner


@pytest.mark.parametrize(("text", "owner"), [
    ("me: send Dec rota to her by Fri", Party.manager),
    ("Me - order the extra champagne flutes (60)", Party.manager),
    ("action (me): chase the hi-vis order", Party.manager),
    ("TODO me - ask Kev about capping overtime", Party.manager),
    ("I owe her the appraisal paperwork", Party.manager),
    ("-> P to book IV cert refresher", Party.report),  # the report's initial
    ("P → call HR re the night shift allowance", Party.report),
    ("@Priya sort the falls log", Party.report),
    ("Priya - update the allergen sheet", Party.report),
    ("Pri to swap the 30th", Party.report),  # a short form of her name
    ("she'll swap the 30th with Tom", Party.report),
    ("HR to confirm the back pay", Party.other),
    ("Kev (ops mgr) will fix the dock door sensor", Party.other),
    ("Reception (Ana) to brief night audit", Party.other),
    ("Chef: confirm the tasting date", Party.other),
    ("Facilities need to replace her headset", Party.other),
    ("behaviour logs: P to finish the sweep by Fri", Party.report),  # a topic label first
    ("NPQSL: I'll check if the trust funds it", Party.manager),
    ("owe her: an answer on the funding", Party.manager),
    ("The transport planner (Gail) is going to redo the routes", Party.other),
])
def test_written_owner(text: str, owner: Party) -> None:
    assert written_owner(text, "Priya Raman") is owner


@pytest.mark.parametrize("text", [
    "christmas: she's on 24th, off 25th + 26th",  # a topic and its detail
    "Monday will be busy",  # not a person
    "nights going better, blackout blinds helped",
    "decided: no more than 3 nights in a row",
    "We agreed she'll move to the 8-4 shift",
    "J → call HR re the night shift allowance",  # not her initial: the extractor decides
    "Spoke to Kate about the account move",  # a verb, not an owner
    "Yes to the partner summit",
    "agreed: Leanne to days from jan",  # a decision
])
def test_no_written_owner(text: str) -> None:
    assert written_owner(text, "Priya Raman") is None


def test_segments_are_literal_slices_split_where_an_owner_starts() -> None:
    text = ("Good chat. Dana is going to shadow the complaints desk. We agreed she'll move to "
            "the 8-4 shift so she can do the school pickup. Next steps: I'll ring payroll about "
            "her overtime and she's going to draft the callback script.")
    parts = segments(text)
    assert parts == ["Good chat.", "Dana is going to shadow the complaints desk.",
                     "We agreed she'll move to the 8-4 shift so she can do the school pickup.",
                     "I'll ring payroll about her overtime",
                     "she's going to draft the callback script."]
    assert all(p in text for p in parts)


BODY = """- christmas: she's on 24th, off 25th + 26th
- me: send Dec rota to her by Fri
- -> P to book IV cert refresher before it lapses in Jan
- HR to confirm the back pay
- decided: no more than 3 nights in a row from Jan
- Long one today. P is going to write up the SBAR trial. I owe her the appraisal form and \
she's going to book her annual leave.
private: she cried about her dad's diagnosis, don't raise it
"""


def _history() -> History:
    note = parse_note("---\nperson: Priya Raman\ndate: 2026-11-23\n---\n" + BODY)
    items = [ItemRecord(id=100 + line.number, meeting_id=1, line_no=line.number,
                        kind=ItemKind.note, text=line.text, quote=line.text, party=None, due=None,
                        private=line.private, checkbox=line.checkbox, state="info")
             for line in note.lines]
    meeting = MeetingRecord(id=1, date=note.date, status=MeetingStatus.held, body=note.body,
                            focus=None, items=items)
    return History(3, "Priya Raman", [meeting])


def test_summary_actions_carry_the_written_owner_and_quote_the_note() -> None:
    history = _history()
    summary = summarize(history, 1, "manager")
    owners = {a.text: a.owner for a in summary.action_items}
    assert owners == {
        "me: send Dec rota to her by Fri": Party.manager,
        "-> P to book IV cert refresher before it lapses in Jan": Party.report,
        "HR to confirm the back pay": Party.other,
        "P is going to write up the SBAR trial.": Party.report,
        "I owe her the appraisal form": Party.manager,
        "she's going to book her annual leave.": Party.report,
    }
    assert [d.text for d in summary.decisions] == [
        "decided: no more than 3 nights in a row from Jan"]
    body = history.meetings[0].body
    assert all(a.source.quote in body for a in summary.action_items)


def test_private_lines_never_reach_the_report() -> None:
    history = _history()
    report = summarize(history, 1, "report")
    dumped = report.model_dump_json()
    assert "diagnosis" not in dumped and "cried" not in dumped
    assert any(a.text == "HR to confirm the back pay" for a in report.action_items)


def test_an_unknown_capitalised_word_is_only_a_maybe() -> None:
    """"Kev to fix" may be a person, "Budget to be approved" is a topic: neither is certain,
    so neither makes an action by itself or overrides the extractor's owner."""
    for text in ("Kev to fix the door sensor", "Budget to be approved"):
        assert written_owner(text, "Priya Raman") is None
        assert written_owner(text, "Priya Raman", certain=False) is Party.other
    assert written_owner("Kev (ops) to fix the door sensor", "Priya Raman") is Party.other


@pytest.mark.parametrize(("text", "owner"), [
    ("I want him to check the engineer's levels", Party.report),
    ("asked her to pick up the billing export next", Party.report),
    ("I have not looked at the budget yet", Party.manager),
    ("I haven't seen her this tired before", None),  # no action
    ("I want her to feel she can say no", None),
    ("asked me to check the rota", None),  # what the report asked: a request, no owner mark
])
def test_delegation_and_not_yet_done(text: str, owner: Party | None) -> None:
    assert written_owner(text, "Liam O'Connor") is owner


def test_a_comma_before_the_manager_handing_out_an_action_starts_a_clause() -> None:
    assert segments("block C setting out, I want him to check the levels") == [
        "block C setting out", "I want him to check the levels"]
    assert segments("rota's a mess, I'll redo it tonight") == ["rota's a mess",
                                                               "I'll redo it tonight"]
    assert segments("if I can, I will") == ["if I can, I will"]


PROSE = ("Benedikt is a dad: Lena was born on the 2nd, both are well. We only had twenty "
         "minutes. He asked again about day shifts; Carla says there might be a vacancy in the "
         "summer but nothing is decided. He sent the revenue course details; I have not looked "
         "at the budget yet.\n")


def test_prose_with_nothing_decided_is_no_decision_and_reads_sentence_by_sentence() -> None:
    note = parse_note("---\nperson: Benedikt Krause\ndate: 2026-04-13\n---\n" + PROSE)
    items = [ItemRecord(id=1, meeting_id=1, line_no=line.number, kind=ItemKind.note,
                        text=line.text, quote=line.text, party=None, due=None, private=False,
                        checkbox=None, state="info") for line in note.lines]
    history = History(3, "Benedikt Krause", [MeetingRecord(
        id=1, date=note.date, status=MeetingStatus.held, body=note.body, focus=None,
        items=items)])
    summary = summarize(history, 1, "manager")
    assert summary.decisions == []  # "nothing is decided"
    assert [(a.owner, a.text) for a in summary.action_items] == [
        (Party.manager, "He sent the revenue course details; I have not looked at the budget "
                        "yet.")]
    points = [p.text for p in summary.key_points]
    assert "We only had twenty minutes." in points  # one sentence, not the whole paragraph
    assert all(p in note.body for p in points)


@pytest.mark.parametrize(("text", "person", "owner"), [
    ("PN to write a one-page handover sheet for nights", "Priyanka Nair", Party.report),
    ("JR → call HR re the allowance", "Jamal Reid", Party.report),
    ("HR to confirm the back pay", "Hana Rao", Party.other),  # a team, whoever has H.R.
    ("QA to re-check the line", "Quinn Adams", Party.other),
])
def test_the_reports_initials_name_the_report(text: str, person: str, owner: Party) -> None:
    assert written_owner(text, person) is owner


def test_a_lower_case_action_after_a_full_stop_keeps_what_it_is_about() -> None:
    line = ("complaint from a client on Ferndale Rd re delay, the lender's fault. she'll write "
            "the response, I'll sign it")
    pairs = with_context(line, segments(line), "Eleanor Whitcombe")
    assert pairs == [
        ("complaint from a client on Ferndale Rd re delay, the lender's fault. she'll write the "
         "response", "she'll write the response"),
        ("I'll sign it", "I'll sign it")]
    # a capitalised sentence before is still its own point
    prose = "The bid went in. She is going to draft the talk."
    assert [p for p, _ in with_context(prose, segments(prose), "Ana Bose")] == [
        "The bid went in.", "She is going to draft the talk."]


def test_an_arrow_before_the_owner_starts_a_clause_that_keeps_its_matter() -> None:
    line = "Block C client wants an extra Saturday clean → she'll cost it & send me"
    assert segments(line) == ["Block C client wants an extra Saturday clean",
                              "she'll cost it & send me"]
    assert with_context(line, segments(line), "Mirela Popescu") == [
        (line, "she'll cost it & send me")]
