"""Threads a manager expects from note styles the dev set had few of: non-native English that
drops "will" ("i order this week"), a fault that came back ("AHU fault again"), a done word
negated without a verb ("not fixed"), a fault and the manager's short promise glued into one
sentence ("leaking again. I'll call the engineer"), a machine running right again in non-native
English ("now work good"), and a summary line that says an earlier promise is still
not done. Each case is our own wording, from workplaces the scenarios do not use, with a near
miss that must not change."""

from __future__ import annotations

from enginekit import history, item_of, line_items, note, thread_state

from coach.contracts import ItemKind, Party
from coach.summary import summarize


def _items(body: str, person: str = "Ines Duarte") -> list[tuple[ItemKind, Party | None, str]]:
    return line_items(body, person)


def _of(body: str, part: str, person: str = "Ines Duarte") -> tuple[ItemKind, Party | None]:
    return item_of(body, part, person)


# --- non-native English: the plain verb for what the manager will do --------------------------

def test_a_plain_verb_after_an_ask_is_the_managers_promise():
    body = "- she ask for new anti-slip mats for the wash bay, old ones curl up. i order this week"
    assert _of(body, "anti-slip") == (ItemKind.commitment, Party.manager)
    body = "- he want to do the forklift licence. i look the price"
    assert _of(body, "forklift") == (ItemKind.commitment, Party.manager)


def test_a_plain_verb_for_a_past_or_habitual_thing_is_no_promise():
    # near misses: done already, or a habit, or a question put to the report
    assert _of("- i call the supplier yesterday, they send new mats", "supplier")[0] \
        is not ItemKind.commitment
    assert _of("- I check in with her every week about the rota", "rota")[0] \
        is not ItemKind.commitment
    assert _of("- I ask her how she is doing with the new shifts", "shifts")[0] \
        is not ItemKind.commitment


# --- a fault that came back is a work concern ---------------------------------------------------

def test_a_fault_that_came_back_is_carried_forward():
    body = "- cold room 2 compressor fault again, contractor not been out"
    assert _of(body, "compressor") == (ItemKind.concern, Party.other)
    body = "- goods lift out of service again since Monday"
    assert _of(body, "goods lift") == (ItemKind.concern, Party.other)
    # near miss: the fault was fixed
    assert _of("- cold room 2 compressor fault was fixed on Tuesday", "compressor")[0] \
        is not ItemKind.concern


# --- "not fixed" is not a closure ----------------------------------------------------------------

def test_not_fixed_keeps_the_fault_open_and_the_promise_after_it_joins_it():
    h = history(
        note("2026-10-05", "- cold room 2 compressor fault again, contractor not been out",
             "Ines Duarte"),
        note("2026-10-19", "- cold room 2: not fixed, contractor says parts on order. "
             "I'll escalate to facilities", "Ines Duarte"))
    assert thread_state(h, "compressor fault again")[0] == "open"
    later = [it for it in h.meetings[1].items if it.is_thread]
    assert [(it.kind, it.party) for it in later] == [(ItemKind.commitment, Party.manager)]
    assert "not fixed" in later[0].quote and "escalate" in later[0].quote
    # near miss: fixed is a closure, and so is running right again in plain words
    h = history(
        note("2026-10-05", "- cold room 2 compressor fault again, contractor not been out",
             "Ines Duarte"),
        note("2026-10-19", "- cold room 2 compressor fixed, new relay fitted", "Ines Duarte"))
    assert thread_state(h, "compressor fault again")[0] == "closed"
    h = history(
        note("2026-10-05", "- cold room 2 compressor fault again, contractor not been out",
             "Ines Duarte"),
        note("2026-10-19", "- cold room 2: contractor come monday, change the relay on the "
             "compressor, now work good", "Ines Duarte"))
    assert thread_state(h, "compressor fault again")[0] == "closed"


# --- a fault and the manager's promise glued into one sentence -----------------------------------

def test_a_fault_then_the_managers_short_promise_is_the_managers_thread():
    body = "- walk-in freezer leaking again, floor soaked. I'll call the engineer"
    assert _of(body, "freezer") == (ItemKind.commitment, Party.manager)
    # near miss: with no promise the fault is a work concern, owed by nobody yet
    body = "- walk-in freezer leaking again, floor soaked. nobody has looked at it"
    assert _of(body, "freezer") == (ItemKind.concern, Party.other)


# --- summary: an earlier promise said to be still undone ------------------------------------------

