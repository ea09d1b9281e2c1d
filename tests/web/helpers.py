"""Test-client helpers: managers logged in through the real login form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import PASSWORD


def csrf(client: TestClient) -> str:
    if "coach_csrf" not in client.cookies:
        client.get("/login")
    return client.cookies["coach_csrf"]


def login(client: TestClient, email: str) -> None:
    r = client.post("/login", data={"email": email, "password": PASSWORD, "csrf": csrf(client)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def post(client: TestClient, path: str, data: dict | None = None, **kw):
    return client.post(path, data={**(data or {}), "csrf": csrf(client)},
                       follow_redirects=False, **kw)


def add_note(client: TestClient, person: str, date: str, text: str) -> int:
    r = post(client, "/notes", {"person": person, "date": date, "text": text})
    assert r.status_code == 303, r.text
    return int(re.search(r"/people/(\d+)", r.headers["location"]).group(1))


def share_link(client: TestClient, person_id: int) -> str:
    r = post(client, f"/people/{person_id}/share-link")
    assert r.status_code == 200, r.text
    return re.search(r'value="https?://testserver(/a/[^"]+)"', r.text).group(1)
