"""What the manager's pages say about a thread (local mode, no login)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from coach.api.app import create_app
from tests.web.conftest import make_settings
from tests.web.helpers import add_note


def test_a_passed_event_is_shown_as_a_follow_up(tmp_path) -> None:
    """issue 8: "summit talk is thurs, he's a bit nervous" weeks later is something to ask
    about, and the person page says so instead of listing it as a plain open worry."""
    app = create_app(make_settings(tmp_path), loopback=True)
    with TestClient(app) as c:
        pid = add_note(c, "Sam Lee", "2026-11-10",
                       "- summit talk is thurs 12 nov, he's a bit nervous\n"
                       "- I'll send Sam the Q4 roadmap by Friday\n")
        page = c.get(f"/people/{pid}").text
    assert "Ask how the summit talk went" in page
    assert "follow-up · concern" in page
    assert "follow-up · commitment" not in page  # commitments never become follow-ups
