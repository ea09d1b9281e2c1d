"""Lines of a meeting that say an earlier promise is still not done: still action items.

"reset room meeting w/ SLT: not arranged yet. my bad", "pulse oximeter: i not order yet,
sorry", "rota: still haven't sent it": a manager restating what is owed, from an earlier 1:1,
as not done. Read alone the line has no action wording, yet the summary's reader needs it in
the action list, owed by whoever owed the promise it is about.
"""

from __future__ import annotations

from coach.contracts import ItemKind, Party
from coach.extract import lexicon as lx
from coach.extract.owner import thread_owner
from coach.history import History, ItemRecord, MeetingRecord


def still_owed_lines(history: History, meeting: MeetingRecord) -> dict[int, Party]:
    """Line number -> owner, for each line of ``meeting`` that comes back to a commitment made
    in an earlier meeting, still open after this one, and says it is not done yet."""
    from coach.engine.memo import matcher_for

    order = {m.id: i for i, m in enumerate(history.meetings)}
    here = order[meeting.id]
    by_line = {it.line_no: it for it in meeting.items}
    out: dict[int, Party] = {}
    matcher = None
    for m in history.meetings:
        if order[m.id] >= here:
            break
        for it in m.items:
            if it.kind is not ItemKind.commitment or not _open_after(history, it, here, order):
                continue
            owner = thread_owner(it.kind, it.party, it.text)
            if owner is None:
                continue
            matcher = matcher or matcher_for(history)
            for line in matcher.mentions(it.id):
                if line.meeting.id != meeting.id:
                    continue
                said = by_line.get(line.item.line_no)
                if (said is not None and said.kind not in (ItemKind.commitment, ItemKind.closure)
                        and lx.NOT_DONE.search(line.item.quote)):
                    out.setdefault(line.item.line_no, owner)
    return out


def _open_after(history: History, it: ItemRecord, here: int, order: dict[int, int]) -> bool:
    """The thread is open as of the meeting at position ``here``."""
    if it.state != "closed":
        return it.state == "open"
    if it.closed_by_meeting_id is None:
        return False
    return order.get(it.closed_by_meeting_id, -1) > here
