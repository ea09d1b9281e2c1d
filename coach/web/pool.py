"""One ``Coach`` per owner on a shared database: each manager's reads stay scoped to them."""

from __future__ import annotations

import threading
from functools import cached_property

from coach.config import Settings
from coach.service import Coach
from coach.store.db import Database


class CoachPool:
    def __init__(self, settings: Settings, coach: Coach | None = None):
        self.settings = settings
        self._lock = threading.Lock()
        self._by_owner: dict[str, Coach] = {}
        if coach is not None:
            self._by_owner[coach.owner] = coach

    @cached_property
    def db(self) -> Database:
        for coach in self._by_owner.values():
            return coach.db
        return Database(self.settings.resolved_database_url)

    def for_owner(self, owner: str) -> Coach:
        with self._lock:
            coach = self._by_owner.get(owner)
            if coach is None:
                coach = Coach(self.settings.model_copy(update={"owner": owner}))
                coach.__dict__["db"] = self.db  # one engine for every owner
                self._by_owner[owner] = coach
            return coach

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
