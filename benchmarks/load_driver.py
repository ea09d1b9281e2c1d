"""The load generator: virtual managers, each with its own login, against a running server.

    python benchmarks/load_driver.py SPEC.json RESULT.json

Runs in its own process (so its peak memory is its own). SPEC.json (written by load.py) holds
the server URL, the bounds and, per manager, the email, password, API token, report names and
ids and a marker word. Each virtual manager logs in through the login form (its own session
cookie and CSRF cookie) and then, one request at a time like a person clicking, cycles through
the people page and API, a person's page and brief, ask (form and API) and note adds (form and
API), until the run's request budget or its time limit is spent, whichever comes first.

Every response is checked: the status, the shape, and that it belongs to its own manager: no
other manager's report name, email or marker word anywhere in it, the people list is exactly
the manager's reports, a brief is for the person asked about, every citation is one of theirs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REQUEST_TIMEOUT_S = 60.0
LAST_DAY = dt.date(2026, 11, 24)  # the server's COACH_TODAY (load_seed.TODAY)
QUESTIONS = (
    "what should I follow up on with {first}?",
    "what did {first} say about the {project}?",
    "anything open with {first}?",
    "who asked about promotion or pay?",
    "who is stressed or worried about a deadline?",
)
PROJECTS = ("billing rebuild", "gateway migration", "pricing page", "SSO rollout",
            "data pipeline", "mobile release")
# One cycle of a virtual manager: what a manager does in the app, in proportions.
CYCLE = ("people_page", "people_api", "brief_page", "brief_api", "ask_page", "brief_api",
         "ask_api", "brief_page", "add_api", "ask_api", "people_api", "add_page")
ENDPOINTS = {
    "people_page": "GET /", "people_api": "GET /api/people",
    "brief_page": "GET /people/{id}", "brief_api": "GET /api/people/{id}/brief",
    "ask_page": "POST /ask", "ask_api": "POST /api/ask",
    "add_page": "POST /notes", "add_api": "POST /api/notes",
}


class CheckFailed(Exception):
    """A response with the wrong status, shape or owner."""


@dataclass
class Budget:
    """One manager's bound: ``requests`` requests or until ``deadline``, whichever first."""

    requests: int
    deadline: float
    issued: int = 0

    def take(self) -> bool:
        if self.issued >= self.requests or time.monotonic() >= self.deadline:
            return False
        self.issued += 1
        return True