def test_a_line_saying_an_earlier_promise_is_not_done_is_still_an_action():
    h = history(
        note("2026-11-10", "- she wants a meeting with the regional lead about the loading bay "
             "layout → I'll set it up", "Ines Duarte"),
        note("2026-11-24", "- loading bay layout meeting with the regional lead: not arranged "
             "yet, my fault\n- says the new scanners are fine", "Ines Duarte"))
    s = summarize(h, h.meetings[1].id, "manager")
    owed = [(a.owner, a.done) for a in s.action_items if "loading bay" in a.text]
    assert owed == [(Party.manager, False)]
    # near miss: a plain remark in the same note is no action
    assert not any("scanners" in a.text for a in s.action_items)


# --- a table of actions ----------------------------------------------------------------------

_TABLE = """Busy half term coming.

| Action | Owner | Due |
|---|---|---|
| Reprint the planetarium show tickets | Harriet | 10 Oct |
| Ask finance about the gift shop till upgrade | me | |
| Chase the glazier about the foyer window | Dev | Friday |

- she's worried the Sunday rota leaves one person on the desk"""


def test_each_row_of_an_actions_table_is_a_thread_owed_by_its_owner_column():
    got = {q: (k, p) for k, p, q in _items(_TABLE, "Harriet Osei") if k is ItemKind.commitment}
    assert got == {
        "Reprint the planetarium show tickets": (ItemKind.commitment, Party.report),
        "Ask finance about the gift shop till upgrade": (ItemKind.commitment, Party.manager),
        "Chase the glazier about the foyer window": (ItemKind.commitment, Party.other),
    }
    # the header and rule lines are no threads; the prose under the table is read as before
    kinds = {q: k for k, _, q in _items(_TABLE, "Harriet Osei")}
    assert not [q for q in kinds if "Owner" in q]  # the header row is column names, not a line
    assert kinds["she's worried the Sunday rota leaves one person on the desk"] \
        is ItemKind.concern


def test_a_table_row_marked_done_closes_and_one_not_done_keeps_it_open():
    h = history(
        note("2026-10-06", _TABLE, "Harriet Osei"),
        note("2026-10-20", """| Item | Who | Status |
        |---|---|---|
        | Planetarium show tickets reprinted | Harriet | done |
        | Gift shop till upgrade | me | finance said Q1, not yet approved |""",
             "Harriet Osei"))
    assert thread_state(h, "Reprint the planetarium")[0] == "closed"
    assert thread_state(h, "gift shop till")[0] == "open"
    # near miss: a table with no owner column lists no actions
    plain = "| Site | Visitors |\n|---|---|\n| Dome | 412 |"
    assert all(k is ItemKind.note for k, _, _ in _items(plain, "Harriet Osei"))


# --- shorthand, reported speech, non-native promises ------------------------------------------

def test_an_arrow_to_me_then_the_action_is_the_managers():
    assert _of("- stock count disc. £400 → me chase acc's", "stock count", "Priya Nair") \
        == (ItemKind.commitment, Party.manager)
    assert _of("- van 3 MOT due 20/11 → P to book", "MOT", "Priya Nair") \
        == (ItemKind.commitment, Party.report)


def test_two_promises_by_two_people_in_one_sentence_are_two_threads():
    body = ("- the zone C targets are too much for the older pickers, so I said I would look at "
            "the targets with the ops manager and he said he would write up which aisles slow "
            "them down")
    owners = {p for k, p, _ in _items(body, "Callum Reid") if k is ItemKind.commitment}
    assert owners == {Party.manager, Party.report}
    # near miss: one person's two promises stay one thread
    body = ("- we talked about shift lead; I promised to put him forward for the leadership "
            "pathway and to find him a mentor from the Daventry site")
    assert [p for k, p, _ in _items(body, "Callum Reid") if k is ItemKind.commitment] \
        == [Party.manager]


def test_reported_and_non_native_promises_of_the_report_are_theirs():
    assert _of("- he promise to finish the fire training before end of month", "fire",
               "Marek Kowalski") == (ItemKind.commitment, Party.report)
    assert _of("- she told me she will send the revised rota on Monday", "rota") \
        == (ItemKind.commitment, Party.report)
    # near miss: what they would like or be is no promise
    assert _of("- she said she would like more notice of the rota changes", "notice")[0] \
        is not ItemKind.commitment


def test_done_already_in_non_native_english_closes_the_promise():
    h = history(
        note("2026-10-08", "- he promise to finish the fire training before end of month",
             "Marek Kowalski"),
        note("2026-10-22", "- fire training he finish already, certificate in file",
             "Marek Kowalski"))
    assert thread_state(h, "fire training before")[0] == "closed"


