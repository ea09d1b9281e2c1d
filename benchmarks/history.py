"""Costs that must not grow with one person's history (issue 10), in a big store.

    .venv/bin/python benchmarks/history.py                     # 1,000 people x 100 meetings
    .venv/bin/python benchmarks/history.py --people 200        # quicker

Seeds a SQLite store in a throwaway COACH_HOME: ``--template`` people with ``--meetings``
weekly notes each go through the real ingest (extract, resolve, per-person state, hashing
embedder), then the store is grown to ``--people`` people by copying those rows under new
names with SQL (the same derived data, so seeding 100k notes takes seconds instead of the
~20 minutes a real import of that size takes), and the FAISS index is rebuilt from the stored
vectors. Then, for a person with ``--meetings`` meetings, it prints:

- add 1 note: ``Coach.add_notes`` of one more note (total, and the embed + FAISS part);
- brief, first of the day: the plan made from the stored history and the matcher facts kept
  at ingest; again the same day: the plan kept by the first; next day: made again;
- people: kept summaries, and the first call of a new day (warning signs recomputed);
- peak memory (maxrss).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import _IndexTimer, _maxrss_mb, _ms, _parsed, _pct  # noqa: E402
from corpus import corpus, extra_note  # noqa: E402

TODAY = dt.date(2026, 11, 24)
# Notes added one by one for "add 1 note" (a p95 over 5 was their maximum).
ADD_RUNS = 20


def _clone_people(coach, copies: int) -> None:  # type: ignore[no-untyped-def]
    """Copy every row of the owner's people (and their meetings, items, vectors, state)
    ``copies`` times under new names and ids, with INSERT ... SELECT."""
    from sqlalchemy import text

    from coach.store.tables import Base

    tables = Base.metadata.tables
    rename = {"name": "name || ' ' || :k", "name_key": "name_key || ' ' || :k",
              "source_key": "source_key || '#' || :k", "source": "source || '#' || :k"}
    shift = {
        "people": {"id": "pid"},
        "meetings": {"id": "mid", "person_id": "pid"},
        "items": {"id": "iid", "meeting_id": "mid", "person_id": "pid",
                  "closed_by_meeting_id": "mid"},
        "item_vectors": {"item_id": "iid"},
        "person_state": {"person_id": "pid"},
    }
    with coach.db.engine.begin() as conn:
        top = {t: conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {t}")).scalar() + 1
               for t in ("people", "meetings", "items")}
        offsets = {"pid": top["people"], "mid": top["meetings"], "iid": top["items"]}
        for k in range(1, copies + 1):
            params = {"k": str(k), **{name: off * k for name, off in offsets.items()}}
            for table, moves in shift.items():
                cols = [c.name for c in tables[table].columns]
                exprs = []
                for c in cols:
                    if c in moves:
                        exprs.append(f"{c} + :{moves[c]}")
                    elif table in ("people", "meetings") and c in rename:
                        exprs.append(rename[c])
                    else:
                        exprs.append(c)
                key = "id" if table in ("people", "meetings", "items") else cols[0]
                limit = {"people": "pid", "meetings": "mid", "items": "iid",
                         "item_vectors": "iid", "person_state": "pid"}[table]
                conn.execute(text(
                    f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                    f"FROM {table} WHERE {key} < :top_{limit}"),
                    {**params, f"top_{limit}": offsets[limit]})


def _shift_facts(data: dict, iid: int, mid: int) -> dict:  # type: ignore[type-arg]
    """A copied person's kept facts: the template's, with item and meeting ids shifted."""
    return {
        "fingerprint": data["fingerprint"], "last_date": data["last_date"],
        "repeats": [i + iid for i in data["repeats"]],
        "last_said": {str(int(k) + iid): v for k, v in data["last_said"].items()},
        "mentions": {str(int(k) + iid): [m + mid for m in v] for k, v in data["mentions"].items()},
        "continuity": {str(int(k) + iid): v for k, v in data["continuity"].items()},
        "item_ids": [i + iid for i in data["item_ids"]],
        "checkin_judged": {str(int(k) + iid): v for k, v in data["checkin_judged"].items()},
        "checkin": [i + iid for i in data["checkin"]],
    }


def _shift_health(data: dict, iid: int, mid: int) -> dict:  # type: ignore[type-arg]
    """A copied person's kept warning-sign inputs, with item and meeting ids shifted."""
    meetings = [[m[0] + mid, *m[1:7], [[it[0] + iid, *it[1:]] for it in m[7]]]
                for m in data["meetings"]]
    return {**data, "meetings": meetings,
            "continuity": {str(int(k) + iid): v for k, v in data["continuity"].items()}}


