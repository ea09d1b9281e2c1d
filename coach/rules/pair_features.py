"""Named features of a (thread, later line) pair: is the later line ABOUT the thread, and does it
report an OUTCOME (done, under way, not yet, re-raised)?

The pair model (coach/rules/fitted.py, ``decide_pair``) reads these. They come in three groups,
kept apart so a decision's ``why`` reads as "what it is about" and "what it says happened":

- ``about:*`` / ``overlap:*`` — shared words, how much of each line they cover, shared numbers,
  names and the thing a commitment acts on, and the hashing embedder's cosine (always the
  hashing embedder, never the user's index embedder: thread state must not depend on which
  embedder is installed; see ``similarity``);
- ``later:*`` — what the later line says: completion cues, a past-tense outcome, the thread's
  own verb in the past, part-way, started, a negation, a hedge, a re-raise, "went well", "now";
- ``thread:*`` — what kind of thread it is (an owed thing, an ask, a worry, a dated event);
- ``scope:*`` — where the later line's words stand: a negation or not-yet in the clause that
  is about the thread ("flexible Fridays: nothing from HR"), a bare topic fragment that reports
  no outcome at all ("night auditor training"), a near copy of the thread, or the same kind of
  thing with another number or qualifier ("bed for bay 1" against "hoist on bay 3");
- ``x:*`` — interactions: an outcome counts for the thread only as much as the line is about it.

Every value is in 0..1. Plain functions of the two texts, deterministic.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from coach.index.embedders import HashingEmbedder
from coach.rules import load_rules, rx

# Rule roles whose firing on a LATER line says something about a thread's state.
PAIR_ROLES = frozenset({"closure cue", "progress cue", "reopen cue", "negation", "hedge",
                        "wellbeing closure cue"})
_WORD = re.compile(r"[a-z][a-z'’]*|\d+%?|[?→]|->")
_NUMBER = re.compile(r"\b\d[\d.,:/-]*\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}|[A-Z]{2,5}\d*)\b")
# An event went as hoped (or not): says the dated thing happened.
_WENT = re.compile(r"\b(?:went|go(?:ne)?|was|were|is|turned out|came out)\s+(?:really |very |"
                   r"super |so |pretty |quite |actually |v |rly )?(?:well|fine|great|ok(?:ay)?|"
                   r"good|smooth(?:ly)?|brilliant|badly|bad|alright|all right)\b", re.I)
_NOW = re.compile(r"\b(?:now|already|finally|since (?:mon|tue|wed|thu|fri|last)|as of)\b", re.I)
_HAS = re.compile(r"\b(?:has|have|got|received|in hand)\b", re.I)
_TAKEN_CARE = re.compile(r"\b(?:taken care of|sorted|handled|dealt with|fixed|resolved|done)\b",
                         re.I)
_BETTER = re.compile(r"\b(?:better|recover(?:ed|ing)|home now|back (?:at work|full|to normal)|"
                     r"settled|calmer|rested|fine now|ok now|stable)\b", re.I)
_STILL = re.compile(r"\b(?:still|again|agn|yet|no word|no answer|no reply|waiting|chas(?:e|ing))\b",
                    re.I)
# A negation or not-yet: "nothing from HR", "no reply", "not booked", "hasn't", "pending".
_NEGATION = re.compile(r"\b(?:no|not|nothing|none|never|nobody|without|yet|pending|tbc|tbd|"
                       r"awaiting|waiting|nope)\b|n['’]t\b", re.I)
# Words that report something happening; a line with none of them and no outcome cue is a
# topic, not news: past forms (-ed, irregular), "is back", "done", a result.
_HAPPENED = re.compile(r"\b(?:\w{3,}ed|did|done|went|gone|came|come|got|gave|given|took|taken|"
                       r"made|sent|won|began|begun|found|brought|bought|paid|left|told|said|"
                       r"signed|back|in place|live|over|finished|ok|okay|yes|approved)\b",
                       re.I)
# Clause breaks inside a line: commas, semicolons, dashes, arrows, "but" (not a colon: in
# "flexible Fridays: nothing from HR" the words after it are said of the words before).
_CLAUSE = re.compile(r"[,;.!?()]|\s[-–—]\s|→|->|\bbut\b", re.I)
_GENERIC = frozenset({"doc", "note", "plan", "list", "work", "project", "review", "feedback",
                      "update", "call", "chat", "question", "idea", "issue", "stuff", "item",
                      "topic", "send", "report", "peopl", "talk", "help", "week", "wk", "day",
                      "time", "team", "meet", "today", "tomorrow", "next", "last", "new"})


@cache
def _hashing() -> HashingEmbedder:
    return HashingEmbedder()


def similarity(a: str, b: str) -> float:
    """Cosine of the hashing embedder's vectors of two texts (0 when either is empty)."""
    vecs = _hashing().embed_batch([a, b])
    na, nb = float(np.linalg.norm(vecs[0])), float(np.linalg.norm(vecs[1]))
    if not na or not nb:
        return 0.0
    return max(0.0, float(np.dot(vecs[0], vecs[1])) / (na * nb))


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def fired(text: str, roles: frozenset[str]) -> list[str]:
    """Ids of the pattern rules with one of ``roles`` that match ``text``."""
    rs = load_rules()
    return [r.id for r in rs.rules.values()
            if r.shape == "patterns" and r.role in roles and rs.rx(r.id).search(text)]


