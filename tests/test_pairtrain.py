"""Training the pair model for run time (coach/rules/pairtrain.py): the augmented rows are
reproducible and never contradict the corpus, and the closing threshold is the lowest one whose
"closed" is precise enough."""

from __future__ import annotations

from coach.rules import pairtrain
from coach.rules.pair_features import pair_features
from coach.rules.pairtrain import augment_pairs, class_weights, close_above

ROWS = [
    ("farm", "I'll book the vet for the heifers' TB test", "vet booked for the 14th", "closed"),
    ("farm", "I'll book the vet for the heifers' TB test", "TB test: vet not booked yet", "open"),
    ("farm", "parlour pump noisy, Owen to call Fullwood", "Fullwood came, new bearing", "closed"),
    ("farm", "Sam wants to do the AI course", "Sam passed the AI course", "closed"),
    ("farm", "Sam wants to do the AI course", "Sam's bike stolen from the yard", "unrelated"),
    ("shop", "Lee to order the new till rolls", "till rolls arrived", "closed"),
    ("shop", "Kim asked for Saturdays off in May", "Kim: Saturdays sorted with Jo", "closed"),
]


def test_augmented_rows_are_deterministic_and_stay_in_their_workplace() -> None:
    a, b = augment_pairs(ROWS), augment_pairs(ROWS)
    assert a == b
    assert augment_pairs(ROWS, seed=1) != a or len(a) < 4  # the seed is what varies them
    laters = {(r[0], r[2]) for r in ROWS}
    for place, thread, later, label in a:
        if label == "unrelated":
            assert (place, later) in laters  # another row's later line, same workplace
            assert not any(r[1] == thread and r[2] == later for r in ROWS)  # never its own
        else:
            assert label == "open" and later.lower() in thread.lower()  # a bare topic
        assert later != thread  # verbatim copies are not added


def test_bare_topic_is_what_the_verb_acts_on() -> None:
    assert pairtrain._topic("Lee to order the new till rolls for the front") == "the new till rolls"
    assert pairtrain._topic("parlour pump noisy") is None


def test_class_weights_balance_the_given_rows_only() -> None:
    w = class_weights(["closed", "closed", "closed", "open"])
    assert w == {"closed": 4 / 6, "open": 2.0}


def test_close_above_is_the_lowest_threshold_still_precise(monkeypatch) -> None:
    monkeypatch.setattr(pairtrain, "MIN_CLOSED", 2)
    y = ["closed", "closed", "closed", "open", "closed", "unrelated"]
    p = [0.99, 0.97, 0.95, 0.94, 0.9, 0.5]
    rules = ["", "progress", "open", "open", "", ""]
    # 0.95 keeps three closures, all right; 0.94 adds a wrong one (3/4 < 0.95): stop there
    assert close_above(y, p, rules) == (0.95, 3, 1.0)
    # a pair the rules already close is not the model's to count
    assert close_above(y, p, ["closed"] * 6) == (1.01, 0, 0.0)


def test_scope_features_see_negation_fragment_and_another_number() -> None:
    neg = pair_features("she asked for flexible Fridays, I'll ask HR",
                        "flexible Fridays: nothing from HR")
    assert neg.get("scope:negated_about") == 1.0
    frag = pair_features("Ana to write the induction checklist", "induction checklist")
    assert frag.get("scope:fragment") == 1.0
    done = pair_features("Ana to write the induction checklist",
                         "induction checklist written and shared")
    assert "scope:fragment" not in done and "scope:no_outcome" not in done
    other = pair_features("second hoist on bay 3", "estates delivered the new bed for bay 1")
    assert other.get("scope:other_number") == 1.0
    again = pair_features("maternity cover starts 5 Jan, he'll do her induction plan",
                          "Tomasz to write the induction plan for the maternity cover")
    assert again.get("scope:later_kind:commitment") == 1.0
