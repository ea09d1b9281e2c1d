"""Finding the note files of a folder for ``coach import``.

Symbolic links are followed (a notes folder may link in another), but a link that points
nowhere or back into a folder already being walked is reported, never skipped silently.
"""

from __future__ import annotations

import os
from pathlib import Path

NOTE_SUFFIXES = {".md", ".markdown", ".txt"}


def find_note_files(folder: Path) -> tuple[list[Path], list[str]]:
    """(note files under ``folder``, sorted; problems as "path: reason")."""
    files: list[Path] = []
    problems: list[str] = []
    seen_dirs: set[str] = set()

    def on_error(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot read folder: {exc.strerror}")

    for root, dirnames, filenames in os.walk(folder, followlinks=True, onerror=on_error):
        real = os.path.realpath(root)
        if real in seen_dirs:  # reached again through a link: a loop or a duplicate
            problems.append(f"{root}: symbolic link loop (already imported as {real}); skipped")
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            sub = os.path.join(root, name)
            if os.path.islink(sub) and os.path.realpath(sub) in seen_dirs | {real}:
                problems.append(f"{sub}: symbolic link to a folder already imported (a loop); "
                                "skipped")
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name.startswith("."):
                continue
            path: Path = Path(root, name)
            if path.suffix.lower() not in NOTE_SUFFIXES:
                continue
            if path.is_symlink() and not path.exists():
                problems.append(f"{path}: broken symbolic link (points to "
                                f"{os.readlink(path)}); skipped")
                continue
            if path.is_file():
                files.append(path)
    return sorted(files), problems
