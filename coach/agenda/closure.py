"""Close the report's agenda topics the way any thread closes: a later note says it is done.

Each open topic is put into the person's history as a one-line meeting on the day it was
added (a request the report raised), and the engine's own thread resolution decides whether a
later line closes it. Synthetic ids are negative, so they never collide with stored ones.
"""

from __future__ import annotations

import dataclasses

from coach.agenda import _aware, open_topics
from coach.contracts import ItemKind, MeetingStatus, Party
from coach.history import History, ItemRecord, MeetingRecord
from coach.store.repo import Repo
from coach.store.tables import Person


def close_agenda_topics(repo: Repo, person: Person) -> int:
    """Mark topics closed by a later held meeting; returns how many closed."""
    from coach.engine.threads import resolve_threads

    topics = open_topics(repo.session, repo.owner, person.id)
    if not topics:
        return 0
    history = repo.history(person)
    if not any(m.held for m in history.meetings):
        return 0
    synthetic = []
    for t in topics:
        item = ItemRecord(id=-t.id, meeting_id=-t.id, line_no=1, kind=ItemKind.request,
                          text=t.text, quote=t.text, party=Party.report, state="open")
        synthetic.append(MeetingRecord(id=-t.id, date=_aware(t.created_at).date(),
                                       status=MeetingStatus.held, body=t.text, items=[item]))
    meetings = sorted([*history.meetings, *synthetic], key=lambda m: (m.date, m.id > 0, m.id))
    merged = dataclasses.replace(history, meetings=meetings)
    by_id = {t.id: t for t in topics}
    closed = 0
    for item_id, state, closer, _quote in resolve_threads(merged):
        if item_id < 0 and state == "closed" and closer is not None and closer > 0:
            by_id[-item_id].closed_by_meeting_id = closer
            closed += 1
    return closed


__all__ = ["History", "close_agenda_topics"]
