"""Every API failure is the documented JSON {"error", "status"}, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.service import Coach

NOTE = {"text": "- [ ] I'll book the offsite venue", "person": "Ann Lee", "date": "2026-11-20"}


@pytest.fixture
def client(any_db_coach: Coach) -> TestClient:
    with TestClient(create_app(coach=any_db_coach), raise_server_exceptions=False) as c:
        assert c.post("/api/notes", json=NOTE).status_code == 200
        yield c


def shape(r, status: int) -> str:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "status"} and body["status"] == status, body
    return str(body["error"])


@pytest.mark.parametrize("pid", ["9223372036854775808", "2147483648", "0", "-1",
                                 "99999999999999999999999"])
def test_out_of_range_ids_are_404(client: TestClient, pid: str) -> None:
    assert "no person with id" in shape(client.get(f"/api/people/{pid}/brief"), 404)


def test_non_integer_id_is_422(client: TestClient) -> None:
    assert "person_id" in shape(client.get("/api/people/abc/brief"), 422)


def test_unknown_route_and_method(client: TestClient) -> None:
    shape(client.get("/api/nothing"), 404)
    shape(client.delete("/api/people"), 405)


def test_non_utf8_and_non_json_bodies_are_400(client: TestClient) -> None:
    headers = {"content-type": "application/json"}
    bad = b'{"text": "\xff\xfe", "person": "Ann"}'
    assert "not valid JSON" in shape(client.post("/api/notes", content=bad, headers=headers), 400)
    shape(client.post("/api/notes", content=b"{not json", headers=headers), 400)


@pytest.mark.parametrize(("field", "value", "expect"), [
    ("text", "hello \ud800 there", "lone surrogate"),
    ("text", "hello \x00 there", "NUL byte"),
    ("text", "hi \x1b]0;pwned\x07", "control character"),
    ("person", "\u200b\u200b", "invisible character"),
    ("person", "Ann\x00Lee", "NUL byte"),
    ("status", "maybe", "field 'status'"),
])
def test_bad_fields_are_400_naming_the_field(
    client: TestClient, field: str, value: str, expect: str
) -> None:
    body = json.dumps({**NOTE, field: value})  # ASCII: "\\ud800" travels as an escape
    r = client.post("/api/notes", content=body, headers={"content-type": "application/json"})
    error = shape(r, 400)
    assert expect in error and "request body" in error
    assert "\x1b" not in error and "pwned" not in error  # never echoes the text


def test_lone_surrogate_in_a_typed_field_is_422(client: TestClient) -> None:
    body = json.dumps({**NOTE, "person": "Ann\ud800"})
    r = client.post("/api/notes", content=body, headers={"content-type": "application/json"})
    assert shape(r, 422).startswith("person: ")


def test_over_long_fields(client: TestClient) -> None:
    assert "person" in shape(client.post("/api/notes", json={**NOTE, "person": "A" * 201}), 422)
    long_title = {**NOTE, "text": f"---\ntitle: {'t' * 501}\n---\nhello"}
    assert "field 'title': too long" in shape(client.post("/api/notes", json=long_title), 400)
    long_name = {**NOTE, "person": "A" * 200}
    assert client.post("/api/notes", json=long_name).status_code == 200


def test_body_size_limit(any_db_coach: Coach) -> None:
    coach = any_db_coach
    coach.settings = coach.settings.model_copy(update={"api_max_body_bytes": 20_000})
    with TestClient(create_app(coach=coach)) as c:
        big = {**NOTE, "text": "x " * 20_000}
        assert "COACH_API_MAX_BODY_BYTES" in shape(c.post("/api/notes", json=big), 413)

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(30):
                yield b"x" * 1000
        r = c.post("/api/notes", content=chunks(), headers={"content-type": "application/json"})
        shape(r, 413)
        assert c.post("/api/notes", json=NOTE).status_code == 200


def test_note_over_the_size_limit_is_400(client: TestClient) -> None:
    big = {**NOTE, "text": "word " * 220_000}  # 1.1 MB, under the 2 MB body limit
    assert "too big" in shape(client.post("/api/notes", json=big), 400)


def test_host_header_is_checked(client: TestClient) -> None:
    r = client.get("/api/people", headers={"host": "evil.example"})
    assert "Host" in shape(r, 400)
    assert client.get("/api/people", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/api/people", headers={"host": "127.0.0.1"}).status_code == 200


def test_openapi_tells_the_truth(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["ErrorOut"]["required"]) == {"error", "status"}
    assert "HTTPValidationError" not in schemas
    brief = spec["paths"]["/api/people/{person_id}/brief"]["get"]["responses"]
    notes = spec["paths"]["/api/notes"]["post"]
    for responses, codes in ((brief, {"400", "404", "422"}), (notes["responses"], {"400", "422"})):
        for code in codes:
            ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorOut")
    note_in = schemas["NoteIn"]
    assert "person" in note_in["required"] and "text" in note_in["required"]
