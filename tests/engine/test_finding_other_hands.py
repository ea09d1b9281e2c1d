"""Finding the threads notes written by other hands contain, with the right owner (issue 8,
the d3 dev scenarios). Each case is our own variant of a general cause, from workplaces the
scenarios do not use, with a near miss that must not change."""

from __future__ import annotations

from enginekit import TODAY, history, note

from coach.contracts import ItemKind, Party
from coach.engine.names import is_report_name
from coach.engine.plan import plan_brief
from coach.extract.items import classify_sentence
from coach.extract.owner import thread_owner


def _threads(body: str, person: str) -> list[tuple[ItemKind, Party | None, str]]:
    h = history(note("2026-11-02", body, person))
    return [(it.kind, it.party, it.quote) for it in h.meetings[0].items if it.is_thread]


def _one(body: str, person: str = "Tomasz Nowak") -> tuple[ItemKind, Party | None, str]:
    found = _threads(body, person)
    assert len(found) == 1, found
    return found[0]


# --- the report named by initials or a short form ------------------------------------------

def test_the_reports_initials_and_short_forms_name_the_report():
    assert is_report_name("TN", "Tomasz Nowak")
    assert is_report_name("T", "Tomasz Nowak")
    assert is_report_name("Kath", "Katherine Obi")
    assert is_report_name("Liz", "Elizabeth Ward")
    assert not is_report_name("HR", "Hana Rao")  # a team, even when the initials fit
    assert not is_report_name("QA", "Tomasz Nowak")
    assert not is_report_name("Kasia", "Katherine Obi")


def test_initials_to_do_something_is_the_reports_commitment():
    kind, party, _ = _one("- TN to redo the pallet labels for bay 4 by Weds")
    assert (kind, party) == (ItemKind.commitment, Party.report)
    kind, party, _ = _one("- QA to re-check the pallet labels for bay 4 by Weds")
    assert (kind, party) == (ItemKind.commitment, Party.other)


def test_a_short_form_label_is_the_report():
    kind, party, _ = _one("## actions\n- [ ] Kath: write up the bed-rail audit and send me",
                          "Katherine Obi")
    assert (kind, party) == (ItemKind.commitment, Party.report)
    kind, party, _ = _one("## actions\n- [ ] Kasia: write up the bed-rail audit and send me",
                          "Katherine Obi")
    assert (kind, party) == (ItemKind.commitment, Party.other)


# --- the owner written after an arrow --------------------------------------------------------

def test_the_owner_after_an_arrow_owes_it():
    kind, party, _ = _one("- school office wants the trip letters redone → he'll reprint them")
    assert (kind, party) == (ItemKind.commitment, Party.report)
    kind, party, _ = _one("- me → ring the scaffolders about the Friday strike")
    assert (kind, party) == (ItemKind.commitment, Party.manager)


def test_feedback_written_me_to_him_is_not_an_action():
    assert _threads("- me → him: the new goods-in checklist is spot on, keep it", "Tomasz Nowak") \
        == []


def test_a_personal_worry_before_an_arrow_stays_a_concern():
    kind, party, _ = _one("- his dad is in hospital again, he's worried → he'll ring me Sunday")
    assert (kind, party) == (ItemKind.concern, Party.report)


# --- an ask written in shorthand --------------------------------------------------------------

def test_asked_re_is_an_ask_the_managers_reply_takes_on():
    kind, party, quote = _one("- T asked re carer's leave for Jan, how many days. I'll check w/ HR")
    assert (kind, party) == (ItemKind.commitment, Party.manager)
    assert "carer's leave" in quote


def test_id_like_a_day_off_is_a_request():
    kind, party, _ = _one("- shifts: he'd like alternate Sundays off, does every one now")
    assert (kind, party) == (ItemKind.request, Party.report)


# --- a short follow-on action keeps what it is about ------------------------------------------

def test_a_short_action_after_a_context_sentence_quotes_both():
    kind, party, quote = _one("- parent complaint re the Year 8 trip refund. he'll draft a reply")
    assert (kind, party) == (ItemKind.commitment, Party.report)
    assert "Year 8 trip" in quote


def test_two_commitments_on_a_line_are_not_merged():
    found = _threads("- he'll update the COSHH folder by Friday. "
                     "I'll order the new eyewash stations for the lab", "Tomasz Nowak")
    assert len(found) == 2


# --- a done word that is wanted or nearly reached ---------------------------------------------

