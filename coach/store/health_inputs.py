"""The warning signs' inputs, kept at ingest, so a new day's ``coach people`` reads no history.

Warning signs depend on the day (a rate over the last weeks, the gap since the last 1:1, how
long a dropped thing has waited), so the first ``coach people`` of a day recomputes them for
everyone. On any day on or after a person's last note they read only a tail of the history:
the 1:1s of the last ``KEEP_DAYS`` before that note and the newest ``KEEP_HELD`` held ones
(see ``coach/store/person_state.py`` ``health_history``, which reads the same tail for one
person from the tables), plus the continuity facts of those lines. That tail is written with
the person's summary (``person_state.health``) and the signs of a new day are
``health_signals`` of it: the same function over the same records, so the same signs
(tests/state/test_health_inputs.py checks this against the whole history, day by day).

Only what the signs read is kept: dates, status, focus, features and the lines of each 1:1
(a note's body only as its first line, which is all the ``gap`` evidence quotes). Speed only:
the answers the signs got from the per-line tests (``is_person_line``, ``is_status_line``,
``metric_line``, ``is_injection_line``: coach/extract/features.py ``line_memo``) when the
summary was written are kept too, with a digest of their code, and seed the memo of a later
day's recomputation (the same answers, without re-running those regexes; a different digest:
recomputed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from coach.contracts import FocusArea, ItemKind, MeetingStatus, Party
from coach.history import History, ItemRecord, MeetingRecord, days_before

FORMAT = 1


def keep_window() -> tuple[int, int]:
    """(days before the last note, newest held 1:1s) the warning signs can read on any day
    on or after the last note."""
    from coach.engine.continuity import CONTINUITY_WINDOW_DAYS
    from coach.engine.gap import GAP_RHYTHM_INTERVALS
    from coach.engine.health import (
        CANCEL_WINDOW_DAYS,
        NO_PERSON_RUN,
        RECENT_HELD,
        SAMENESS_RUN,
        STALLED_HELD,
    )
    from coach.store.person_state import HEALTH_HELD, HEALTH_WINDOW_DAYS

    days = max(CONTINUITY_WINDOW_DAYS, CANCEL_WINDOW_DAYS, HEALTH_WINDOW_DAYS)
    held = max(RECENT_HELD, SAMENESS_RUN, NO_PERSON_RUN, STALLED_HELD, HEALTH_HELD,
               GAP_RHYTHM_INTERVALS + 1)
    return days, held


def tail(history: History) -> list[MeetingRecord]:
    """The meetings of ``history`` any later day's warning signs read (see module doc)."""
    if not history.meetings:
        return []
    days, n_held = keep_window()
    since = days_before(history.meetings[-1].date, days)
    newest_held = {m.id for m in history.held[-n_held:]}
    return [m for m in history.meetings if m.date >= since or m.id in newest_held]


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "")


def _val(x: Any) -> Any:
    return None if x is None else x.value


# The per-line answers kept (coach/extract/features.py ``line_memo``): a line about the person,
# a status line, a measurement line (coach/engine/shape.py ``metric_line``), an injection.
KINDS = ("p", "s", "m", "i")
# Where those tests live besides coach/extract (the digest covers their code).
_LINE_TEST_FILES = ("engine/shape.py",)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A short hash of what the per-line answers come from: the extraction code (coach/extract),
    the other line tests' modules and the engine version, which covers the rule files those
    line tests read."""
    from coach.engine.version import engine_version

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(engine_version().encode())
    paths = [*sorted((root / "extract").rglob("*.py")), *(root / f for f in _LINE_TEST_FILES)]
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def memo_to_json(memo: dict[tuple[str, str], bool]) -> dict[str, Any]:
    """Kept per-line answers: {"digest", "t": {text: flags}}, one flag per kind of ``KINDS``
    in that order: "1" yes, "0" no, "-" not asked (compact: each text is written once)."""
    flags: dict[str, list[str]] = {}
    for (kind, text), value in memo.items():
        if kind in KINDS:
            got = flags.get(text)
            if got is None:
                got = flags[text] = ["-"] * len(KINDS)
            got[KINDS.index(kind)] = "1" if value else "0"
    return {"digest": code_digest(), "t": {text: "".join(f) for text, f in flags.items()}}


def memo_from_json(data: dict[str, Any] | None) -> dict[tuple[str, str], bool]:
    """The kept per-line answers as a ``line_memo`` seed (empty when made by other code)."""
    if not data or data.get("digest") != code_digest() or "t" not in data:
        return {}
    memo: dict[tuple[str, str], bool] = {}
    for text, flags in data["t"].items():
        for kind, flag in zip(KINDS, flags, strict=False):
            if flag != "-":
                memo[(kind, text)] = flag == "1"
    return memo


def kept_answers(data: dict[str, Any] | None) -> dict[tuple[str, str], bool]:
    """The per-line answers kept in a person's inputs ``data`` (a ``line_memo`` seed)."""
    return memo_from_json(data.get("lines")) if data else {}


