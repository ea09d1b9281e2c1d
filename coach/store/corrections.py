"""Stored thread corrections: find the ones that apply to a person's items, write new ones."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.engine.corrections import quote_hash
from coach.store.tables import Item, Meeting, Person, ThreadCorrection


def actions_for_person(session: Session, owner: str, person: Person) -> dict[int, str]:
    """item id -> action for ``person``'s thread items that a stored correction matches."""
    corrections = {
        (c.source_key, c.quote_hash): c.action
        for c in session.scalars(select(ThreadCorrection).where(
            ThreadCorrection.owner == owner, ThreadCorrection.person_key == person.name_key))
    }
    if not corrections:
        return {}
    stmt = (select(Item.id, Item.quote, Meeting.source_key)
            .join(Meeting, Meeting.id == Item.meeting_id)
            .where(Item.owner == owner, Item.person_id == person.id, Item.state != "info"))
    out: dict[int, str] = {}
    for item_id, quote, source_key in session.execute(stmt):
        action = corrections.get((source_key, quote_hash(quote)))
        if action is not None:
            out[item_id] = action
    return out


def store_correction(session: Session, owner: str, item: Item, action: str | None) -> None:
    """Record ``action`` for the line ``item`` is (None: forget any correction of it)."""
    person = session.get(Person, item.person_id)
    meeting = session.get(Meeting, item.meeting_id)
    assert person is not None and meeting is not None
    key = (ThreadCorrection.owner == owner, ThreadCorrection.person_key == person.name_key,
           ThreadCorrection.source_key == meeting.source_key,
           ThreadCorrection.quote_hash == quote_hash(item.quote))
    session.execute(delete(ThreadCorrection).where(*key))
    if action is not None:
        session.add(ThreadCorrection(
            owner=owner, person_key=person.name_key, source_key=meeting.source_key,
            quote_hash=quote_hash(item.quote), quote=item.quote, action=action))
    session.flush()
