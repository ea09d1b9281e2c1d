"""Build the manager's full summary of one meeting from a relationship's ``History``.

Pure: no SQL, no SMTP. Everything in the summary cites a line of a real note (``Source``), and
carries a ``private`` flag; ``coach.summary.audience`` is what turns this full version into
the report's shared version. The offline wording here is the line's own text; a writer (an
LLM, later) may reword it through the ``write_summary`` seam in ``coach.summary``.
"""

from __future__ import annotations

import datetime as dt
import re

from coach.contracts import (
    ActionItem,
    FocusArea,
    HealthSignal,
    ItemKind,
    Party,
    Point,
    Summary,
    Thread,
)
from coach.extract.items import NAMED_START
from coach.extract.owner import thread_owner
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import NoteLine, split_lines
from coach.summary.audience import private_line_numbers
from coach.summary.owners import (
    label_owner,
    lead_owner,
    named_owner,
    segments,
    with_context,
    written_owner,
)
from coach.summary.sections import action_labels, is_label, table_rows
from coach.summary.still_owed import still_owed_lines
from coach.summary.suggest import suggestion_for

MAX_KEY_POINTS = 12
_NOT_ACTIONS = frozenset({ItemKind.concern, ItemKind.request, ItemKind.growth, ItemKind.closure})

_DECISION = re.compile(
    r"\b(decided|decision|agreed|agree(?:s|d)? to|we'?ll go with|we will go with|going with|"
    r"settled on|signed off)\b",
    re.I,
)
# "nothing is decided", "not agreed yet", "no decision": said of something still open
_NOT_DECIDED = re.compile(
    r"\b(?:nothing|not|never|no|isn't|wasn't|hasn't been|haven't|yet to be)\s+(?:\w+\s+)?"
    r"(?:decided|agreed|settled|signed off|decision)\b|\bundecided\b",
    re.I,
)
_MANAGER_OWNER = re.compile(r"^(?:i\b|i'll\b|i will\b|i'm\b|me\b|my\b|manager\b)", re.I)
_REPORT_OWNER = re.compile(r"^(?:they|he|she)(?:'ll|\s+will|\s+to|\b)", re.I)


def _is_decision(text: str) -> bool:
    return _DECISION.search(text) is not None and _NOT_DECIDED.search(text) is None


def meeting_lines(meeting: MeetingRecord) -> list[NoteLine]:
    """The meeting's lines as the parser sees them (private flags re-derived from the body)."""
    return split_lines(meeting.body)


def _before_or_at(history: History, meeting: MeetingRecord) -> list[MeetingRecord]:
    order = {m.id: i for i, m in enumerate(history.meetings)}
    cut = order[meeting.id]
    return [m for m in history.meetings if order[m.id] <= cut]


def guess_owner(text: str, person: str, checkbox: bool = False) -> Party:
    """Who owes an action when the extractor gave no party: "I'll…" is the manager, and so is
    a to-do box the notes' writer ticks without naming anyone ("[x] SCO alarm logged")."""
    stripped = text.strip().lstrip("@").strip()
    if _MANAGER_OWNER.match(stripped):
        return Party.manager
    if checkbox and not NAMED_START.match(stripped):  # a to-do box naming nobody
        return Party.manager
    names = {n.casefold() for n in person.split()[:1]} | {person.casefold()}
    head = stripped.casefold()
    if any(head.startswith(n) for n in names if n) or _REPORT_OWNER.match(stripped):
        return Party.report
    return Party.other


def _thread(item: ItemRecord, meeting: MeetingRecord, closer: MeetingRecord | None,
            status: str, hidden: set[int]) -> Thread:
    closed_by = None
    if closer is not None and item.closed_quote:
        closed_by = closer.source(item.closed_quote)
    elif status == "closed" and item.checkbox == "done":
        closed_by = meeting.source(item.quote)
    return Thread(
        id=item.id, text=item.text, kind=item.kind,
        owner=thread_owner(item.kind, item.party, item.text),
        status=status, since=meeting.date, due=item.due,
        private=item.private or item.line_no in hidden,
        source=meeting.source(item.quote), closed_by=closed_by,
    )