def budgets(total: int, managers: int, deadline: float) -> list[Budget]:
    """``total`` requests shared out evenly (each manager does its part, like a person)."""
    return [Budget(total // managers + (1 if i < total % managers else 0), deadline)
            for i in range(managers)]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_counts: dict[str, int] = field(default_factory=dict)
    logins: list[float] = field(default_factory=list)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if error is not None:
            self.fail(kind, error)

    def fail(self, kind: str, error: str) -> None:
        self.error_counts[kind] = self.error_counts.get(kind, 0) + 1
        if len(self.errors) < 50:
            self.errors.append(f"{ENDPOINTS.get(kind, kind)}: {error}")


class Leaks:
    """Finds, in one pass, any name, email or marker word of another manager in a text."""

    def __init__(self, managers: list[dict[str, Any]]):
        self.owner_of: dict[str, int] = {}
        for m in managers:
            for token in [*m["people"], m["email"], m["marker"]]:
                self.owner_of[token.casefold()] = m["index"]
        words = sorted(self.owner_of, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)

    def foreign(self, text: str, owner: int) -> list[str]:
        found = {hit.group(0) for hit in self.pattern.finditer(text)}
        return sorted(w for w in found if self.owner_of[w.casefold()] != owner)


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise CheckFailed(what)


class VirtualManager:
    """One manager: a logged-in browser session plus their API token."""

    def __init__(self, spec: dict[str, Any], url: str, leaks: Leaks, seed: int):
        self.spec = spec
        self.index: int = spec["index"]
        self.people: dict[str, int] = spec["people"]
        self.names = sorted(self.people)
        self.leaks = leaks
        self.rng = random.Random(seed)
        self.adds = 0
        self.step = self.rng.randrange(len(CYCLE))  # managers start at different points
        self.just_added: str | None = None  # first name of the last note added by the API
        self.fresh = [0, 0]  # asks right after an add, and how many cited the new note
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self.web = httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S, limits=limits)
        self.api = httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S, limits=limits,
                                     headers={"Authorization": f"Bearer {spec['token']}"})

    async def close(self) -> None:
        await self.web.aclose()
        await self.api.aclose()

    # --- checks ------------------------------------------------------------------------
    def _own(self, response: httpx.Response, status: int = 200) -> str:
        _need(response.status_code == status,
              f"status {response.status_code} (expected {status}): {response.text[:200]!r}")
        leaked = self.leaks.foreign(response.text, self.index)
        _need(not leaked, f"another manager's data in the response: {leaked[:5]}")
        return response.text

    def _csrf(self) -> str:
        token = self.web.cookies.get("coach_csrf")
        _need(bool(token), "no CSRF cookie")
        return str(token)

    # --- the session -------------------------------------------------------------------
    async def login(self) -> None:
        self._own(await self.web.get("/login"))
        r = await self.web.post("/login", data={
            "email": self.spec["email"], "password": self.spec["password"], "next": "/",
            "csrf": self._csrf()})
        _need(r.status_code == 303 and r.headers.get("location") == "/",
              f"login: status {r.status_code}, location {r.headers.get('location')!r}")
        _need(bool(self.web.cookies.get("coach_session")), "login: no session cookie")

    def _person(self) -> tuple[str, int]:
        name = self.rng.choice(self.names)
        return name, self.people[name]

    def _question(self) -> str:
        name, _ = self._person()
        return self.rng.choice(QUESTIONS).format(first=name.split()[0],
                                                 project=self.rng.choice(PROJECTS))

    async def do(self, kind: str) -> None:
        await getattr(self, kind)()

    async def people_page(self) -> None:
        html = self._own(await self.web.get("/"))
        missing = [n for n in self.names if n not in html]
        _need(not missing, f"people page without {missing[:3]}")

    async def people_api(self) -> None:
        r = await self.api.get("/api/people")
        self._own(r)
        got = {p["name"] for p in r.json()}
        _need(got == set(self.names), f"people {sorted(got)} != own {self.names}")

    async def brief_page(self) -> None:
        name, pid = self._person()
        html = self._own(await self.web.get(f"/people/{pid}"))
        _need(name in html, f"person page {pid} without {name!r}")

    async def brief_api(self) -> None:
        name, pid = self._person()
        r = await self.api.get(f"/api/people/{pid}/brief")
        self._own(r)
        _need(r.json().get("person") == name, f"brief {pid} is for {r.json().get('person')!r}, "
              f"not {name!r}")

    async def ask_page(self) -> None:
        self._own(await self.web.post("/ask", data={"question": self._question()},
                                      headers={"X-CSRF-Token": self._csrf()}))

    async def ask_api(self) -> None:
        """Right after an add (CYCLE), asks about the new note: whichever worker answers, it
        should cite it (counted in ``fresh``, not an error: retrieval may rank it lower)."""
        fresh, self.just_added = self.just_added, None
        question = (f"what did {fresh} say about the {self.spec['marker']} rollout?" if fresh
                    else self._question())
        r = await self.api.post("/api/ask", json={"question": question})
        self._own(r)
        citations = r.json()["citations"]
        cited = {c["person"] for c in citations}
        _need(cited <= set(self.names), f"ask cites {sorted(cited - set(self.names))}")
        if fresh:
            self.fresh[0] += 1
            self.fresh[1] += any(self.spec["marker"] in c["quote"] for c in citations)

    def _new_note(self) -> tuple[str, str, str]:
        """(person, date, text) of the next note: a new (person, day) pair each time, going
        back a day per round of people (a seeded note on that day is replaced: "updated")."""
        name = self.names[self.adds % len(self.names)]
        date = (LAST_DAY - dt.timedelta(days=self.adds // len(self.names))).isoformat()
        self.adds += 1
        first = name.split()[0]
        text = (f"{first} walked me through the {self.spec['marker']} rollout, on track.\n"
                f"- I'll review the {self.spec['marker']} plan by Friday\n"
                f"- {first} asked about the {self.rng.choice(PROJECTS)} timeline")
        return name, date, text

    async def add_api(self) -> None:
        name, date, text = self._new_note()
        r = await self.api.post("/api/notes", json={"text": text, "person": name, "date": date})
        self._own(r)
        body = r.json()
        _need(body.get("person") == name and body.get("change") in ("added", "updated"),
              f"note add answered {body}")
        self.just_added = name.split()[0]

    async def add_page(self) -> None:
        name, date, text = self._new_note()
        r = await self.web.post("/notes", data={
            "text": text, "person": name, "date": date, "status": "", "focus": "",
            "csrf": self._csrf()})
        _need(r.status_code == 303, f"note form: status {r.status_code}: {r.text[:200]!r}")
        target = r.headers.get("location", "")
        _need(target.startswith(f"/people/{self.people[name]}"),
              f"note form redirected to {target!r}, not {name!r}'s page")


async def _login(vm: VirtualManager, results: Results) -> bool:
    started = time.perf_counter()
    try:
        await vm.login()
    except (CheckFailed, httpx.HTTPError) as exc:
        results.fail("login", f"{type(exc).__name__}: {exc}")
        return False
    results.logins.append(time.perf_counter() - started)
    return True


async def _run_manager(vm: VirtualManager, budget: Budget, results: Results) -> None:
    while budget.take():
        kind = CYCLE[vm.step % len(CYCLE)]
        vm.step += 1
        t0 = time.perf_counter()
        error = None
        try:
            await vm.do(kind)
        except CheckFailed as exc:
            error = str(exc)
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            error = f"{type(exc).__name__}: {exc}"
        results.record(kind, time.perf_counter() - t0, error)


async def drive(url: str, managers: list[dict[str, Any]], requests: int,
                duration_s: float, warmup: int = 0) -> dict[str, Any]:
    """Log every manager in, run ``warmup`` requests (latencies dropped, errors kept), then
    every manager at once until ``requests`` requests or ``duration_s`` seconds."""
    leaks = Leaks(managers)
    vms = [VirtualManager(m, url, leaks, seed=m["index"]) for m in managers]
    warm, results = Results(), Results()
    try:
        logged_in = await asyncio.gather(*(_login(vm, results) for vm in vms))
        vms = [vm for vm, ok in zip(vms, logged_in, strict=True) if ok]
        if warmup:
            shares = budgets(warmup, len(vms), time.monotonic() + duration_s)
            await asyncio.gather(*(_run_manager(vm, b, warm)
                                   for vm, b in zip(vms, shares, strict=True)))
        started = time.monotonic()
        shares = budgets(requests, len(vms), started + duration_s)
        await asyncio.gather(*(_run_manager(vm, b, results)
                               for vm, b in zip(vms, shares, strict=True)))
        elapsed = time.monotonic() - started
    finally:
        for vm in vms:
            await vm.close()
    counts = dict(results.error_counts)
    for kind, n in warm.error_counts.items():
        counts[f"warm-up {kind}"] = n
    return {
        "url": url, "managers": len(managers), "elapsed_s": elapsed,
        "requests": sum(len(v) for v in results.latencies.values()),
        "warmup_requests": sum(len(v) for v in warm.latencies.values()),
        "stopped_by": "time" if any(b.issued < b.requests for b in shares) else "requests",
        "latencies": results.latencies, "logins": results.logins,
        "error_counts": counts, "errors": warm.errors + results.errors,
        "errors_total": sum(counts.values()),
        "fresh_asked": sum(vm.fresh[0] for vm in vms),
        "fresh_found": sum(vm.fresh[1] for vm in vms),
        "maxrss_mib": _peak_rss_mib(), "driver_cpu_s": time.process_time(),
    }


def _peak_rss_mib() -> float:
    """This process's peak RSS: VmHWM, which starts afresh at exec (ru_maxrss would carry
    the high-water mark of the process that started this one)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text())
    out = asyncio.run(drive(**spec))
    Path(argv[1]).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
