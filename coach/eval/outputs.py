"""Produce the outputs of one scenario: a fresh Coach per scenario, notes imported, then the
brief, the answers, the summaries and (for injection scenarios) a control brief.

Everything that fails is recorded as an error string on ``Observed``, never raised: one broken
scenario must not stop the suite, and the graders report the error as the reason.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
import shutil
import tempfile
import traceback
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.contracts import Summary
from coach.eval.graders.base import find_phrases, norm
from coach.eval.observed import AskRun, NoteView, Observed
from coach.eval.scenario import Scenario
from coach.history import History
from coach.notes.parse import split_lines


def _err(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, NotImplementedError | ImportError | ModuleNotFoundError):
        tb = traceback.extract_tb(exc.__traceback__)
        if tb:
            last = tb[-1]
            text += f" (at {Path(last.filename).name}:{last.lineno})"
    return text


def make_settings(home: Path, backend: str, embedder: str) -> Settings:
    """Settings for a throwaway coach: environment LLM settings apply, storage does not."""
    values: dict[str, Any] = {"home": home, "database_url": None, "embedder": embedder,
                              "llm": backend, "smtp_host": None, "today": None}
    return Settings(**values)


def make_coach(home: Path, backend: str, embedder: str, today: dt.date) -> Any:
    from coach.service import Coach

    return Coach(make_settings(home, backend, embedder), today=today)


def stored_notes(coach: Any, notes_dir: Path) -> dict[int, NoteView]:
    """Every stored meeting of the coach's owner, as graders need them."""
    from sqlalchemy import select

    from coach.store.tables import Meeting, Person

    out: dict[int, NoteView] = {}
    with coach.db.session() as session:
        rows = session.execute(
            select(Meeting, Person.name).join(Person, Meeting.person_id == Person.id)
            .where(Meeting.owner == coach.owner)
        )
        for meeting, name in rows:
            src = Path(meeting.source)
            try:
                file = str(src.resolve().relative_to(notes_dir.resolve()))
            except ValueError:
                file = src.name
            private = tuple(ln.text for ln in split_lines(meeting.body) if ln.private)
            out[meeting.id] = NoteView(meeting.id, name, meeting.date, meeting.body, file, private)
    return out


def _history(coach: Any, person: str) -> History:
    from coach.store.repo import Repo

    with coach.db.session() as session:
        repo = Repo(session, coach.owner)
        return repo.history(repo.find_person(person))


def summarize(coach: Any, person: str, meeting_id: int, audience: str) -> Summary:
    """The summary of one meeting for ``audience``, through whichever API coach has.

    Preference: ``Coach.summarize(meeting_id, audience=)`` (the service layer, which applies
    the configured writer), then ``coach.summary.summarize``, then ``build_summary`` + the
    audience filter.
    Raises ``LookupError`` when no summary API is installed.
    """
    method = getattr(coach, "summarize", None)
    if callable(method):
        try:
            inspect.signature(method).bind(meeting_id, audience=audience)
        except TypeError:
            pass  # a different signature: use the library entry point below
        else:
            return method(meeting_id, audience=audience)
    try:
        pkg = importlib.import_module("coach.summary")
    except ImportError as exc:
        raise LookupError(f"coach.summary is not installed ({exc})") from None
    history = _history(coach, person)
    fn = getattr(pkg, "summarize", None)
    if callable(fn):
        return fn(history, meeting_id, audience=audience, today=coach.today)
    try:
        build = importlib.import_module("coach.summary.build").build_summary
    except (ImportError, AttributeError) as exc:
        raise LookupError(f"no summary builder in coach.summary ({exc})") from None
    full = build(history, meeting_id, coach.today)
    if audience == "manager":
        return full
    try:
        aud = importlib.import_module("coach.summary.audience")
    except ImportError as exc:
        raise LookupError(f"no report audience filter: coach.summary.audience ({exc})") from None
    for name in ("for_audience", "for_report", "report_version", "shared_version"):
        f = getattr(aud, name, None)
        if callable(f):
            return f(full, audience) if name == "for_audience" else f(full)
    raise LookupError("coach.summary.audience has no known filter function")


