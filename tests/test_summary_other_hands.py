"""Summary action items in notes written by other hands (coach/summary/): lines listed under
an actions heading, the owner written at their start (a name, an initial, a team), lower-case
teams, "X in accounts", "we agreed he'll", and a comma before the report's action. Each case
is written for this test, from workplaces none of the dev scenarios use, with a near miss that
must not change."""

from __future__ import annotations

from coach.contracts import Party, Summary
from coach.notes.parse import split_lines
from coach.summary import summarize
from coach.summary.owners import lead_owner, segments, written_owner
from coach.summary.sections import action_line_numbers, is_actions_label
from tests.engine.enginekit import history, note


def _summary(body: str, person: str, audience: str = "manager") -> Summary:
    h = history(note("2026-11-20", body, person))
    return summarize(h, h.meetings[-1].id, audience)


def _owners(s: Summary) -> dict[str, Party]:
    return {a.text: a.owner for a in s.action_items}


VET = """
Her points:
- the new kennel cleaning rota is working well
- worried about locum cover over Easter

Next steps:
- Marisol: cat ward audit write-up for the clinical meeting
- me: price a second autoclave
- reception team to reissue the booster reminders
- Jo → drafts the Easter locum advert
- M - one more month of dental shadowing with Priti

Good session overall, she seemed lighter.
"""


def test_every_line_under_an_actions_label_is_an_action_with_the_owner_at_its_start() -> None:
    owners = _owners(_summary(VET, "Marisol Ortega"))
    assert owners == {
        "Marisol: cat ward audit write-up for the clinical meeting": Party.report,
        "me: price a second autoclave": Party.manager,
        "reception team to reissue the booster reminders": Party.other,
        "Jo → drafts the Easter locum advert": Party.other,
        "M - one more month of dental shadowing with Priti": Party.report,  # her initial
    }


def test_lines_before_the_label_and_prose_after_the_list_stay_key_points() -> None:
    s = _summary(VET, "Marisol Ortega")
    points = [p.text for p in s.key_points]
    assert "the new kennel cleaning rota is working well" in points
    assert "Good session overall, she seemed lighter." in points
    assert "Her points:" not in points and "Next steps:" not in points  # labels, not points


def test_a_label_over_old_actions_does_not_make_its_lines_this_meetings_actions() -> None:
    body = """
    Actions from last time:
    - Omar: the reading-room signage
    Actions:
    - Omar: shelf audit of the local history stack
    """
    owners = _owners(_summary(body, "Omar Haddad"))
    assert owners == {"Omar: shelf audit of the local history stack": Party.report}
    assert is_actions_label("## Actions") and is_actions_label("My to-dos:")
    assert not is_actions_label("Previous actions") and not is_actions_label("Action plan")


def test_a_markdown_actions_heading_runs_to_the_next_heading_or_the_end_of_its_list() -> None:
    body = """
    ## Actions
    - [ ] buying team: cap the seasonal orders at 40 cases
    - Ines to confirm the tasting dates

    ## Other
    - the cellar floor needs resealing
    """
    h = history(note("2026-11-20", body, "Ines Duarte"))
    assert action_line_numbers(split_lines(h.meetings[-1].body)) == {2, 3}
    owners = _owners(summarize(h, h.meetings[-1].id))
    assert owners["buying team: cap the seasonal orders at 40 cases"] is Party.other
    assert owners["Ines to confirm the tasting dates"] is Party.report
    assert "the cellar floor needs resealing" not in owners


def test_the_owner_at_the_start_of_a_listed_line() -> None:
    person = "Chidi Eze"
    assert lead_owner("Chidi: handover sheet for nights", person) == (Party.report, True)
    assert lead_owner("C → books the minibus", person) == (Party.report, True)
    assert lead_owner("estates team: fix the lift in block B", person) == (Party.other, True)
    assert lead_owner("Rhona Bell: the rota", person) == (Party.other, False)  # maybe a person
    assert lead_owner("lift in block B: still broken", person) is None  # a topic, not a team
    assert lead_owner("book the minibus", person) is None


