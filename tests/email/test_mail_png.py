"""Render the summary email's HTML part to PNG with headless chromium: the artifact a person
looks at. Skipped with a reason when chromium is absent (CI installs it: .ci/run).

Set COACH_ARTIFACTS_DIR to keep the PNGs (e.g. to attach them to a CI run)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from test_mail_summary import history

from coach.email.render import render_summary
from coach.summary import summarize

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)


def _png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the raw (filtered) scanlines of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    return width, height, [raw[i * stride:(i + 1) * stride] for i in range(height)]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y "
                    "chromium); CI installs it to render the email to PNG")
@pytest.mark.parametrize("audience", ["manager", "report"])
def test_summary_email_renders_to_a_real_picture(audience: str, tmp_path: Path) -> None:
    rendered = render_summary(summarize(history(), 2, audience))
    page = tmp_path / f"summary-{audience}.html"
    page.write_text(rendered.html, encoding="utf-8")
    png = tmp_path / f"summary-{audience}.png"
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--no-first-run",
             f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=700,1100",
             f"--screenshot={png}", page.as_uri()],
            capture_output=True, text=True, timeout=90,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert png.exists(), proc.stderr[-2000:]
    data = png.read_bytes()
    width, height, rows = _png_rows(data)
    assert (width, height) == (700, 1100)
    # Non-trivial: many distinct scanlines (text, boxes), not a blank or single-colour page.
    distinct = len(set(rows))
    assert distinct > 150, f"only {distinct} distinct rows: the page looks empty"
    assert len(data) > 20_000
    keep = os.environ.get("COACH_ARTIFACTS_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
        shutil.copy(page, Path(keep) / page.name)