def _about(t_body: str, l_body: str) -> tuple[dict[str, float], float]:
    from coach.engine.closure import object_phrase
    from coach.engine.textmatch import tokens

    tt, lt = tokens(t_body), tokens(l_body)
    shared = tt & lt
    cov = len(shared) / len(tt) if tt else 0.0
    feats: dict[str, float] = {
        "overlap:thread_share": cov,
        "overlap:later_share": len(shared) / len(lt) if lt else 0.0,
        "overlap:jaccard": len(shared) / len(tt | lt) if tt | lt else 0.0,
        "overlap:cosine_hashing": similarity(t_body, l_body),
        f"overlap:shared_{min(len(shared), 3)}": 1.0,
    }
    specific = {t for t in shared if not t.isupper() and t not in _GENERIC and len(t) >= 5}
    if specific:
        feats["about:shared_specific"] = min(1.0, len(specific) / 2)
    if any(t.isupper() for t in shared):
        feats["about:shared_concept"] = 1.0
    nums = set(_NUMBER.findall(t_body)) & set(_NUMBER.findall(l_body))
    if nums:
        feats["about:shared_number"] = 1.0
    names = {n.lower() for n in _NAME.findall(t_body)} & {n.lower() for n in _NAME.findall(l_body)}
    if names:
        feats["about:shared_name"] = 1.0
    phrase = object_phrase(t_body)
    if phrase:
        head = tokens(phrase) & lt
        if head:
            feats["about:object_shared"] = 1.0
    if len(words(l_body)) <= 4:
        feats["about:later_short"] = 1.0  # "taken care of": refers back without naming it
    return feats, max(cov, feats["overlap:cosine_hashing"])


def _outcome(t_body: str, l_body: str, l_box: str | None) -> dict[str, float]:
    from coach.engine.closure import (
        STARTED,
        closes_text,
        did_own_verb,
        outcome_clauses,
        partial,
        thread_verb,
    )
    from coach.extract import lexicon as lx

    feats: dict[str, float] = {}
    checks = {
        "closes_text": closes_text(l_body, l_box),
        "closes_wellbeing": closes_text(l_body, l_box, wellbeing=True),
        "outcome": bool(outcome_clauses(l_body, l_box)),
        "own_verb_past": did_own_verb(thread_verb(t_body), l_body),
        "partial": partial(l_body),
        "started": bool(STARTED.search(l_body)),
        "not_done": bool(lx.NOT_DONE.search(l_body)),
        "reopen": bool(lx.REOPEN.search(l_body)),
        "future": bool(lx.FUTURE.search(l_body)),
        "went": bool(_WENT.search(l_body)),
        "now": bool(_NOW.search(l_body)),
        "has": bool(_HAS.search(l_body)),
        "taken_care": bool(_TAKEN_CARE.search(l_body)),
        "better": bool(_BETTER.search(l_body)),
        "still": bool(_STILL.search(l_body)),
        "question": l_body.rstrip().endswith("?"),
        "checkbox_done": l_box == "done",
        "checkbox_open": l_box == "open",
    }
    for name, on in checks.items():
        if on:
            feats[f"later:{name}"] = 1.0
    for r in fired(l_body, PAIR_ROLES):
        feats[f"later:rule:{r}"] = 1.0
    return feats


