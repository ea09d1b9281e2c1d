"""Threads found with the right owner in notes written by other hands (the d5 recall misses):
a plain "Actions:" label heading a list, an owner written after an arrow, a team owning a line,
a to-do list line that only says how a to-do stands, the manager taking up an ask,
an accented name. Each case is our own, from workplaces the scenarios do not use, with a near
miss that must not change."""

from __future__ import annotations

from enginekit import history, item_of, line_items, note, thread_state

from coach.contracts import ItemKind, Party


def _items(body: str, person: str = "Kemi Adams") -> list[tuple[ItemKind, Party | None, str]]:
    return line_items(body, person)


def _of(body: str, part: str, person: str = "Kemi Adams") -> tuple[ItemKind, Party | None]:
    return item_of(body, part, person)


# --- a plain label line heads the list below it ---------------------------------------------

def test_an_actions_label_line_heads_its_list():
    body = """Talked through the new exhibition.

    Next steps:
    - Ines: reprint the gallery labels for room 3 before the opening
    - me: book the handler for the loan crates"""
    assert _of(body, "reprint", "Ines Duarte") == (ItemKind.commitment, Party.report)
    # near miss: a label that is not about actions leaves the line to the sentence itself
    miss = """Talked about:
    - Ines: the gallery labels in room 3 have faded badly"""
    assert _of(miss, "faded", "Ines Duarte") != (ItemKind.commitment, Party.report)


def test_prose_after_a_blank_line_ends_the_labelled_list():
    body = """To do:
    - me: order two more hoists

    Ines said the loan crates arrived damp."""
    assert _of(body, "hoists", "Ines Duarte") == (ItemKind.commitment, Party.manager)
    assert _of(body, "crates", "Ines Duarte")[0] is not ItemKind.commitment


def test_an_accented_name_labels_the_reports_action():
    body = "## Actions\n- Émile: book the lift passes for the junior group"
    assert _of(body, "lift passes", "Émile Laurent") == (ItemKind.commitment, Party.report)
    body = "## Actions\n- Élise: book the lift passes for the junior group"
    assert _of(body, "lift passes", "Émile Laurent") == (ItemKind.commitment, Party.other)


# --- a team owns the line ----------------------------------------------------------------------

def test_a_team_that_opens_an_action_owes_it():
    body = "Actions:\n- estates team to reseal the plant room floor\n- pool team: cover the lates"
    assert _of(body, "reseal") == (ItemKind.commitment, Party.other)
    assert _of(body, "cover the lates") == (ItemKind.commitment, Party.other)
    body = "Actions:\n- maintenance: check the pool boiler pressure weekly"
    assert _of(body, "boiler") == (ItemKind.commitment, Party.other)
    assert _of("- pool hoist jerks on the way down → estates to service it", "hoist") == (
        ItemKind.commitment, Party.other)
    assert _of("- estates (Gav) to reseal the plant room floor", "reseal") == (
        ItemKind.commitment, Party.other)
    assert _of("- maintenance: build a ramp for the accessible changing room", "ramp") == (
        ItemKind.commitment, Party.other)
    # near miss: a team word as a topic label with no action after it, a team that answered,
    # and the writer's own to-do about a team
    assert _of("- estates: new boiler is live, pool back to 29 degrees", "boiler")[1] \
        is not Party.other or _of("- estates: new boiler is live, pool back to 29 degrees",
                                  "boiler")[0] is not ItemKind.commitment
    assert _of("- [ ] team lunch for the lifeguards", "lunch") == (
        ItemKind.commitment, Party.manager)


# --- the owner written after an arrow ----------------------------------------------------------

def test_the_owner_after_an_arrow_owes_the_line():
    assert _of("- dosing pump alarm keeps tripping → me, call the installer", "dosing") == (
        ItemKind.commitment, Party.manager)
    assert _of("- defib pads expire in March → K", "defib") == (
        ItemKind.commitment, Party.report)
    assert _of("- first aid box restock → Dev, by Friday", "restock") == (
        ItemKind.commitment, Party.other)
    assert _of("- winter gritting rota → KA drafts it", "gritting") == (
        ItemKind.commitment, Party.report)
    assert _of("- gate sensor faulty -> Dev looking at it", "gate") == (
        ItemKind.commitment, Party.other)
    # near misses: feedback for the writer, an outcome after the arrow, the writer contacting,
    # an answer after a name
    assert _of("- Kemi -> me: my shift swaps get approved too late", "swaps")[0] is (
        ItemKind.note)
    assert _of("- defib pads → replaced, all in date now", "defib")[0] is not (
        ItemKind.commitment)
    assert _of("- lane hire: me → Priya, no reply yet", "lane hire") != (
        ItemKind.commitment, Party.other)
    assert _of("- gate sensor budget → Dev says no", "gate") != (
        ItemKind.commitment, Party.other)


