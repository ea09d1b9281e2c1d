"""The JSON API over the same service layer: contracts, errors, owner scoping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import Settings
from coach.service import Coach
from tests.conftest import SAMPLES, TODAY


@pytest.fixture
def client(coach: Coach) -> TestClient:
    coach.import_dir(SAMPLES)
    with TestClient(create_app(coach=coach)) as c:
        yield c


def test_people_and_brief_by_id(client: TestClient) -> None:
    people = client.get("/api/people").json()
    names = {p["name"]: p["id"] for p in people}
    assert "Sam Lee" in names
    brief = client.get(f"/api/people/{names['Sam Lee']}/brief").json()
    assert brief["person"] == "Sam Lee"
    keys = {"check_in", "agenda_invite", "threads", "focus", "meta_question", "health"}
    assert keys <= set(brief)


def test_unknown_person_is_a_json_404(client: TestClient) -> None:
    r = client.get("/api/people/999999/brief")
    assert r.status_code == 404
    assert r.json() == {"error": "no person with id 999999", "status": 404}


def test_add_note_and_bad_input(client: TestClient) -> None:
    r = client.post("/api/notes", json={"text": "- [ ] I'll book the offsite venue",
                                        "person": "New Person", "date": "2026-11-20"})
    assert r.status_code == 200, r.text
    assert r.json()["change"] == "added"
    r = client.post("/api/notes", json={"text": "hello", "person": "X", "date": "2026-02-30"})
    assert r.status_code == 422 and "date" in r.json()["error"]
    r = client.post("/api/notes", json={"text": "---\ndate: 2026-11-20\n---\nhello"})
    assert r.status_code == 422  # `person` is a required field of the request
    assert r.json() == {"error": "person: Field required", "status": 422}
    r = client.post("/api/notes", json={"text": "hello", "person": "\u200b"})
    assert r.status_code == 400
    assert r.json()["error"] == "request body: field 'person': contains an invisible " \
        "character (U+200B ZERO WIDTH SPACE)"


def test_another_owner_cannot_read_by_id(client: TestClient, settings: Settings) -> None:
    sam_id = {p["name"]: p["id"] for p in client.get("/api/people").json()}["Sam Lee"]
    other = Coach(settings.model_copy(update={"owner": "someone-else"}), today=TODAY)
    with TestClient(create_app(coach=other)) as c:
        assert c.get("/api/people").json() == []
        assert c.get(f"/api/people/{sam_id}/brief").status_code == 404


def test_ask(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": "what should I follow up on with Sam?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["answer"] and all(c["person"] == "Sam Lee" for c in body["citations"])
    assert client.post("/api/ask", json={"question": ""}).status_code == 422
