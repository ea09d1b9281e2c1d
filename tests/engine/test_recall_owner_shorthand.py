"""Who owes a line written in hurried shorthand: an actions list under a bare label with no
colon ("actions", "todo"), its lines led by the owner in lower case or with a plain verb ("bryn
→ milking demo", "kyle do the training", "me chase the supplier"); the report's name before an
arrow ("Lee → training matrix"); the report's own name written all lower case in a run-on
("cage is a tip kyle to sort it"); "done by <date>" as a deadline; an owner's name later in a
line of prose ("Tomos starts mon. Bryn → write the protocol"). Each case uses our own wording
and workplaces, with a near miss that must not change."""

from __future__ import annotations

from enginekit import history, item_of, line_items, note

from coach.contracts import ItemKind, Party
from coach.summary import summarize

_P = "Dafydd Rees"


def _of(body: str, part: str, person: str = _P) -> tuple[ItemKind, Party | None]:
    return item_of(body, part, person)


_BARE = """- gate latch on the lambing shed broken again
- dafydd's knee still sore, physio next week

actions
- me chase the feed merchant re the invoice
- dafydd → lambing rota for the students
- dafydd do the sheep dip records before 1 Dec
"""


def test_a_bare_actions_label_heads_the_list_below_it():
    items = {q: (k, p) for k, p, q in line_items(_BARE, _P)}
    assert items["actions"] == (ItemKind.note, None)  # the label itself is no thread
    assert items["me chase the feed merchant re the invoice"] == (
        ItemKind.commitment, Party.manager)
    assert items["dafydd → lambing rota for the students"] == (ItemKind.commitment, Party.report)
    assert items["dafydd do the sheep dip records before 1 Dec"] == (
        ItemKind.commitment, Party.report)
    # near miss: the lines above the label are read as before
    assert items["dafydd's knee still sore, physio next week"][0] is not ItemKind.commitment


def test_a_bare_actions_label_makes_its_lines_summary_action_items():
    h = history(note("2026-11-02", _BARE, _P))
    s = summarize(h, h.meetings[0].id, "manager")
    owed = {a.text: a.owner for a in s.action_items}
    assert owed.get("dafydd → lambing rota for the students") is Party.report
    assert owed.get("dafydd do the sheep dip records before 1 Dec") is Party.report
    assert owed.get("me chase the feed merchant re the invoice") is Party.manager
    assert "actions" not in owed


def test_prose_starting_with_an_actions_word_is_no_label():
    body = "next steps for the barn conversion are unclear\n- me ring the planners"
    items = {q: (k, p) for k, p, q in line_items(body, _P)}
    assert items["next steps for the barn conversion are unclear"][0] is not ItemKind.commitment


def test_the_reports_name_before_an_arrow_owes_the_line():
    assert _of("- Dafydd → fencing plan for the top field", "fencing") == (
        ItemKind.commitment, Party.report)
    # the name before the arrow wins over a short upper-case word after it
    assert _of("- Dafydd → COSHH sheets for the new wormer", "COSHH") == (
        ItemKind.commitment, Party.report)
    # near misses: an outcome, or a worry, after the arrow
    assert _of("- Dafydd → fine now, back on the quad", "quad")[0] is not ItemKind.commitment
    assert _of("- Dafydd → worried about the TB test", "TB test")[0] is ItemKind.concern


def test_the_reports_lower_case_name_taking_on_an_action_in_a_run_on():
    body = "- silage clamp sheet torn again dafydd to patch it and weigh it down with tyres"
    assert _of(body, "silage") == (ItemKind.commitment, Party.report)
    # near miss: someone else's lower-case word before "to" is no one
    assert _of("- silage clamp handover to nights, all fine", "silage")[0] \
        is not ItemKind.commitment


def test_done_by_a_date_is_a_deadline_not_a_closure():
    assert _of("- Dafydd → ear tag register done by 30 Nov", "ear tag") == (
        ItemKind.commitment, Party.report)
    assert _of("- Dafydd needs to renew his spraying ticket by March", "spraying") == (
        ItemKind.commitment, Party.report)


def test_an_owner_written_after_the_first_sentence_still_owes_it():
    body = "- new lad Ifan starts mon. Dafydd → write the calf feeding sheet for him"
    assert _of(body, "calf feeding") == (ItemKind.commitment, Party.report)


def test_a_listed_action_with_an_owner_is_no_worry_for_a_sad_word():
    body = "Actions:\n- Dafydd: agree the memorial bench wording with the funeral directors"
    assert _of(body, "memorial") == (ItemKind.commitment, Party.report)


def test_a_short_promise_pointing_back_at_a_problem_is_one_thread_with_it():
    body = ("- busy week, the movement licences are piling up, 9 without a reference, "
            "he said he'd get them all logged by Friday")
    items = line_items(body, _P)
    assert [(k, p) for k, p, q in items if "movement licences" in q] == [
        (ItemKind.commitment, Party.report)]
    body = ("- the lambing nights are wearing her down since the kids went back, she'd like "
            "fixed days. I said I'd raise it at the rota meeting")
    assert _of(body, "lambing nights", "Nia Rees") == (ItemKind.commitment, Party.manager)
    # near misses: a work problem the manager will look into stays two threads (the problem
    # is carried until it stops), and a promise about something else stays its own thread
    body = ("- he raised that the yard lads aren't paid for the 20 min handover, says they're "
            "grumbling. I said I'd look into it with payroll")
    assert sorted((k.value, p.value) for k, p, q in line_items(body, _P) if p) == [
        ("commitment", "manager"), ("concern", "other")]
    body = "- the quad bike brakes are soft again. I'll book the tractor service for March"
    assert [(k, p) for k, p, q in line_items(body, _P) if "tractor" in q] == [
        (ItemKind.commitment, Party.manager)]


def test_a_named_owner_clause_in_prose_is_their_summary_action():
    body = ("We went over the escaped heifers, which rattled everyone; we agreed a fence walk "
            "on 3 December, and Dafydd will get the students to it. I promised to write the "
            "insurer a letter by Friday.")
    h = history(note("2026-11-02", body, _P))
    s = summarize(h, h.meetings[0].id, "manager")
    owners = {a.owner for a in s.action_items if "students" in a.text}
    assert owners == {Party.report}
    assert any(a.owner is Party.manager and "insurer" in a.text for a in s.action_items)


def test_a_still_owed_promise_inside_run_on_prose_is_the_managers_action():
    body = ("back after a week off, the vet finally came back about the TB test but wants more "
            "info, Dafydd will send the herd records this week, and I still need to sort the "
            "trailer dates for the show, I'll do it before Christmas")
    h = history(note("2026-11-02", body, _P))
    s = summarize(h, h.meetings[0].id, "manager")
    assert {a.owner for a in s.action_items if "herd records" in a.text} == {Party.report}
    assert {a.owner for a in s.action_items if "trailer dates" in a.text} == {Party.manager}


def test_a_short_label_ending_in_actions_heads_a_list_and_closes_nothing():
    body = "Agreed actions:\n- Dafydd will ring the shearers\n- order the ear tags"
    items = {q: (k, p) for k, p, q in line_items(body, _P)}
    assert items["Agreed actions:"] == (ItemKind.note, None)  # "agreed" here reports nothing
    assert items["Dafydd will ring the shearers"] == (ItemKind.commitment, Party.report)
    assert items["order the ear tags"] == (ItemKind.commitment, Party.manager)
    # near miss: a review of earlier actions is no list of new ones
    items = {q: (k, p) for k, p, q in line_items("Actions from last time:\n- ear tags", _P)}
    assert items["ear tags"][0] is not ItemKind.commitment