def test_an_arrow_written_for_is_reports_the_thing_back():
    h = history(note("2026-10-01", "- autoclave leaking again → me, book the engineer"),
                note("2026-10-22", "- autoclave → back from repair, passes the daily test"))
    assert thread_state(h, "autoclave leaking")[0] == "closed"
    h = history(note("2026-10-01", "- autoclave leaking again → me, book the engineer"),
                note("2026-10-22", "- autoclave → still at the menders"))
    assert thread_state(h, "autoclave leaking")[0] == "open"


def test_who_pays_answered_closes_the_ask():
    first = note("2026-10-01", "- wants the equine dentistry course → me: ask if the practice "
                               "can pay half")
    h = history(first, note("2026-10-20", "- dentistry course: practice pays half, starts May"))
    assert thread_state(h, "equine dentistry")[0] == "closed"
    h = history(first, note("2026-10-20", "- dentistry course: still waiting on the practice"))
    assert thread_state(h, "equine dentistry")[0] == "open"


# --- a to-do list line that only says how a to-do stands --------------------------------------

def test_a_todo_status_line_is_not_a_new_todo():
    body = "## Actions\n- [ ] lane ropes: supplier said after Christmas\n- [ ] ropes still not in"
    assert _of(body, "supplier said")[0] is ItemKind.note
    assert _of(body, "still not in")[0] is ItemKind.note
    # near miss: the writer's own to-do, even one that mentions the same thing
    body = "## Actions\n- [ ] order the lane ropes from the new supplier"
    assert _of(body, "lane ropes") == (ItemKind.commitment, Party.manager)


# --- the manager taking up what the report raised -----------------------------------------------

def test_an_ask_taken_up_on_the_next_line_is_the_managers():
    ask = "- she asked whether she could move to four long days a week\n"
    body = ask + "- I'll check with HR whether the contract allows it"
    assert _of(body, "four long days") == (ItemKind.commitment, Party.manager)
    h = history(note("2026-10-01", body),
                note("2026-10-15", "- HR said yes, four long days from January"))
    assert thread_state(h, "four long days")[0] == "closed"
    # near miss: an unrelated promise on the next line leaves the ask the report's
    body = ask + "- I'll send her the new rota by Friday"
    assert _of(body, "four long days") == (ItemKind.request, Party.report)


# --- "comp" is pay, or a competition ------------------------------------------------------------

def test_a_competition_called_comp_is_not_a_pay_ask():
    assert _of("- county agility comp was on Sunday, she came 3rd with the collie", "agility")[0] \
        is not ItemKind.growth
    assert _of("- she's entering the county agility comp in May, excited", "agility")[0] \
        is not ItemKind.growth
    # near miss: comp as pay
    assert _of("- she asked about comp, feels underpaid next to the new starters", "comp")[0] in (
        ItemKind.growth, ItemKind.request, ItemKind.concern)
    assert _of("- wants to talk about her comp review in March", "comp review")[0] in (
        ItemKind.growth, ItemKind.request)


# --- a standing change to their week is an ask ---------------------------------------------------

def test_wanting_a_weekday_changed_is_a_request():
    assert _of("- he'd like Thursdays finishing at 4 while his dad is in rehab", "Thursdays",
               "Tom Reid")[0] in (ItemKind.request, ItemKind.concern)
    assert _of("- wants Mondays at the depot instead of the yard, easier with the school run",
               "Mondays", "Tom Reid")[0] is ItemKind.request
    # near miss: weekdays he worked are no ask
    assert _of("- he covered two Thursdays for Ola this month", "Thursdays", "Tom Reid")[0] \
        is not ItemKind.request
