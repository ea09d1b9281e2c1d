"""Storing one note inside an import batch without risking the others.

Each note is written in its own SAVEPOINT. Input is validated before it gets here
(coach/notes/limits.py), so a refusal by the database is unexpected; when it happens the note
is reported with its source and the database's error class, the savepoint is rolled back, and
the rest of the batch commits. A unique-key conflict with a concurrent writer (another import
creating the same person or meeting) is retried once, after which the other row is visible.
Error text never carries the note's words or SQL.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from coach.errors import BadInput, describe_db_error

if TYPE_CHECKING:
    from coach.notes.parse import ParsedNote
    from coach.store.repo import Repo
    from coach.store.tables import Meeting

log = logging.getLogger("coach.ingest")


def store_in_savepoint(
    session: Session, repo: Repo, note: ParsedNote, key: str, report: Any
) -> tuple[Meeting, str, list[int], int | None] | None:
    """Store ``note`` as meeting ``key`` in a savepoint.

    Returns (meeting, change, ids of the items it replaced, person id it had before), or
    None when the note could not be stored; then ``report.errors`` says why.
    """
    from coach.service import store_note

    for attempt in (1, 2):
        try:
            with session.begin_nested():
                existing = repo.find_meeting(note, key)
                old_ids: list[int] = []
                old_person: int | None = None
                if existing is not None and existing.content_hash != note.content_hash:
                    old_ids = [i.id for i in existing.items]
                    old_person = existing.person_id
                meeting, change = store_note(repo, note, key, existing)
            return meeting, change, old_ids, old_person
        except IntegrityError as exc:
            repo.forget_people()  # a person made in the rolled-back savepoint is gone
            if attempt == 1:  # a concurrent writer won a unique key: its row is there now
                log.info("retrying %s after a unique-key conflict", note.source)
                continue
            report.errors.append(f"{note.source}: could not be stored ({describe_db_error(exc)})")
        except BadInput as exc:
            repo.forget_people()
            report.errors.append(exc.render())
        except (DBAPIError, SQLAlchemyError) as exc:
            repo.forget_people()
            report.errors.append(f"{note.source}: could not be stored ({describe_db_error(exc)})")
        return None
    return None
