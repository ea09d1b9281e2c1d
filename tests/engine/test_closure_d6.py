"""Closure by category, from the d6 dev scenarios (issue 8): a thing the line already named and
then ordered as "a new one", a later line written under a heading that has a full stop inside
a word ("tug no.2 → ..."), a pronoun report ("he did it") and a learnt skill now done alone.
Snippets are our own, in other workplaces; each category has a near miss."""

from __future__ import annotations

from enginekit import pair_state as _state


def test_ordering_a_new_one_is_settled_when_the_thing_arrives():
    opening = ("- label printer on the packing bench is dead - parcels going out w/o a tracking "
               "label. I'll order a new one asap")
    assert _state(opening, "- new printer arrived, set up, labels going to the courier portal now",
                  "order a new one") == "closed"
    assert _state(opening, "- new van arrived, set up, going to the courier depot now",
                  "order a new one") == "open"


def test_a_heading_with_a_numbered_name_closes_its_worry():
    opening = ("- electric pallet truck no.3 keeps cutting out on the dock ramp → logged w/ "
               "facilities")
    assert _state(opening, "- truck no.3 → facilities replaced the battery pack, fine now",
                  "pallet truck") == "closed"
    assert _state(opening, "- truck no.3 → facilities still not been, cutting out daily",
                  "pallet truck") == "open"


def test_a_skill_now_done_solo_closes_getting_someone_signed_off():
    opening = "- Rosa to get Tom (trainee) signed off on the cash office by end of Oct"
    assert _state(opening, "- Tom: she did it, Tom's doing the cash office solo now",
                  "signed off on the cash office") == "closed"
    assert _state(opening, "- Tom: not ready to do the cash office solo yet",
                  "signed off on the cash office") == "open"
