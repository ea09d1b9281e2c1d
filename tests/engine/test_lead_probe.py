"""Found by the lead trying fresh notes as a new user would (a bottling-plant night-shift lead,
2026-11-29). Each case is in our own words from other workplaces, with a near miss."""

from __future__ import annotations

import datetime as dt

from enginekit import history, note, thread_state

from coach.contracts import Party
from coach.engine.parties import asked_parties
from coach.engine.timebound import EVENT, event_date, follow_up_text
from coach.extract.owner import commitment_party


def test_a_party_written_after_w_slash_is_asked():
    assert asked_parties("wants a forklift refresher → I'll check budget w/ Dorota", set()) == [
        "Dorota"]
    assert asked_parties("wants a forklift refresher, did one w/o a trainer", set()) == []


def test_the_party_asked_w_slash_answers_and_settles_it():
    opening = "- wants the first-aid course, asked if we pay → I'll check budget w/ Dorota"
    done = history(note("2026-08-03", opening, "Ana Ruiz"),
                   note("2026-08-17", "- Dorota ok'd the first-aid funding", "Ana Ruiz"))
    assert thread_state(done, "first-aid course")[0] == "closed"
    still = history(note("2026-08-03", opening, "Ana Ruiz"),
                    note("2026-08-17", "- Dorota is off till the 30th", "Ana Ruiz"))
    assert thread_state(still, "first-aid course")[0] == "open"


def test_a_hospital_op_on_a_day_of_the_month_is_a_dated_event():
    text = "his mum goes into hospital for a knee op on the 9th, might need a few days"
    assert EVENT.search(text)
    assert event_date(text, dt.date(2026, 3, 2)) == dt.date(2026, 3, 9)
    assert follow_up_text(text) == "Ask how the knee op went"
    assert follow_up_text("her dad goes into hospital on tuesday") == (
        "Ask how the hospital stay went")
    assert not EVENT.search("the hospital car park passes need renewing")


def test_they_after_an_outside_party_is_that_party():
    line = "Supplier rang back - they'll deliver the pallets on thursday"
    assert commitment_party(line, "Ana", "Ana Ruiz")[0] is Party.other
    assert commitment_party("she asked payroll, they'll correct it in March", "Ana",
                            "Ana Ruiz")[0] is Party.other
    # no party named before it: "they" is the report
    assert commitment_party("they'll send the stock count by friday", "Ana",
                            "Ana Ruiz")[0] is Party.report
    assert commitment_party("payroll said no, she'll appeal it", "Ana",
                            "Ana Ruiz")[0] is Party.report