def _fix_copied_facts(coach, template: int) -> None:  # type: ignore[no-untyped-def]
    """Copies carry their template's facts with the template's ids: shift them and take the
    fingerprint of the copy's own history, as if its ingest had computed them."""
    from sqlalchemy import func, select

    from coach.engine.memo import fingerprint
    from coach.store.repo import Repo
    from coach.store.tables import Item, Meeting, Person, PersonState

    with coach.db.session() as s:
        repo = Repo(s, coach.owner)
        people = sorted(repo.people(), key=lambda p: p.id)
        originals = {p.id: p for p in people[:template]}
        item_top = {p.id: s.scalar(select(func.min(Item.id)).where(Item.person_id == p.id))
                    for p in people}
        meet_top = {p.id: s.scalar(select(func.min(Meeting.id)).where(Meeting.person_id == p.id))
                    for p in people}
        for p in people[template:]:
            src = min(originals, key=lambda o: (p.name.rsplit(" ", 1)[0] != originals[o].name, o))
            src_row, row = s.get(PersonState, src), s.get(PersonState, p.id)
            assert src_row is not None and row is not None and src_row.facts
            shift = (item_top[p.id] - item_top[src], meet_top[p.id] - meet_top[src])
            facts = _shift_facts(src_row.facts, *shift)
            facts["fingerprint"] = fingerprint(repo.history(s.get(Person, p.id)))
            row.facts = facts
            assert src_row.health is not None
            row.health = _shift_health(src_row.health, *shift)


def _check_copies(coach, template: int) -> None:  # type: ignore[no-untyped-def]
    """Two copied people's kept facts and warning-sign inputs are exactly what their ingest
    would have computed (so the copies measure the real thing)."""
    from coach.engine.health import health_signals
    from coach.engine.memo import Facts, compute_facts
    from coach.engine.shape import metric_line
    from coach.extract.features import (
        is_injection_line,
        is_person_line,
        is_status_line,
        line_memo,
    )
    from coach.store import health_inputs
    from coach.store.repo import Repo
    from coach.store.tables import PersonState

    with coach.db.session() as s:
        repo = Repo(s, coach.owner)
        people = sorted(repo.people(), key=lambda p: p.id)
        for p in {people[template], people[-1]} if len(people) > template else set():
            row = s.get(PersonState, p.id)
            history = repo.history(p)
            facts = compute_facts(history)
            assert row is not None and row.facts is not None
            assert Facts.from_json(row.facts) == facts, p.name
            with line_memo() as memo:  # as write_summary records the per-line answers
                health_signals(history, TODAY)
            expected = health_inputs.to_json(history, facts.continuity, memo)
            assert row.health is not None and expected is not None
            kept, fresh = row.health.pop("lines"), expected.pop("lines")
            assert row.health == expected, p.name
            # the kept per-line answers are right (which lines are kept depends on caches)
            assert kept["digest"] == fresh["digest"]
            tests = {"p": is_person_line, "s": is_status_line, "m": metric_line,
                     "i": is_injection_line}
            assert all(tests[kind](text) == v for (kind, text), v
                       in health_inputs.memo_from_json(kept).items()), p.name


# Before the kept check-in lines, warning-sign inputs and memoized line work: this benchmark
# on a quiet moment of the shared 2-core machine (README "Long histories"), and CPU time of
# the same operations measured then on a loaded one. Printed beside each result.
BEFORE = {
    "add": "175-477 ms p50 over runs, CPU ~210 ms",
    "first": "p50 87-93 ms, p95 96-108 ms, CPU ~95-100 ms",
    "kept": "p50 0.8 ms, p95 0.9 ms",
    "people": "8-17 ms",
    "next": "p50 91-106 ms, p95 101-161 ms",
    "people_day": "7.2 s, CPU 9.2 s",
}