def _summary_meeting(scenario: Scenario, notes: dict[int, NoteView]) -> int | None:
    if scenario.summary is not None:
        for n in notes.values():
            if n.file == scenario.summary.note:
                return n.id
        return None
    mine = [n for n in notes.values() if norm(n.person) == norm(scenario.person)]
    return max(mine, key=lambda n: (n.date, n.id)).id if mine else None


NEUTRAL = "pasted text from the team doc"
_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+)?(?:\[[ xX]\]\s*)?")


def strip_injections(src: Path, dst: Path, phrases: list[str]) -> int:
    """Copy the notes with every line containing an injection phrase neutralised: the line
    keeps its bullet or quote marker (so the note keeps its shape and line count) and its text
    becomes a plain remark. Returns how many lines were replaced."""
    removed = 0
    for path in src.rglob("*"):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        out = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if find_phrases(line, phrases):
                removed += 1
                prefix = _PREFIX.match(line)
                out.append((prefix.group(0) if prefix else "") + NEUTRAL + "\n")
            else:
                out.append(line)
        target.write_text("".join(out), encoding="utf-8")
    return removed


def observe(scenario: Scenario, backend: str = "offline", embedder: str = "hashing") -> Observed:
    """Run coach on one scenario and record everything the graders need."""
    obs = Observed(backend=backend)
    tmp = Path(tempfile.mkdtemp(prefix="coach-eval-"))
    coach = make_coach(tmp / "home", backend, embedder, scenario.today)
    try:
        try:
            report = coach.import_dir(scenario.notes_dir)
        except Exception as exc:  # noqa: BLE001 - nothing else can run; every grader says why
            obs.brief_error = obs.summary_error = obs.control_error = f"import failed: {_err(exc)}"
            obs.answers = [AskRun(g.question, None, obs.brief_error) for g in scenario.ask]
            return obs
        if report.errors:
            obs.brief_error = f"import errors: {report.errors}"
        obs.notes = stored_notes(coach, scenario.notes_dir)
        try:
            obs.brief = coach.brief(scenario.person)
        except Exception as exc:  # noqa: BLE001 - recorded and graded as a failure
            obs.brief_error = _err(exc)
        for g in scenario.ask:
            try:
                obs.answers.append(AskRun(g.question, coach.ask(g.question)))
            except Exception as exc:  # noqa: BLE001
                obs.answers.append(AskRun(g.question, None, _err(exc)))
        meeting_id = _summary_meeting(scenario, obs.notes)
        if meeting_id is None:
            obs.summary_error = "no meeting of this person to summarise"
        else:
            try:
                obs.summary_manager = summarize(coach, scenario.person, meeting_id, "manager")
                obs.summary_report = summarize(coach, scenario.person, meeting_id, "report")
            except LookupError as exc:
                obs.summary_error = f"not available: {exc}"
            except Exception as exc:  # noqa: BLE001
                obs.summary_error = _err(exc)
        if scenario.injection_phrases:
            obs.control_brief, obs.control_error = _control(scenario, tmp, backend, embedder)
    finally:
        coach.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return obs


def _control(scenario: Scenario, tmp: Path, backend: str, embedder: str) -> tuple[Any, Any]:
    notes = tmp / "control-notes"
    removed = strip_injections(scenario.notes_dir, notes, scenario.injection_phrases)
    if not removed:
        return None, "no note line contains the injection phrases"
    coach = make_coach(tmp / "control-home", backend, embedder, scenario.today)
    try:
        coach.import_dir(notes)
        return coach.brief(scenario.person), None
    except Exception as exc:  # noqa: BLE001
        return None, _err(exc)
    finally:
        coach.close()
