"""Lines that should be threads, written as people write them (round 6): shorthand that hands
a piece of work to someone by dropping the "is" ("..., Imogen doing the cover sheet"); the
report's own wish followed on the same line by their own next step (one thread they owe); a
problem the report raised followed by the manager's promise ("Told him I'd talk to X
myself"), which is no answer that settles it; "wants it dealt with" as a wish, not a done
thing. Our own wording and workplaces, each with a near miss that must not change."""

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
