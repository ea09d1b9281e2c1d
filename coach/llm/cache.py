"""Response cache in the ``llm_cache`` table: the same prompt version, model and input cost
one call. Only answers that parsed as JSON are stored; failures are never cached."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from coach.llm.client import Completion
from coach.store.db import Database
from coach.store.tables import LLMCacheEntry


def cache_key(prompt_label: str, model: str, base_url: str | None, payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    input_hash = hashlib.sha256(f"{model}\n{base_url or ''}\n{blob}".encode()).hexdigest()
    return f"{prompt_label}:{input_hash}"[:128]


class LLMCache:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> Completion | None:
        with self.db.session() as session:
            row = session.get(LLMCacheEntry, key)
            if row is None:
                return None
            try:
                raw = json.loads(row.value)
                return Completion(
                    content=raw["content"], data=raw["data"], model=raw["model"],
                    mode=raw.get("mode", "cache"), tokens_in=int(raw.get("tokens_in", 0)),
                    tokens_out=int(raw.get("tokens_out", 0)), attempts=0, cached=True,
                )
            except (ValueError, KeyError, TypeError):
                return None  # a corrupt entry is a miss; put() overwrites it

    def put(self, key: str, completion: Completion) -> None:
        value = json.dumps({
            "content": completion.content, "data": completion.data, "model": completion.model,
            "mode": completion.mode, "tokens_in": completion.tokens_in,
            "tokens_out": completion.tokens_out,
        }, ensure_ascii=False)
        with self.db.session() as session:
            row = session.get(LLMCacheEntry, key)
            if row is None:
                session.add(LLMCacheEntry(key=key, value=value))
            else:
                row.value = value