def test_lower_case_teams_and_someone_in_a_team_own_what_they_will_do() -> None:
    person = "Chidi Eze"
    assert written_owner("estates team to fix the lift in block B", person) is Party.other
    assert written_owner("the print crew will rerun the flyers", person) is Party.other
    assert written_owner("Priya in payroll is going to correct the overtime rate", person) \
        is Party.other
    # near misses: not a team, or the report's own request
    assert written_owner("asked me to check the rota", person) is None
    assert written_owner("lift in block B to be replaced in spring", person) is None
    assert written_owner("Went in to see the depot manager", person) is None


def test_we_agreed_she_will_do_a_task_is_her_action_but_a_change_to_her_shifts_is_not() -> None:
    person = "Ana Silva"
    assert written_owner("We agreed she'll run the stock take in March", person) is Party.report
    assert written_owner("agreed: he'll write up the returns process", person) is Party.report
    assert written_owner("we also agreed I'll order the scanners", person) is Party.manager
    assert written_owner("We agreed she'll move to the late shift from April", person) is None
    assert written_owner("agreed: Leanne to days from jan", person) is None
    line = ("We agreed she'll run the stock take in March, and I'll order the two extra "
            "scanners.")
    owners = _owners(_summary(line, person))
    assert owners == {"We agreed she'll run the stock take in March": Party.report,
                      "I'll order the two extra scanners.": Party.manager}


def test_a_comma_before_the_reports_action_starts_a_clause() -> None:
    line = ("The auditors want the cold-chain logs by the 9th, she'll collate them, and I'll "
            "book the boardroom for the visit.")
    assert segments(line) == ["The auditors want the cold-chain logs by the 9th",
                              "she'll collate them", "I'll book the boardroom for the visit."]
    owners = _owners(_summary(line, "Grace Mensah"))
    assert owners == {
        "The auditors want the cold-chain logs by the 9th, she'll collate them": Party.report,
        "I'll book the boardroom for the visit.": Party.manager}
    # near miss: what she will be is not an action clause
    assert segments("the roster is tight, she'll be off on the 3rd") == [
        "the roster is tight, she'll be off on the 3rd"]


def test_a_private_line_in_an_actions_list_stays_out_of_the_reports_summary() -> None:
    body = """
    Actions:
    - Tariq: test plan for the new tills
    - private: me: talk to OH about his back before the peak
    """
    manager = _summary(body, "Tariq Aziz")
    report = _summary(body, "Tariq Aziz", "report")
    assert [a.private for a in manager.action_items] == [False, True]
    assert [a.text for a in report.action_items] == ["Tariq: test plan for the new tills"]
    assert "OH" not in report.model_dump_json()


def test_an_owner_written_after_the_action() -> None:
    person = "Nadia Kowalski"
    assert written_owner("reorder the blue roll for the wash bay → me", person) is Party.manager
    assert written_owner("recheck the tyre pressures log – N", person) is Party.report
    assert written_owner("book the crane inspection (Nadia)", person) is Party.report
    assert written_owner("renew the waste carrier licence [me]", person) is Party.manager
    assert written_owner("fire door signage for bay 2, owner: estates", person) is Party.other
    # near misses: praise signed with a name, a note in brackets, a word after a dash
    assert written_owner("Great recovery on the Dunmore job – Nadia", person) is None
    assert written_owner("check the forklift batteries (weekly)", person) is None
    assert written_owner("fix the wash bay pump - urgent", person) is None


def test_must_promised_and_offered_are_owner_marks_but_must_be_is_not() -> None:
    person = "Nadia Kowalski"
    assert written_owner("she must send the tachograph printouts by Friday", person) \
        is Party.report
    assert written_owner("he promise to send the stock list", "Oleg Petrov") is Party.report
    assert written_owner("she offered to cover the Boxing Day shift", person) is Party.report
    assert written_owner("Nadia must renew her CPC card", person) is Party.report
    assert written_owner("she must be shattered with the new baby", person) is None
    assert written_owner("he said he'd be late on Thursday", "Oleg Petrov") is None


