"""Security of the web surface: escaping, CSRF, cookie flags, login limits, API tokens, the
bind check, and what the report's agenda page may show."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.errors import CoachError
from coach.web.serve import check_bind
from tests.web.conftest import PASSWORD, add_users, make_settings
from tests.web.helpers import add_note, csrf, login, post, share_link

A = "ana@example.org"
EVIL = "<script>alert('x')</script>"


@pytest.fixture
def manager(tmp_path):
    # email configured (nothing is delivered: no worker runs) so summaries reach the outbox
    settings = make_settings(tmp_path, smtp_host="127.0.0.1", mail_from="coach@example.org",
                             manager_email=A)
    add_users(settings, [A])
    app = create_app(settings, loopback=False)
    with TestClient(app, base_url="https://testserver") as client:
        yield app, client


def test_script_in_names_and_notes_is_escaped_everywhere(manager) -> None:
    app, c = manager
    login(c, A)
    text = (f"- [ ] I'll send {EVIL} the roadmap\n- asked about <img src=x onerror=alert(1)>\n"
            f"private: {EVIL} secret")
    pid = add_note(c, f"Eve {EVIL}", "2026-11-10", text)
    link = share_link(c, pid)
    assert post(c, f"{link}/topics", {"text": f"topic {EVIL}"}).status_code == 303
    mid = re.search(r'href="/meetings/(\d+)"', c.get(f"/people/{pid}").text).group(1)
    pages = [c.get("/"), c.get(f"/people/{pid}"), c.get(f"/meetings/{mid}?q={EVIL}"),
             c.get(link), c.get("/settings"), c.get("/outbox"),
             post(c, "/ask", {"question": f"what about {EVIL}?"}),
             post(c, "/notes/preview", {"person": f"Eve {EVIL}", "date": "2026-11-11",
                                        "text": text})]
    assert "Eve" in pages[5].text  # the outbox lists the queued summary
    for r in pages:
        assert r.status_code == 200, r.request.url
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, r.request.url
        assert "&lt;script&gt;" in r.text, r.request.url


def test_posts_without_the_csrf_token_are_refused(manager) -> None:
    app, c = manager
    csrf(c)
    r = c.post("/login", data={"email": A, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and "coach_session" not in c.cookies
    login(c, A)
    pid = add_note(c, "Sam Lee", "2026-11-10", "- [ ] I'll send Sam the roadmap")
    for path, data in [("/notes", {"person": "Sam Lee", "date": "2026-11-11", "text": "- hi"}),
                       (f"/people/{pid}/share-link", {}), ("/logout", {})]:
        assert c.post(path, data=data, follow_redirects=False).status_code == 403
        forged = {**data, "csrf": "forged-token"}
        assert c.post(path, data=forged, follow_redirects=False).status_code == 403
    assert len(app.state.pool.for_owner(A).people()) == 1
    assert c.get(f"/people/{pid}").status_code == 200  # still logged in: logout was refused


def test_cookie_flags_https_and_http(manager, tmp_path) -> None:
    app, c = manager
    csrf(c)
    r = c.post("/login", data={"email": A, "password": PASSWORD, "csrf": c.cookies["coach_csrf"]},
               follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "coach_session=" in cookie and "httponly" in cookie and "secure" in cookie
    assert "samesite=lax" in cookie
    with TestClient(app, base_url="http://testserver") as plain:
        r = plain.get("/login")
        flags = r.headers["set-cookie"].lower()
        assert "coach_csrf=" in flags and "httponly" in flags and "samesite=strict" in flags
        assert "secure" not in flags


def test_login_is_rate_limited_and_logout_ends_the_session(manager) -> None:
    app, c = manager
    token = csrf(c)
    for _ in range(5):
        r = c.post("/login", data={"email": A, "password": "wrong password!", "csrf": token})
        assert r.status_code == 401 and "wrong email or password" in r.text
    r = c.post("/login", data={"email": A, "password": PASSWORD, "csrf": token})
    assert r.status_code == 429
    app.state.login_limit._hits.clear()
    login(c, A)
    assert c.get("/", follow_redirects=False).status_code == 200
    session_cookie = c.cookies["coach_session"]
    assert post(c, "/logout").status_code == 303
    c.cookies.set("coach_session", session_cookie)  # replaying the old cookie does not work
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_api_needs_a_token_off_loopback(manager) -> None:
    from coach.auth import new_api_token

    app, c = manager
    r = c.get("/api/people")
    assert r.status_code == 401 and "coach user token" in r.json()["error"]
    with app.state.pool.db.session() as s:
        token = new_api_token(s, A)
    assert c.get("/api/people", headers={"Authorization": f"Bearer {token}"}).json() == []
    assert c.get("/api/people", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_local_mode_and_the_bind_check(tmp_path) -> None:
    settings = make_settings(tmp_path)
    app = create_app(settings, loopback=True)
    with TestClient(app) as c:
        assert c.get("/").status_code == 200  # no login on loopback without accounts
        assert c.get("/api/people").status_code == 200
    with pytest.raises(CoachError, match="coach user add"):
        check_bind(settings, "0.0.0.0")
    assert check_bind(settings, "127.0.0.1") is True
    add_users(settings, [A])
    assert check_bind(settings, "0.0.0.0") is False
    with TestClient(create_app(settings, loopback=True)) as c:  # accounts exist: login
        assert c.get("/", follow_redirects=False).status_code == 303


PRIVATE_NOTES = """- Sam wants to lead the roadmap review
- [ ] I'll send Sam the roadmap draft by Friday
private: the roadmap review may go to Dee instead, Sam's rating is at risk
- Sam's stretched (private: burnout risk, thinking about leave)
- [ ] I'll ask HR about Sam's band  [private]
## Private
- I'll quietly look for a new team for Sam
- the roadmap budget is being cut
"""


def test_report_page_never_shows_private_text(manager) -> None:
    app, c = manager
    login(c, A)
    pid = add_note(c, "Sam Lee", "2026-11-10", PRIVATE_NOTES)
    add_note(c, "Priya Nair", "2026-11-11", "- [ ] I'll send Priya the offsite plan")
    link = share_link(c, pid)
    page = c.get(link).text
    assert "I&#39;ll send Sam the roadmap draft by Friday" in page
    for secret in ["Dee instead", "rating", "burnout", "leave", "HR", "band", "new team",
                   "budget is being cut", "Priya", "offsite", "Check in", "Warning",
                   "Coaching"]:
        assert secret not in page, secret


def test_report_topics_are_limited(manager) -> None:
    app, c = manager
    login(c, A)
    pid = add_note(c, "Sam Lee", "2026-11-10", "- [ ] I'll send Sam the roadmap")
    link = share_link(c, pid)
    r = post(c, f"{link}/topics", {"text": "x" * 501})
    assert r.status_code == 400 and "too long" in r.text
    codes = [post(c, f"{link}/topics/999999/delete").status_code for _ in range(19)]
    assert set(codes) == {404}
    assert post(c, f"{link}/topics", {"text": "one more"}).status_code == 429


def test_login_never_redirects_to_another_site(manager) -> None:
    app, c = manager
    for target in ["//evil.example", "/\\evil.example", "https://evil.example"]:
        r = c.post("/login", data={"email": A, "password": PASSWORD, "csrf": csrf(c),
                                   "next": target}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/", target
