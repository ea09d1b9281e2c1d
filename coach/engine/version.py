"""The version of the rules and models that derive items, features and thread states.

Derived rows record ``engine_version()``; when it changes (a new ENGINE_VERSION, or any file
under ``coach/rules/`` edited), the next run re-derives them from the stored note text, as the
vector index is rebuilt when the embedding model changes.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

# Bump when extraction or thread-resolution code changes what it derives from the same text.
# 2: rules as data, time-bound threads, issue-8 fixes; 3: table rows are lines;
# 4: general passed-event dates, owner shorthand, actions labels, same-note restated commitments
ENGINE_VERSION = "4"
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def rules_digest(folder: Path = RULES_DIR) -> str:
    """A short hash of every file (path and bytes) under ``folder``; "" when there is none."""
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def compute_version(base: str = ENGINE_VERSION, folder: Path = RULES_DIR) -> str:
    digest = rules_digest(folder)
    return f"{base}+{digest}" if digest else base


@lru_cache(maxsize=1)
def engine_version() -> str:
    """ENGINE_VERSION plus the rules digest, e.g. ``1+3fa2c9d01b7e`` (computed once)."""
    return compute_version()
