"""Lines that should be threads, written as people write them (round 6): shorthand that hands
a piece of work to someone by dropping the "is" ("..., Imogen doing the cover sheet"); the
report's own wish followed on the same line by their own next step (one thread they owe); a
problem the report raised followed by the manager's promise ("Told him I'd talk to X
myself"), which is no answer that settles it; "wants it dealt with" as a wish, not a done
thing; "till fixed" as a condition; an inline "[ ] me:" to-do box acting on its line; another
name wanting something mid-line;
a reply in the plain present ("I say he is very good"); a
career talk that did not happen; what someone answered written under "Me:"; a worry about the
team. Our own wording and workplaces, each with a near miss that must not change."""

from __future__ import annotations

from enginekit import item_of, line_items

from coach.contracts import ItemKind, Party

_P = "Imogen Patel"


def _of(body: str, part: str) -> tuple[ItemKind, Party | None]:
    return item_of(body, part, _P)


def test_a_name_doing_the_work_in_shorthand_owes_it():
    body = "- audit of the dispensary starts 9 Jan, Imogen doing the controlled drugs log"
    assert _of(body, "controlled drugs") == (ItemKind.commitment, Party.report)
    other = "- parents evening 4 Dec, Callum doing the sign-in desk"
    assert _of(other, "sign-in desk") == (ItemKind.commitment, Party.other)


def test_doing_a_course_or_doing_well_is_no_owed_work():
    assert _of("- Imogen doing the ILM course from Feb", "ILM")[0] is not ItemKind.commitment
    assert _of("- she's doing well on the new tills", "tills")[0] is not ItemKind.commitment
    assert _of("- Imogen doing the late shift on Sat", "late shift")[0] is not (
        ItemKind.commitment)


def test_the_reports_wish_and_her_own_next_step_are_one_thread_she_owes():
    body = ("- Imogen wants a second pharmacist trained on the robot so it isn't all on her. "
            "she'll pick someone before Christmas")
    items = line_items(body, _P)
    assert len(items) == 1
    kind, party, quote = items[0]
    assert (kind, party) == (ItemKind.commitment, Party.report)
    assert "second pharmacist" in quote and "pick someone" in quote


def test_an_ask_followed_by_her_own_step_still_waits_on_the_manager():
    body = "- she asked if we could fund the MSc. she'll send me the fees page"
    kinds = [k for k, _, q in line_items(body, _P) if "fund the MSc" in q]
    assert kinds == [ItemKind.request]


def test_a_problem_raised_then_the_managers_promise_stays_a_thread():
    body = ("He raised that the night porter leaves the loading bay unlocked, twice this month. "
            "He wants it dealt with, not just a memo. Told him I'd speak to the porter myself.")
    kinds = {q[:20]: (k, p) for k, p, q in line_items(body, "Oliver Grant")}
    assert kinds["He raised that the n"] == (ItemKind.topic, Party.report)
    promise = [(k, p) for k, p, q in line_items(body, "Oliver Grant") if "speak to" in q]
    assert promise == [(ItemKind.commitment, Party.manager)]


def test_an_answer_still_answers():
    body = "He raised the loading bay rota. Told him it stays as it is till March."
    kinds = [k for k, _, q in line_items(body, "Oliver Grant") if "raised" in q]
    assert kinds == [ItemKind.note]


def test_till_fixed_is_a_condition_not_a_done_thing():
    body = "- [ ] me: ring the landlord every week till fixed"
    assert _of(body, "landlord") == (ItemKind.commitment, Party.manager)
    assert _of("- boiler fixed, all fine", "boiler")[0] is ItemKind.closure


def test_an_inline_todo_box_quotes_the_line_it_acts_on():
    body = ("- lift in block B: contractor still hasn't been. "
            "residents complaining. [ ] me: escalate to estates")
    items = line_items(body, _P)
    assert len(items) == 1
    kind, party, quote = items[0]
    assert (kind, party) == (ItemKind.commitment, Party.manager)
    assert quote.startswith("lift in block B") and quote.endswith("escalate to estates")


def test_an_inline_todo_box_leaves_the_reports_own_news_alone():
    body = "- Imogen's mum is in hospital again, she's worried. [ ] me: send a card"
    kinds = [k for k, _, q in line_items(body, _P) if "hospital" in q]
    assert kinds == [ItemKind.concern]


def test_a_request_answered_in_plain_present_is_answered():
    body = ("- Imogen ask me for feedback on her talk at the briefing, I say she is clear, "
            "maybe slower at the start")
    assert _of(body, "feedback")[0] is not ItemKind.request
    open_ask = "- Imogen ask me for feedback on her talk at the briefing, I will watch the next one"
    assert _of(open_ask, "feedback")[0] is not ItemKind.note


def test_a_career_talk_that_did_not_happen_is_no_second_wish():
    assert _of("- ran out of time for the career chat again, sorry", "career")[0] is (
        ItemKind.note)
    assert _of("- she wants to talk about her career next time", "career")[0] is not (
        ItemKind.note)


def test_what_someone_answered_written_under_me_is_no_todo_of_mine():
    body = "Me: regional office says the next first-aid course is March, Imogen is on it."
    assert _of(body, "regional office") != (ItemKind.commitment, Party.manager)
    assert _of("Me: ask regional office about the first-aid course", "regional") == (
        ItemKind.commitment, Party.manager)


def test_a_worry_about_the_team_is_no_team_commitment():
    body = "Worried the team will think she's the favourite now"
    assert _of(body, "favourite") == (ItemKind.concern, Party.report)
    assert _of("night team to deep clean the freezers", "freezers") == (
        ItemKind.commitment, Party.other)


def test_another_name_wanting_something_mid_line_is_not_the_reports_request():
    body = "- the book signing went well!! Marta want to come back in summer. Imogen very happy"
    kinds = [(k, p) for k, p, q in line_items(body, _P) if "Marta" in q]
    assert kinds and kinds[0][0] is not ItemKind.request
    # at the start of a line a name is the note's subject (a short form, a misspelling)
    assert _of("- Immy ask if she can swap her Saturday for the Sunday", "swap") == (
        ItemKind.request, Party.report)