def test_a_wanted_outcome_is_not_a_closure():
    kind, party, quote = _one(
        "- he thinks a driver is fiddling the fuel card, wants it handled quietly. said I'd "
        "deal with it")
    assert (kind, party) == (ItemKind.commitment, Party.manager)
    assert "fuel card" in quote
    c = classify_sentence("he handled it quietly, all fine now", "", "Tomasz", None, None)
    assert c.kind is not ItemKind.commitment


def test_nearly_done_is_progress_not_a_closure():
    c = classify_sentence("the induction pack is nearly done, he's going to send it to me Friday",
                          "", "Tomasz", None, None)
    assert (c.kind, c.party) == (ItemKind.commitment, Party.report)
    c = classify_sentence("the induction pack is done, he sent it to me Friday",
                          "", "Tomasz", None, None)
    assert c.kind is ItemKind.closure


def test_the_report_chasing_something_owes_it():
    c = classify_sentence("fire door sign-off still outstanding, he's chasing the landlord",
                          "", "Tomasz", None, None)
    assert (c.kind, c.party) == (ItemKind.commitment, Party.report)
    c = classify_sentence("she's sorting a care package for her mum", "", "Tomasz", None, None)
    assert c.kind is not ItemKind.commitment


# --- a growth plan whose next step is the report's -------------------------------------------

def test_a_growth_plan_of_the_reports_own_is_theirs_in_the_brief():
    assert thread_owner(ItemKind.growth, Party.report,
                        "wants to coach the two new apprentices before the spring intake") \
        is Party.report
    assert thread_owner(ItemKind.growth, Party.report, "wants to go on the forklift course") \
        is None
    assert thread_owner(ItemKind.request, Party.report, "wants to run the stocktake") is None
    h = history(note("2026-11-02", "- keen to apply for the assessor role, closing date 5/12",
                     "Tomasz Nowak"))
    brief = plan_brief(h, TODAY)
    t = next(t for t in brief.threads if "assessor" in t.text)
    assert (t.kind, t.owner) == (ItemKind.growth, Party.report)


def test_a_plan_of_the_reports_own_with_a_deadline_is_their_commitment():
    c = classify_sentence("wants to apply for the assessor role, application due 5/12",
                          "", "Tomasz", None, None)
    assert (c.kind, c.party) == (ItemKind.commitment, Party.report)
    c = classify_sentence("wants to apply for the assessor role when it opens",
                          "", "Tomasz", None, None)
    assert c.kind is not ItemKind.commitment  # an ambition, no date: the report's to raise
    c = classify_sentence("Kofi wants to run the induction by March", "", "Tomasz", None, None)
    assert c.party is not Party.report


def test_feedback_to_the_report_by_name_is_not_an_action():
    assert _threads("- me -> Tomasz: the goods-in checklist is spot on, keep it",
                    "Tomasz Nowak") == []


def test_a_wish_stated_before_an_ask_in_shorthand_is_growth():
    c = classify_sentence("Bola keen on the CIPD diploma, asked abt funding", "", "Bola",
                          None, None)
    assert (c.kind, c.party) == (ItemKind.growth, Party.report)
    c = classify_sentence("Bola asked abt the night allowance", "", "Bola", None, None)
    assert (c.kind, c.party) == (ItemKind.request, Party.report)


def test_a_musing_under_actions_is_not_an_action():
    body = ("## actions\n- [ ] me: book the forklift refresher for the new starters\n"
            "- thinking of moving him onto the day team in spring, don't say yet")
    found = _threads(body, "Tomasz Nowak")
    assert [(k, p) for k, p, _ in found] == [(ItemKind.commitment, Party.manager)]


def test_an_initial_and_an_arrow_under_actions_is_the_reports():
    kind, party, _ = _one("## Actions\n- T → reorder the hi-vis vests by Friday")
    assert (kind, party) == (ItemKind.commitment, Party.report)
    kind, party, _ = _one("## Actions\n- order the hi-vis vests by Friday")
    assert (kind, party) == (ItemKind.commitment, Party.manager)


def test_arrow_me_to_is_the_managers_action_not_feedback_for_me():
    kind, party, _ = _one("- asked if he can shadow the auditor in Jan → me to ask Priya")
    assert (kind, party) == (ItemKind.commitment, Party.manager)
    assert _threads("- Tomasz -> me: my rotas land too late", "Tomasz Nowak") == []


def test_i_promised_is_the_managers_commitment():
    kind, party, _ = _one("- I promised the next 1:1 is only about his career and the HGV licence")
    assert (kind, party) == (ItemKind.commitment, Party.manager)