def test_an_actions_table_row_is_an_action_owned_by_its_owner_column() -> None:
    body = """
    Solid week for the depot.

    | Action | Owner | Due |
    |---|---|---|
    | walkround of the new racking | Nadia | Fri |
    | quote for the yard lighting | me | 5 Dec |
    | replace the gate fob reader | facilities | |

    | Route | Drops |
    |---|---|
    | Northern loop | 42 |
    """
    s = _summary(body, "Nadia Kowalski")
    assert [(a.owner, a.source.quote) for a in s.action_items] == [
        (Party.report, "walkround of the new racking | Nadia | Fri"),
        (Party.manager, "quote for the yard lighting | me | 5 Dec"),
        (Party.other, "replace the gate fob reader | facilities"),
    ]
    points = [p.text for p in s.key_points]
    assert "Northern loop | 42" in points  # a table with no owner column lists no actions
    assert not any("---" in p or "Owner" in p for p in points)  # the table's header and rule


def test_a_heading_that_says_whose_actions_owns_the_lines_that_name_nobody() -> None:
    body = """
    His next steps:
    - finish the gritting route map
    - C: sign off the salt order

    My to-dos:
    - price a second plough blade
    - he'll send me the overtime sheet

    Actions (both):
    - walk the depot together on Friday
    """
    owners = _owners(_summary(body, "Callum Fraser"))
    assert owners["finish the gritting route map"] is Party.report
    assert owners["C: sign off the salt order"] is Party.report
    assert owners["price a second plough blade"] is Party.manager
    assert owners["he'll send me the overtime sheet"] is Party.report  # the line says whose
    assert owners["walk the depot together on Friday"] is not Party.report  # nobody's own


def test_agreed_offered_said_and_bracketed_owners_in_other_words() -> None:
    person = "Yusuf Demir"
    cases = {
        "it was agreed that Yusuf will run the February stock count": Party.report,
        "agreed: Bea to book the van for the trade show": Party.other,
        "Next step is for me to book the fork-lift refresher": Party.manager,
        "TODO(Yusuf): update the returns SOP": Party.report,
        "Yusuf's actions: book the fire warden course": Party.report,
        "Yusuf said he'd send the supplier scorecards": Party.report,
        "Yusuf has offered to cover the Boxing Day late": Party.report,
        "I've asked Yusuf to pair with the new picker on nights": Party.report,
        "asked Bea to chase the pallet invoices": Party.other,
    }
    for text, owner in cases.items():
        assert written_owner(text, person, certain=False) is owner, text
    # near misses: a change to someone's shifts, a state, a day's list
    assert written_owner("agreed: Leanne to days from jan", person, certain=False) is None
    assert written_owner("Yusuf said he'd be late on Friday", person) is None
    assert written_owner("Monday's actions: tidy up the yard", person) is None
    assert written_owner("I want Yusuf to feel he can push back", person) is None


def test_a_decision_or_a_private_aside_in_an_actions_list_is_not_an_action() -> None:
    body = """
    Actions:
    - Ravi to recalibrate the tint meter before the audit
    - decided: no more Sunday call-outs for the glazing team
    - private: might be ready to step up when Gwen retires, don't say anything

    private: he looked worn out, ask about home next time
    """
    s = _summary(body, "Ravi Patel")
    assert _owners(s) == {"Ravi to recalibrate the tint meter before the audit": Party.report}
    assert [d.text for d in s.decisions] == [
        "decided: no more Sunday call-outs for the glazing team"]


def test_lead_probe_a_need_is_not_an_action_and_an_unowned_ticked_box_is_the_writers():
    """Found by the lead on fresh notes: "she'll need the day" (for a funeral) is not an action
    the report owes; "[x] alarm logged" under Actions, with no name, is the writer's."""
    from coach.contracts import Party  # noqa: PLC0415
    from coach.summary.build import guess_owner  # noqa: PLC0415
    from coach.summary.owners import written_owner  # noqa: PLC0415

    assert written_owner("she'll need the day", "Ana Ruiz") is None
    assert written_owner("she'll send the rota", "Ana Ruiz") is Party.report
    assert guess_owner("SCO alarm logged", "Ana Ruiz", checkbox=True) is Party.manager
    assert guess_owner("Dana booked the van", "Ana Ruiz", checkbox=True) is Party.other
    assert guess_owner("SCO alarm logged", "Ana Ruiz") is Party.other
