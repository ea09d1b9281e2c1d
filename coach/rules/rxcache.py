"""Compiled rule regexes kept on disk between one-shot commands (speed only).

Compiling the rule regexes is most of what a cold ``coach add`` spends on rules: Python's
``re`` parses and translates each pattern in Python code (~0.1 s for the rules an add uses,
more on a busy machine), and a compiled pattern cannot be pickled. What it translates a
pattern into is plain data (the ``_sre`` program: a list of ints, the flags and the group
names), so the CLI keeps that data in ``COACH_HOME/cache`` and the next process builds the
pattern from it with ``_sre.compile`` in microseconds.

Exactness: an entry is stored only after the pattern built from it compared equal to the one
``re.compile`` gave (``re.Pattern`` equality compares the pattern, the flags and the whole
program), and entries are used only by the same Python build (``_sre.MAGIC`` and the
version are in the file). Anything unexpected (another Python, a damaged or foreign file, a
private ``re`` API that moved) falls back to ``re.compile``. Without ``use`` (tests, library
use, ``coach serve`` after its first requests) nothing is read or written.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

try:
    from _sre import MAGIC as _MAGIC
except ImportError:  # not CPython: the cache is never used (see ``_program``)
    _MAGIC = 0
_TAG = f"{sys.version}|{_MAGIC}"
_MAX_BYTES = 16 << 20  # a cache bigger than this is not ours: ignore it

_path: Path | None = None
_entries: dict[tuple[str, int], tuple[Any, ...]] | None = None
_dirty = False


def use(path: Path) -> None:
    """Read and keep compiled patterns in ``path`` for the rest of this process."""
    global _path
    if _path is None:
        atexit.register(save)
    _path = path


def compile_rule(pattern: str, flags: int) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the kept program when there is one."""
    if _path is None:
        return re.compile(pattern, flags)
    entries = _load()
    key = (pattern, int(flags))
    args = entries.get(key)
    if args is not None:
        try:
            return _build(pattern, args)
        except Exception:  # noqa: BLE001 - a bad entry is only a cache miss
            entries.pop(key, None)
    got = re.compile(pattern, flags)
    args = _program(pattern, int(flags))
    if args is not None and _same(pattern, args, got):
        global _dirty
        entries[key] = args
        _dirty = True
    return got


def save() -> None:
    """Write the kept programs if this process added any (atomically; errors ignored)."""
    global _dirty
    if _path is None or _entries is None or not _dirty:
        return
    try:
        data = marshal.dumps({"tag": _TAG, "entries": _entries})
        _path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=_path.parent, prefix=".regex-", suffix=".tmp")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, _path)
        _dirty = False
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _load() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _entries
    if _entries is None:
        _entries = {}
        try:
            assert _path is not None
            if _path.stat().st_size <= _MAX_BYTES:
                data = marshal.loads(_path.read_bytes())
                if isinstance(data, dict) and data.get("tag") == _TAG and isinstance(
                        data.get("entries"), dict):
                    _entries = data["entries"]
        except (OSError, EOFError, ValueError, TypeError):
            pass
    return _entries


def _build(pattern: str, args: tuple[Any, ...]) -> re.Pattern[str]:
    import _sre

    flags, code, groups, groupindex, indexgroup = args
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _program(pattern: str, flags: int) -> tuple[Any, ...] | None:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` (None: this Python's ``re``
    is not the one this was written against)."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (int(flags | parsed.state.flags), code, int(parsed.state.groups - 1),
                groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - another Python: no cache, same patterns
        return None


def _same(pattern: str, args: tuple[Any, ...], want: re.Pattern[str]) -> bool:
    try:
        got = _build(pattern, args)
    except Exception:  # noqa: BLE001
        return False
    return (got == want and got.groups == want.groups
            and dict(got.groupindex) == dict(want.groupindex))
