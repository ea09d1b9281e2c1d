"""Which series are 1:1s, and with whom: by the other attendee's email, else by the title.

A 1:1 is an event with the manager and exactly one other attendee (an event with no attendee
list counts when its title reads like a 1:1). Nothing is guessed: a title naming no known person,
or more than one, leaves the series unmatched for `coach calendar match`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ONE_ON_ONE = re.compile(r"\b(1\s*:\s*1|1\s*-?\s*on\s*-?\s*1|one\s*-?\s*on\s*-?\s*one|1o1)\b|<>",
                        re.IGNORECASE)
SEPARATORS = re.compile(r"\s*(?:/|<>|&|\||\+|:|,|\bx\b|\band\b|\bwith\b|\s-\s)\s*",
                        re.IGNORECASE)


@dataclass
class Verdict:
    one_on_one: bool
    other_email: str | None


def classify(attendees: list[str], title: str, all_day: bool,
             manager_email: str | None) -> Verdict:
    """Is this series a 1:1, and who is the other attendee (when the calendar says)?"""
    if all_day:
        return Verdict(False, None)
    people = set(attendees)
    if not people:
        return Verdict(bool(ONE_ON_ONE.search(title)), None)
    if manager_email:
        others = people - {manager_email.lower()}
        if len(others) == 1 and len(people) == 2:
            return Verdict(True, next(iter(others)))
        return Verdict(False, None)
    # Without COACH_MANAGER_EMAIL, two participants is a 1:1; who is who is found by email.
    return Verdict(len(people) == 2, None)


def title_names(title: str) -> list[str]:
    """The name-like parts of a 1:1 title: "Sam / Dana 1:1" -> ["sam", "dana"]."""
    text = ONE_ON_ONE.sub(" ", title)
    parts = [" ".join(p.split()).casefold() for p in SEPARATORS.split(text)]
    return [p for p in parts if p]


def match_person(attendees: list[str], other_email: str | None, title: str,
                 people: list[tuple[int, str, str | None]]) -> tuple[int | None, str | None]:
    """(person id, "email" | "title") or (None, None). ``people`` is (id, name, email)."""
    by_email = {e.lower(): pid for pid, _n, e in people if e}
    candidates = [other_email] if other_email else attendees
    hits = {by_email[a] for a in candidates if a in by_email}
    if len(hits) == 1:
        return hits.pop(), "email"
    names = title_names(title)
    found = set()
    for pid, name, _e in people:
        key = name.casefold()
        first = key.split()[0] if key.split() else key
        if any(n in (key, first) or n.startswith(key) for n in names):
            found.add(pid)
    if len(found) == 1:
        return found.pop(), "title"
    return None, None