def to_json(history: History, continuity: dict[int, Any],
            memo: dict[tuple[str, str], bool] | None = None) -> dict[str, Any] | None:
    """The kept inputs of ``history`` (thread states current) and its continuity facts, and
    the per-line answers ``memo`` recorded while its warning signs were computed."""
    meetings = tail(history)
    if not meetings:
        return None
    ids = {it.id for m in meetings for it in m.items}
    # the features' names once (every 1:1 has the same ones), each 1:1 only their values
    keys = list(meetings[-1].features)
    out = {
        "format": FORMAT,
        "last_date": history.meetings[-1].date.isoformat(),
        "feature_keys": keys,
        "meetings": [
            [m.id, m.date.isoformat(), m.status.value, _first_line(m.body), _val(m.focus),
             _val(m.focus_inferred), _features_out(m.features, keys),
             [[it.id, it.line_no, it.kind.value, None if it.text == it.quote else it.text,
               it.quote, _val(it.party), it.private, it.checkbox, it.state]
              for it in m.items]]
            for m in meetings],
        "continuity": {str(k): [f.echo_earlier, [d.isoformat() for d in f.seen], f.handled]
                       for k, f in continuity.items() if k in ids},
    }
    if memo is not None:
        out["lines"] = memo_to_json(_with_tail_lines(history.person, meetings, memo))
    return out


def _features_out(features: dict[str, Any], keys: list[str]) -> list[Any] | dict[str, Any]:
    """A 1:1's features as values in the order of ``keys`` when it has exactly those, in that
    order (else as written: a 1:1 stored by older code may have other ones)."""
    return [features[k] for k in keys] if list(features) == keys else features


def _with_tail_lines(person: str, meetings: list[MeetingRecord],
                     memo: dict[tuple[str, str], bool]) -> dict[tuple[str, str], bool]:
    """The answers for every shared line of the kept meetings as the signs ask (a line as
    written, and as the person's own view of it), from ``memo`` or computed (a process-wide
    cache in the engine may have answered some without asking when the signs were computed);
    only those, so the kept answers do not grow with the history."""
    from coach.engine.personal_view import personal_view
    from coach.engine.shape import metric_line
    from coach.extract.features import (
        is_injection_line,
        is_person_line,
        is_status_line,
        line_memo,
    )

    first = person.split()[0] if person.split() else person
    keys: set[tuple[str, str]] = set()
    with line_memo(memo) as full:
        for m in meetings:
            for it in m.items:
                if not it.private:
                    view = personal_view(it.quote, first)
                    is_status_line(it.quote)
                    is_person_line(view)
                    metric_line(it.quote)
                    is_injection_line(it.quote)
                    keys.update((("s", it.quote), ("p", it.quote), ("p", view), ("m", it.quote),
                                 ("i", it.quote)))
    return {k: v for k, v in full.items() if k in keys}


# Enum members by value: a dict lookup is several times cheaper than calling the Enum.
_BY_VALUE: dict[Any, dict[str | None, Any]] = {
    cls: {None: None, **{e.value: e for e in cls}}
    for cls in (FocusArea, ItemKind, MeetingStatus, Party)}


def _enum(cls: Any, value: str | None) -> Any:
    return _BY_VALUE[cls][value]


_KINDS = _BY_VALUE[ItemKind]
_PARTIES = _BY_VALUE[Party]


def from_json(person_id: int, person: str, data: dict[str, Any]) -> History:
    """The tail as a History, with its continuity facts attached."""
    from coach.engine.continuity import ItemFacts
    from coach.engine.memo import Facts, attach_facts_unchecked

    day = dt.date.fromisoformat
    keys = data.get("feature_keys", [])
    meetings = []
    for mid, date, status, first, focus, inferred, features, items in data["meetings"]:
        # (positional: ItemRecord's fields id, meeting_id, line_no, kind, text, quote, party,
        # due, private, checkbox, state; the signs read no due date)
        meetings.append(MeetingRecord(
            id=mid, date=day(date), status=_enum(MeetingStatus, status), body=first,
            focus=_enum(FocusArea, focus), focus_inferred=_enum(FocusArea, inferred),
            features=features if isinstance(features, dict) else dict(zip(keys, features,
                                                                          strict=True)),
            items=[ItemRecord(iid, mid, line_no, _KINDS[kind], quote if text is None else text,
                              quote, _PARTIES[party], None, private, checkbox, state)
                   for iid, line_no, kind, text, quote, party, private, checkbox, state in items]))
    history = History(person_id, person, meetings)
    continuity = {int(k): ItemFacts(bool(e), [day(d) for d in seen], bool(h))
                  for k, (e, seen, h) in data["continuity"].items()}
    attach_facts_unchecked(history, Facts(0, day(data["last_date"]), set(), {}, {},
                                          continuity, set()))
    return history


def signs(person_id: int, person: str, data: dict[str, Any] | None, today: dt.date
          ) -> list[str] | None:
    """The warning signs on ``today`` from the kept inputs; None when they do not apply (none
    kept, another format, or a day before the last note)."""
    from coach.engine.health import health_signals
    from coach.extract.features import line_memo

    if not data or data.get("format") != FORMAT or today < dt.date.fromisoformat(
            data["last_date"]):
        return None
    history = from_json(person_id, person, data)
    with line_memo(kept_answers(data)):
        return [h.signal.value for h in health_signals(history, today)]
