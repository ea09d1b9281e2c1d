"""Several managers, one server: manager B gets 404 for every one of manager A's ids, on every
page and API endpoint (randomized probes, fixed seed), and changes nothing of A's."""

from __future__ import annotations

import random
import re

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.service import Coach
from tests.web.conftest import add_users, make_settings
from tests.web.helpers import add_note, login, post, share_link

A, B = "ana@example.org", "ben@example.org"
NOTE = "- [ ] I'll send {who} the Q4 roadmap by Friday\n- {who} asked about the promo path\n"


@pytest.fixture
def two_managers(tmp_path, db_url):
    settings = make_settings(tmp_path, db_url)
    add_users(settings, [A, B])
    app = create_app(settings, loopback=False)
    with TestClient(app, base_url="https://testserver") as a, \
            TestClient(app, base_url="https://testserver") as b:
        login(a, A)
        login(b, B)
        yield app, a, b


def _ids(app, owner: str) -> dict[str, list[int]]:
    from sqlalchemy import select

    from coach.store.tables import AgendaTopic, Item, Meeting, Person

    with app.state.pool.db.session() as s:
        def ids(table):
            return list(s.scalars(select(table.id).where(table.owner == owner)))
        return {"person": ids(Person), "meeting": ids(Meeting), "item": ids(Item),
                "topic": ids(AgendaTopic)}


def test_manager_b_gets_404_for_every_id_of_manager_a(two_managers) -> None:
    app, a, b = two_managers
    sam = add_note(a, "Sam Lee", "2026-11-10", NOTE.format(who="Sam"))
    add_note(a, "Priya Nair", "2026-11-12", NOTE.format(who="Priya"))
    link = share_link(a, sam)
    assert post(a, f"{link}/topics", {"text": "conference budget"}).status_code == 303
    assert post(a, f"/people/{sam}/topics", {"text": "team offsite"}).status_code == 303
    own = add_note(b, "Ola Berg", "2026-11-11", NOTE.format(who="Ola"))
    ids = _ids(app, A)
    assert all(ids.values()), ids
    token_b = None
    from coach.auth import new_api_token

    with app.state.pool.db.session() as s:
        token_b = new_api_token(s, B)
    api = {"Authorization": f"Bearer {token_b}"}

    rng = random.Random(20261124)
    routes = [
        ("GET", "/people/{person}", {}),
        ("GET", "/meetings/{meeting}", {}),
        ("GET", "/meetings/{meeting}?q=roadmap", {}),
        ("POST", "/meetings/{meeting}/resend", {}),
        ("POST", "/people/{person}/threads/{item}/done", {}),
        ("POST", "/people/{person}/threads/{item}/dismiss", {}),
        ("POST", "/people/{person}/share-link", {}),
        ("POST", "/people/{person}/share-link", {"revoke": "true"}),
        ("POST", "/people/{person}/topics", {"text": "hijack"}),
        ("POST", "/people/{person}/topics/{topic}/delete", {}),
        ("POST", f"/people/{own}/topics/{{topic}}/delete", {}),
        ("POST", "/settings/people/{person}/share", {"email": "x@evil.test", "on": "true"}),
        ("GET", "/api/people/{person}/brief", {}),
        ("APIPOST", "/api/threads/{item}/done", {}),
        ("APIPOST", "/api/threads/{item}/dismiss", {}),
    ]
    if hasattr(Coach, "correct_thread"):
        routes.append(("POST", f"/people/{own}/threads/{{item}}/done", {}))
    probes = 0
    for method, template, data in routes:
        for _ in range(6):
            path = re.sub(r"\{(\w+)\}", lambda m: str(rng.choice(ids[m.group(1)])), template)
            if method == "GET":
                r = b.get(path, headers=api if path.startswith("/api") else None)
            elif method == "APIPOST":
                r = b.post(path, headers=api)
            else:
                r = post(b, path, data)
            assert r.status_code == 404, (method, path, r.status_code, r.text[:200])
            assert "Sam" not in r.text and "Priya" not in r.text
            probes += 1
    assert probes >= 6 * len(routes)
    # B's lists never show A's people; A's data is untouched
    assert "Sam Lee" not in b.get("/").text
    people = b.get("/api/people", headers=api).json()
    assert [p["name"] for p in people] == ["Ola Berg"]
    after = _ids(app, A)
    assert after == ids
    page = a.get(f"/people/{sam}").text
    assert "team offsite" in page and "conference budget" in page
    assert a.get(link).status_code == 200  # not revoked by B
    ask = post(b, "/ask", {"question": "what should I follow up on with Sam?"})
    assert ask.status_code == 200 and "send Sam the Q4 roadmap" not in ask.text