def test_too_few_people_on_a_shift_is_a_work_concern():
    assert _of("- he tell me the night shift is too few people, only 3 for all the warehouse",
               "night shift", "Marek Kowalski") == (ItemKind.concern, Party.other)


# --- the owner written in shorthand at the start of a line ---------------------------------------

def test_an_owner_written_before_the_action_owes_it():
    assert _of("- Ruth - send me the draft slides by 20 Oct", "slides", "Ruth Adebayo") \
        == (ItemKind.commitment, Party.report)
    assert _of("- AP (me): get facilities to look at the fridge alarm wiring", "fridge",
               "Ruth Adebayo") == (ItemKind.commitment, Party.manager)
    # near miss: a topic label and its detail is no action
    assert _of("- Christmas - she's on the 24th and the 31st", "Christmas", "Ruth Adebayo")[0] \
        is not ItemKind.commitment


def test_an_ask_word_inside_the_managers_promise_is_the_managers_thread():
    body = ("- she's keen to present the assay work at the regional meeting in Nov - I owe her "
            "a slot request to the organisers")
    assert _of(body, "assay", "Ruth Adebayo") == (ItemKind.commitment, Party.manager)
    # near miss: the report's own ask after the promise, past a clause break, stays her ask
    body = "- rota for December: I'll look at it, she also asked for the Fridays off"
    assert _of(body, "Fridays", "Ruth Adebayo") == (ItemKind.request, Party.report)


def test_a_table_row_marked_done_is_a_done_action_in_the_summary():
    h = history(
        note("2026-10-06", _TABLE, "Harriet Osei"),
        note("2026-10-20", """| Item | Who | Status |
        |---|---|---|
        | Planetarium show tickets reprinted | Harriet | done |
        | Gift shop till upgrade | me | finance said Q1, not yet approved |""",
             "Harriet Osei"))
    s = summarize(h, h.meetings[1].id, "manager")
    done = {a.text.split("|")[0].strip(): a.done for a in s.action_items}
    assert done == {"Planetarium show tickets reprinted": True, "Gift shop till upgrade": False}


def test_the_answer_half_of_a_q_and_a_line_carries_the_ask_forward():
    body = "- Q: is there budget for the Salesforce admin cert? A: yes, up to £400 - he'll book it"
    got = [(k, p, q) for k, p, q in _items(body, "Yusuf Demir") if k is not ItemKind.note]
    assert [(k, p) for k, p, _ in got] == [(ItemKind.commitment, Party.report)]
    assert "Salesforce admin cert" in got[0][2] and "book it" in got[0][2]
    # near miss: an answer with no promise leaves the ask as it was
    body = "- Q: is there budget for the Salesforce admin cert? A: not this year, sadly"
    assert _of(body, "Salesforce", "Yusuf Demir")[0] is ItemKind.request


# --- the writer as the implied subject, and action labels that name an owner ---------------------

def test_the_writers_implied_promises_are_the_managers():
    for line in ("- promised her a proper career chat next time",
                 "- owe her feedback on the tender draft",
                 "- I have to get back to her about the parking permit",
                 "- must remember to ask facilities about the broken chair",
                 "- chase: DBS renewal for Tom"):
        assert _of(line, line[2:12], "Anna Berg") == (ItemKind.commitment, Party.manager), line
    # near misses: a status label, and the report's promise to someone else
    assert _of("- check: temps logged twice daily, all fine", "temps", "Anna Berg")[0] \
        is not ItemKind.commitment
    assert _of("- I have to say the new layout works", "layout", "Anna Berg")[0] \
        is not ItemKind.commitment


def test_an_action_label_that_names_the_owner_makes_it_theirs():
    assert _of("- Action for her: update the SOPs by end of month", "SOPs", "Anna Berg") \
        == (ItemKind.commitment, Party.report)
    assert _of("- her action - book the first aid course", "first aid", "Anna Berg") \
        == (ItemKind.commitment, Party.report)
    assert _of("- my actions: chase payroll about the overtime", "payroll", "Anna Berg") \
        == (ItemKind.commitment, Party.manager)
    assert _of("- AP (Dev): fix the yard gate", "gate", "Anna Berg") \
        == (ItemKind.commitment, Party.other)
    # near miss: a bare "action:" label before a status is no new action
    assert _of("- action: the rota went out fine", "rota", "Anna Berg")[0] \
        is not ItemKind.commitment