class _GcPauses:
    """Wall time of every full (generation 2) garbage collection until ``stop``."""

    def __init__(self) -> None:
        import gc

        self.times: list[float] = []
        self.during: list[int] = []  # which add each pass fell in
        self.current = 0
        self._start = 0.0
        self._gc = gc
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.times.append(time.perf_counter() - self._start)
            self.during.append(self.current)

    def stop(self) -> None:
        self._gc.callbacks.remove(self._cb)

    def summary(self) -> str:
        pairs = zip(self.times, self.during, strict=True)
        ms = ", ".join(f"{t * 1000:.0f} ms in add {i + 1}" for t, i in pairs)
        return f"{len(self.times)} ({ms})" if self.times else "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--meetings", type=int, default=100, help="meetings per person")
    parser.add_argument("--template", type=int, default=5,
                        help="people seeded through the real ingest (the rest are copies)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--gc-freeze", action="store_true",
                        help="collect and freeze the heap before the adds, as `coach serve` does")
    parser.add_argument("--warm-adds", type=int, default=0,
                        help="notes added to the person before the timed adds (a warm service)")
    args = parser.parse_args()

    from coach.config import Settings
    from coach.service import Coach

    home = Path(tempfile.mkdtemp(prefix="coach-bench-history-"))
    settings = Settings(home=home, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    coach = Coach(settings, today=TODAY)
    template = min(args.template, args.people)
    print(f"coach history benchmark: {args.people} people x {args.meetings} meetings "
          f"(SQLite, hashing embedder, home {home})", flush=True)
    start = time.perf_counter()
    report = coach.add_notes(_parsed(corpus(template * args.meetings, template)))
    seeded = time.perf_counter() - start
    assert report.ok, report.errors
    start = time.perf_counter()
    copies = args.people // template - 1
    _clone_people(coach, copies)
    _fix_copied_facts(coach, template)
    _check_copies(coach, template)
    coach.reindex()
    grown = time.perf_counter() - start
    from sqlalchemy import func, select

    from coach.store.tables import Item, Meeting, Person
    with coach.db.session() as s:
        n_people = s.scalar(select(func.count()).select_from(Person))
        n_notes = s.scalar(select(func.count()).select_from(Meeting))
        n_items = s.scalar(select(func.count()).select_from(Item))
    print(f"   store                   {n_people} people, {n_notes} notes, {n_items} items "
          f"(real ingest of {template * args.meetings} notes {seeded:.0f} s, copies + index "
          f"rebuild {grown:.0f} s)")
    coach.close()

    coach = Coach(settings, today=TODAY)
    coach.index.embedder.embed(["warm up"])
    person = corpus(template * args.meetings, template)[0]
    name = _parsed([person])[0][0].person
    coach.people()  # first call opens the store and checks versions
    # add: one more note for a person with --meetings meetings (a new note each time)
    # (CPU time is printed too: on a shared machine the wall clock mostly measures the others)
    if args.gc_freeze:  # as `coach serve` does once started (coach/service_gc.py)
        from coach.service_gc import settle

        settle()
    if args.warm_adds:  # a long-running service has served this person before
        for seed in range(args.warm_adds):
            coach.add_notes(_parsed([extra_note(100 + ADD_RUNS + seed)]))
    totals, index_parts, cpu = [], [], []
    pauses = _GcPauses()
    for seed in range(ADD_RUNS):
        timer = _IndexTimer()
        timer.install(coach.index)
        pauses.current = seed
        start, cpu0 = time.perf_counter(), time.process_time()
        coach.add_notes(_parsed([extra_note(100 + seed)]))
        totals.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu0)
        index_parts.append(timer.seconds)
    pauses.stop()
    print(f"   add 1 note              {_ms(totals)} (embed + FAISS part "
          f"p50 {_pct(index_parts, .5) * 1000:.1f} ms; CPU p50 {_pct(cpu, .5) * 1000:.0f}, p95 "
          f"{_pct(cpu, .95) * 1000:.0f} ms; {len(cpu)} notes)"
          f"   before: {BEFORE['add']}")
    print(f"     full GC passes during those adds: {pauses.summary()}; warm-up adds: "
          f"{args.warm_adds}; gc.freeze first: {'yes' if args.gc_freeze else 'no'}")
    # brief: the first of the day for each person (the plan is made from the stored history
    # and the matcher facts kept at ingest), then again (the plan kept by the first)
    names = [p.name for p in coach.people()][:: max(1, n_people // 20)][:20]
    names = [name, *[n for n in names if n != name][:19]]
    first, kept, cpu = [], [], []
    for runs in (first, kept):
        for who in names:
            start, cpu0 = time.perf_counter(), time.process_time()
            coach.brief(who)
            runs.append(time.perf_counter() - start)
            if runs is first:
                cpu.append(time.process_time() - cpu0)
    print(f"   brief, first of the day {_ms(first)} (CPU p50 {_pct(cpu, .5) * 1000:.0f}, p95 "
          f"{_pct(cpu, .95) * 1000:.0f} ms)   before: {BEFORE['first']}")
    print(f"   brief, again same day   {_ms(kept)}   before: {BEFORE['kept']}")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        coach.people()
        times.append(time.perf_counter() - start)
    print(f"   people, kept            {_ms(times)} for {n_people} people   "
          f"before: {BEFORE['people']}")
    # a new day: briefs and warning signs are recomputed (from the kept facts)
    tomorrow = Coach(settings, today=TODAY + dt.timedelta(days=1))
    cold, cpu = [], []
    for who in names:
        start, cpu0 = time.perf_counter(), time.process_time()
        tomorrow.brief(who)
        cold.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu0)
    print(f"   brief, next day         {_ms(cold)} (CPU p50 {_pct(cpu, .5) * 1000:.0f}, p95 "
          f"{_pct(cpu, .95) * 1000:.0f} ms)   before: {BEFORE['next']}")
    later = Coach(settings, today=TODAY + dt.timedelta(days=2))
    later.db  # noqa: B018 - open the store outside the timing
    start, cpu0 = time.perf_counter(), time.process_time()
    later.people()
    day_s, day_cpu = time.perf_counter() - start, time.process_time() - cpu0
    start = time.perf_counter()
    later.people()
    again_s = time.perf_counter() - start
    print(f"   people, first of a day  {day_s * 1000:.0f} ms for {n_people} people (warning signs "
          f"recomputed; CPU {day_cpu * 1000:.0f} ms), then {again_s * 1000:.0f} ms   "
          f"before: {BEFORE['people_day']}")
    print(f"   peak memory (maxrss)    {_maxrss_mb():.0f} MB")
    for c in (coach, tomorrow, later):
        c.close()
    if not args.keep:
        shutil.rmtree(home, ignore_errors=True)  # ~2 GB at 100k notes


if __name__ == "__main__":
    main()