def _scope(t_body: str, l_body: str, outcome: dict[str, float]) -> dict[str, float]:
    from coach.engine.textmatch import tokens
    from coach.engine.threadwords import qualifier_conflict

    feats: dict[str, float] = {}
    tt = tokens(t_body)
    about = [c for c in _CLAUSE.split(l_body) if tokens(c) & tt]
    if _NEGATION.search(l_body):
        feats["scope:negated"] = 1.0
        if any(_NEGATION.search(c) for c in about):
            feats["scope:negated_about"] = 1.0
    said = any(k in outcome for k in (
        "later:closes_text", "later:closes_wellbeing", "later:outcome", "later:own_verb_past",
        "later:went", "later:taken_care", "later:better", "later:checkbox_done", "later:partial",
        "later:started"))
    if not said and not _HAPPENED.search(l_body):
        feats["scope:no_outcome"] = 1.0
        if len(words(l_body)) <= 6:
            feats["scope:fragment"] = 1.0
    lt = tokens(l_body)
    if lt and tt and len(lt & tt) / len(lt) >= 0.8 and len(lt & tt) / len(tt) >= 0.8:
        feats["scope:copy"] = 1.0
    elif lt and lt <= tt:
        feats["scope:later_inside_thread"] = 1.0
    # what the later line is by itself: a new promise to do it ("Tomasz to write the induction
    # plan") re-raises the thread, a closure line reports it done
    from coach.rules import baseline as rb

    feats[f"scope:later_kind:{rb.rules_kind(l_body)}"] = 1.0
    if qualifier_conflict(t_body, l_body, set()):
        feats["scope:qualifier_conflict"] = 1.0
    t_nums, l_nums = set(_NUMBER.findall(t_body)), set(_NUMBER.findall(l_body))
    if t_nums and l_nums and not t_nums & l_nums:
        feats["scope:other_number"] = 1.0
    return feats


def _thread(t_body: str) -> dict[str, float]:
    from coach.rules import baseline as rb

    feats = {f"thread:kind:{rb.rules_kind(t_body)}": 1.0}
    if rx("event.noun").search(t_body) and (rx("date.due").search(t_body) or re.search(
            r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b\d{1,2}(?:st|nd|rd|th)\b|tomorrow|"
            r"next week|this week", t_body, re.I)):
        feats["thread:dated_event"] = 1.0
    if rb.rules_personal(t_body):
        feats["thread:personal"] = 1.0
    return feats


def pair_features(thread: str, later: str) -> dict[str, float]:
    """Named features of a (thread, later line) pair (see the module docstring)."""
    from coach.rules import baseline as rb

    t_body, _ = rb.split_checkbox(thread)
    l_body, l_box = rb.split_checkbox(later)
    feats, about = _about(t_body, l_body)
    feats[f"rules_pair:{rb.rules_pair(thread, later)}"] = 1.0
    outcome = _outcome(t_body, l_body, l_box)
    feats.update(outcome)
    scope = _scope(t_body, l_body, outcome)
    feats.update(scope)
    for name in scope:
        feats[f"x:{name}*about"] = about
    thread_f = _thread(t_body)
    feats.update(thread_f)
    cov = feats["overlap:thread_share"]
    for name in outcome:
        feats[f"x:{name[6:]}*about"] = about
        feats[f"x:{name[6:]}*share"] = cov
    kind = next(k for k in thread_f if k.startswith("thread:kind:"))[12:]
    for name in ("went", "better", "closes_text", "outcome", "not_done", "still", "started",
                 "partial", "closes_wellbeing"):
        if f"later:{name}" in outcome:
            feats[f"x:{kind}*{name}"] = 1.0
            if "thread:dated_event" in thread_f:
                feats[f"x:event*{name}"] = 1.0
    for w in set(words(l_body)):
        feats[f"later:w:{w}"] = 1.0
    return feats