def _threads(history: History, meeting: MeetingRecord) -> tuple[list[Thread], list[Thread]]:
    """(still open after ``meeting``, closed in ``meeting``), as of that meeting."""
    visible = _before_or_at(history, meeting)
    position = {m.id: i for i, m in enumerate(history.meetings)}
    here = position[meeting.id]
    by_id = {m.id: m for m in history.meetings}
    carried: list[Thread] = []
    closed: list[Thread] = []
    for m in visible:
        hidden = private_line_numbers(m)
        for item in m.items:
            if not item.is_thread:
                continue
            closer = by_id.get(item.closed_by_meeting_id) if item.closed_by_meeting_id else None
            if item.state == "closed" and closer is None and item.checkbox == "done":
                closer_pos = position[m.id]  # ticked in its own meeting
            elif item.state == "closed" and closer is not None:
                closer_pos = position[closer.id]
            elif item.state == "closed":
                closer_pos = position[m.id]  # closed, closer unknown: treat as closed then
            else:
                closer_pos = None
            if closer_pos is not None and closer_pos == here and m.id != meeting.id:
                closed.append(_thread(item, m, closer, "closed", hidden))
            elif closer_pos is None or closer_pos > here:
                carried.append(_thread(item, m, None, "open", hidden))
    return carried, closed


