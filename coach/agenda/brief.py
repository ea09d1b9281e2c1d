"""The report's agenda topics as the brief shows them: first, "Sam added on Tue: ..."."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coach.agenda import _aware, open_topics
from coach.contracts import ReportTopic
from coach.store.tables import Person


def report_topics(session: Session, owner: str, person: Person) -> list[ReportTopic]:
    first = person.name.split()[0] if person.name.split() else person.name
    out = []
    for t in open_topics(session, owner, person.id, author="report"):
        added = _aware(t.created_at).date()
        out.append(ReportTopic(id=t.id, text=t.text, added=added,
                               label=f"{first} added on {added:%a %d %b}: {t.text}"))
    return out
