"""Synthetic but realistic-looking 1:1 notes for the benchmark (deterministic for a seed).

Each person gets a weekly series of meetings: prose, bullets, checkboxes, the odd private line,
typos, cancelled weeks, commitments that a later note closes, requests, concerns and status.
"""

from __future__ import annotations

import datetime as dt
import random


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("Sam Priya Jordan Maria Alex Chen Noor Tomasz Lena Ravi Ines Kofi Mei Omar Sara "
                "Luca Aisha Diego Hana Ivan Zoe Femi Yuki Nadia Pablo Greta Arjun Leila Marco Tara")
LAST = _words("Lee Patel Kim Gonzalez Rivera Wu Haddad Nowak Berg Iyer Duarte Mensah Tanaka Farouk "
              "Lind Rossi Khan Ortiz Sato Petrov Clarke Adeyemi Mori Haddad Ruiz Vogel Rao Aziz "
              "Conti Shah")
PROJECTS = ("billing rebuild", "gateway migration", "pricing page", "design system v2",
            "API versioning", "onboarding redesign", "data pipeline", "search relevance",
            "mobile release", "SSO rollout", "cost dashboard", "incident tooling")
DOCS = ("Q4 roadmap", "staff expectations doc", "promo packet template", "postmortem",
        "RFC", "career ladder", "budget sheet", "hiring plan")
PEERS = ("Lena", "Tomasz", "HR", "finance", "the arch group", "facilities", "Maria's team")

OPENERS = (
    "{first} seemed {mood} today.",
    "Quick one, {pron} had a clash so we did 20 min.",
    "Started with how {pron}'s doing: {mood}, {detail}.",
    "good chat, mostly about the {project}",
    "{first} brought a list this week, nice.",
    "Asked how {pron} is really doing. {Pron} said {mood} but {detail}.",
)
MOODS = ("fine", "a bit tired", "good", "stretched", "excited", "frustrated", "relaxed", "ok")
DETAILS = ("the on-call week was rough", "back from vacation", "the move is next week",
           "kid was sick", "enjoying the new team", "not sleeping great",
           "looking forward to the offsite")
LINES = (
    "- {project}: on track, demo friday",
    "- {project} slipped a week, waiting on {peer}",
    "- status: {project} is in code review, ENG-{num} merged",
    "- I'll send {obj} the {doc} by Friday",
    "- I'll ask {peer} about budget for a contractor",
    "- [ ] {first} to write up the {project} rollout plan",
    "- [x] {first} shared the {doc} draft",
    "- {pron} asked about comp review timing, when do adjustments land",
    "- {pron} wants to talk about the path to senior, what's missing",
    "- {pron}'s interested in mentoring the new hire",
    "- worried about the {project} deadline, feels like too much on {poss} plate",
    "- {pron} asked if we can move the 1:1 to thursdays",
    "- feedback: great writeup on the incident, but skip fewer steps in the why",
    "- {pron} gave me feedback: I cancel too often. fair.",
    "- wants to give a talk at the internal summit about the {project}",
    "- sent {obj} the {doc}",
    "- the {doc} is done, circulated to {peer}",
    "- decided to keep {project} scope as is",
    "- reorg context: shared what I can, {pron} had good questions",
    "- {pron}'s frustrated with the handoffs from {peer}",
    "- definately need more time for design reviews",
    "- {pron} wants to take PTO in {month}",
)
PRIVATE = (
    "private: might be a flight risk, recruiter pinged {obj}",
    "private: {poss} comp is below band, raise with HR before the cycle",
    "private: consider {obj} for the lead role after the reorg",
)
MONTHS = ("January", "March", "May", "July", "September", "December")


def _person(i: int) -> tuple[str, str, str, str]:
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]
    suffix = f" {i // (len(FIRST) * len(LAST)) + 1}" if i >= len(FIRST) * len(LAST) else ""
    pron, obj, poss = (("she", "her", "her") if i % 2 else ("he", "him", "his"))
    return f"{first} {last}{suffix}", pron, obj, poss


def note_text(rng: random.Random, person: tuple[str, str, str, str], date: dt.date,
              cancelled: bool) -> str:
    name, pron, obj, poss = person
    first = name.split()[0]
    front = f"---\nperson: {name}\ndate: {date.isoformat()}\n"
    if cancelled:
        return front + "status: cancelled\n---\ncancelled - " + rng.choice(
            ("me, offsite prep", f"{first} out sick", "conflict with planning")) + "\n"
    fill = {
        "first": first, "pron": pron, "Pron": pron.capitalize(), "obj": obj, "poss": poss,
        "project": rng.choice(PROJECTS), "doc": rng.choice(DOCS), "peer": rng.choice(PEERS),
        "mood": rng.choice(MOODS), "detail": rng.choice(DETAILS), "num": rng.randint(1000, 9999),
        "month": rng.choice(MONTHS),
    }
    lines = [rng.choice(OPENERS).format(**fill), ""]
    for template in rng.sample(LINES, rng.randint(3, 6)):
        fill["project"], fill["doc"] = rng.choice(PROJECTS), rng.choice(DOCS)
        lines.append(template.format(**fill))
    if rng.random() < 0.15:
        lines.append(rng.choice(PRIVATE).format(**fill))
    return front + "---\n" + "\n".join(lines) + "\n"


def corpus(n_notes: int, n_people: int, seed: int = 7,
           end: dt.date = dt.date(2026, 11, 20)) -> list[tuple[str, str]]:
    """``n_notes`` notes as (source key, text), grouped by person like a sorted folder."""
    rng = random.Random(seed)
    people = [_person(i) for i in range(n_people)]
    per_person = [n_notes // n_people + (1 if i < n_notes % n_people else 0)
                  for i in range(n_people)]
    out = []
    for i, (person, count) in enumerate(zip(people, per_person, strict=True)):
        slug = person[0].lower().replace(" ", "-")
        for week in range(count):
            date = end - dt.timedelta(days=7 * (count - week) - (i % 5))
            text = note_text(rng, person, date, cancelled=rng.random() < 0.08)
            out.append((f"bench/{slug}/{date.isoformat()}-{week}.md", text))
    return out


def extra_note(seed: int = 99, person: str | None = None) -> tuple[str, str]:
    """One more note for the 'add a single note' measurement (person 0 unless named)."""
    rng = random.Random(seed)
    who = (person, "she", "her", "her") if person else _person(0)
    path = f"bench/extra/{who[0].replace(' ', '-').lower()}-{seed}.md"
    return path, note_text(rng, who, dt.date(2026, 11, 23), False)