def build_summary(history: History, meeting_id: int, today: dt.date | None = None) -> Summary:
    """The manager's full summary of ``meeting_id`` (private lines included, flagged)."""
    meeting = history.meeting(meeting_id)
    items_by_line: dict[int, list[ItemRecord]] = {}
    for item in meeting.items:
        items_by_line.setdefault(item.line_no, []).append(item)

    carried, closed = _threads(history, meeting)
    closing_quotes = [t.closed_by.quote for t in closed if t.closed_by]
    hidden = private_line_numbers(meeting)
    key_points: list[Point] = []
    decisions: list[Point] = []
    actions: list[ActionItem] = []
    lines = meeting_lines(meeting)
    listed = action_labels(lines)  # under "Actions:", "## Next steps", "Her to-dos:"
    table, chrome = table_rows(lines)  # "| Action | Owner | Due |"
    still = still_owed_lines(history, meeting)  # "reset room meeting: not arranged yet"
    for line in lines:
        if is_label(line) or line.number in chrome:
            continue  # the heading line itself, or "Her topics:", "Actions:" on its own line
        items = items_by_line.get(line.number, [])
        kinds = {i.kind for i in items}
        private = line.private or line.number in hidden or any(i.private for i in items)
        source = meeting.source(line.text)
        in_list = line.number in listed or line.number in table
        # "Élodie: caravans write-up" under "Actions:": the owner leads, the rest is the action
        lead = named_owner(table[line.number], history.person) if line.number in table \
            else lead_owner(line.text, history.person) if in_list else None
        if in_list and lead is None and line.number not in table and (
                private or _is_decision(line.text)
                or kinds & _NOT_ACTIONS and ItemKind.commitment not in kinds) \
                and written_owner(line.text, history.person, certain=False) is None:
            in_list = False  # listed but no owner: "decided: ...", a private aside, a worry
        elif in_list and lead is None and line.number in listed \
                and (whose := label_owner(listed[line.number], history.person)) is not None:
            lead = (whose, True)  # "- book the trainer" under "Her actions:"
        if line.number in still and ItemKind.commitment not in kinds and not in_list:
            # an earlier promise said to be still undone: still owed, by whoever promised it
            actions.append(ActionItem(text=line.text, owner=still[line.number], due=None,
                                      done=False, source=source, private=private))
            continue
        parts = segments(line.text) if line.checkbox is None and lead is None else [line.text]
        if len(parts) > 1 and (any(written_owner(p, history.person) for p in parts)
                               or ItemKind.commitment not in kinds):
            # prose: "Dana is going to shadow... I owe her feedback... Facilities need to...";
            # with no action in it, each sentence its own key point or decision
            _split_line(with_context(line.text, parts, history.person), meeting,
                        history.person, private, items,
                        (actions, decisions, key_points))
            continue
        written = written_owner(line.text, history.person) or (
            lead[0] if lead is not None and lead[1] else None)
        if written is not None and kinds & _NOT_ACTIONS and ItemKind.commitment not in kinds \
                and not in_list:
            written = None  # "she'll be off in Dec" filed as a concern or request: not an action
        if ItemKind.commitment in kinds or line.checkbox is not None or written is not None \
                or in_list:
            owed = next((i for i in items if i.kind is ItemKind.commitment), None)
            # the owner as written ("me:", "-> P", "HR to") wins over a guess from the wording;
            # a capitalised word that may be a topic label ("Kev to", "Budget to") only fills in
            # where the extractor found no owner
            maybe = (lead[0] if lead is not None else None) or written_owner(
                line.text, history.person, certain=False)
            party = written or (owed.party if owed and owed.party and owed.party is not Party.other
                                else maybe or (owed.party if owed and owed.party
                                               else guess_owner(line.text, history.person,
                                                               line.checkbox is not None)))
            actions.append(ActionItem(
                text=line.text, owner=party, due=owed.due if owed else None,
                done=line.checkbox == "done" or (
                    owed is not None and owed.state == "closed"
                    and owed.closed_by_meeting_id in (None, meeting.id)  # as of this meeting
                ) or (line.number in table and kinds == {ItemKind.closure}),  # "| ... | done |"
                source=source, private=private,
            ))
        elif _is_decision(line.text):
            decisions.append(Point(text=line.text, source=source, private=private))
        elif any(q in line.text or line.text in q for q in closing_quotes):
            continue  # shown under "closed in this meeting", next to what it closed
        else:
            key_points.append(Point(text=line.text, source=source, private=private))

    upto = History(history.person_id, history.person, _before_or_at(history, meeting))
    health = _health(upto, meeting.date)
    return Summary(
        person=history.person, date=meeting.date, meeting_id=meeting.id, audience="manager",
        focus=meeting.effective_focus, title=meeting.title, key_points=key_points[:MAX_KEY_POINTS],
        decisions=decisions, action_items=actions, carried_forward=carried, closed=closed,
        suggestion=suggestion_for(upto, health), health=health,
    )


def _split_line(
    parts: list[tuple[str, str]], meeting: MeetingRecord, person: str, private: bool,
    items: list[ItemRecord], into: tuple[list[ActionItem], list[Point], list[Point]],
) -> None:
    """A prose line whose clauses carry owners: each clause is an action (with its written
    owner, and the due date and state of the commitment extracted from it), a decision or a
    key point, quoted as the slice of the line it is."""
    actions, decisions, key_points = into
    for part, clause in parts:
        owner = written_owner(clause, person)
        source = meeting.source(part)
        if owner is not None:
            owed = next((i for i in items if i.kind is ItemKind.commitment
                         and (i.quote in part or clause in i.quote)), None)
            done = owed is not None and owed.state == "closed" \
                and owed.closed_by_meeting_id in (None, meeting.id)
            actions.append(ActionItem(text=part, owner=owner, due=owed.due if owed else None,
                                      done=done, source=source, private=private))
        elif _is_decision(part):
            decisions.append(Point(text=part, source=source, private=private))
        else:
            key_points.append(Point(text=part, source=source, private=private))


def _health(history: History, today: dt.date) -> list[HealthSignal]:
    """Warning signs from the engine (coach.engine.health), tolerated while it is absent."""
    try:
        from coach.engine.health import health_signals
    except ImportError:
        return []
    return list(health_signals(history, today))


def focus_label(area: FocusArea | None) -> str:
    return area.value if area else "not set"
