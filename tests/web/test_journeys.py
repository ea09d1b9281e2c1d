"""Browser journeys (pytest-playwright, Debian's chromium, a live uvicorn server)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from coach.service import Coach
from tests.conftest import SAMPLES
from tests.web.conftest import login, shot

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

FIRST = """- Sam's stretched, on-call + the migration
- [ ] I'll send Sam the Q4 roadmap by Friday
private: comp is below band, raise with HR
"""


def paste(page: Page, base: str, person: str, date: str, text: str) -> None:
    page.goto(f"{base}/notes/new")
    page.fill("input[name=person]", person)
    page.fill("input[name=date]", date)
    page.fill("textarea[name=text]", text)


def test_paste_preview_save_brief_shows_thread(page: Page, live) -> None:
    app = live()
    paste(page, app.url, "Sam Lee", "2026-11-10", FIRST)
    page.click("button:has-text('Preview')")
    preview = page.locator("#preview")
    expect(preview.locator(".opens")).to_contain_text("Q4 roadmap")
    expect(preview.locator("pre .private-line")).to_contain_text("comp is below band")
    shot(page, "new-notes-preview-desktop")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    expect(page.locator("#threads")).to_contain_text("Q4 roadmap")
    # a later note that closes it: the preview says so before saving
    paste(page, app.url, "Sam Lee", "2026-11-17",
          "- sent Sam the Q4 roadmap\n- talked about on-call")
    page.click("button:has-text('Preview')")
    expect(page.locator("#preview .closes")).to_contain_text("Q4 roadmap")


def test_report_link_topic_first_in_brief_then_revoked_404(page: Page, live,
                                                            browser) -> None:
    app = live()
    paste(page, app.url, "Sam Lee", "2026-11-10", FIRST)
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    person_url = page.url.split("?")[0]
    page.click("button:has-text('Create link')")
    link = page.locator("input.linkbox").input_value()
    assert "/a/" in link
    # the report, in a fresh browser context without any cookie of the manager
    report = browser.new_context(viewport={"width": 390, "height": 844})
    rpage = report.new_page()
    rpage.goto(link)
    expect(rpage.locator("body")).not_to_contain_text("comp is below band")
    expect(rpage.locator("body")).to_contain_text("Q4 roadmap")  # owed to them
    topic = "Can we talk about conference budget?"
    rpage.fill("input[name=text]:not([aria-label='edit topic'])", topic)
    rpage.click("button:has-text('Add')")
    expect(rpage.locator(".my-topics input[name=text]")).to_have_value(topic)
    shot(rpage, "agenda-report-phone")
    page.goto(person_url)
    brief = page.locator("#brief")
    first = brief.locator("h3").first
    expect(first).to_contain_text("Sam's topics (first)")
    expect(brief.locator(".report-topic").first).to_have_text(
        re.compile(r"^Sam added on \w{3} .*: Can we talk about conference budget\?$"))
    page.click("button:has-text('Revoke links')")
    resp = rpage.goto(link)
    assert resp is not None and resp.status == 404
    report.close()


def test_expired_link_is_404(page: Page, live) -> None:
    from coach import agenda
    from coach.store.repo import Repo
    from coach.store.tables import AgendaLink

    app = live()
    paste(page, app.url, "Sam Lee", "2026-11-10", FIRST)
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    with app.db().session() as session:
        person = Repo(session, "me").find_person("sam")
        token = agenda.create_link(session, "me", person.id)
    assert page.goto(f"{app.url}/a/{token}").status == 200
    with app.db().session() as session:
        for row in session.query(AgendaLink):
            row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert page.goto(f"{app.url}/a/{token}").status == 404


def test_upload_with_one_bad_file(page: Page, live, tmp_path: Path) -> None:
    app = live()
    good = tmp_path / "sam-1.md"
    good.write_text("---\nperson: Sam Lee\ndate: 2026-11-03\n---\n- [ ] I'll book the offsite\n")
    good2 = tmp_path / "ana-1.md"
    good2.write_text("---\nperson: Ana Ruiz\ndate: 2026-11-04\n---\n- Ana wants to mentor\n")
    bad = tmp_path / "broken.md"
    bad.write_text("---\nperson: Sam Lee\ndate: 2026-13-45\n---\n- hello\n")
    page.goto(f"{app.url}/import")
    page.set_input_files("input[type=file]", [str(good), str(good2), str(bad)])
    page.click("button:has-text('Import')")
    result = page.locator("#import-result")
    expect(result).to_contain_text("2 added")
    expect(result.locator(".errors li")).to_have_count(1)
    expect(result.locator(".errors")).to_contain_text("broken.md")
    shot(page, "import-result-desktop")
    page.goto(app.url)
    expect(page.locator(".people")).to_contain_text("Ana Ruiz")


@pytest.mark.skipif(not hasattr(Coach, "correct_thread"),
                    reason="Coach.correct_thread (branch state) is not merged yet")
def test_mark_done_gone_from_brief_people_and_ask(page: Page, live) -> None:
    app = live()
    paste(page, app.url, "Sam Lee", "2026-11-10", FIRST)
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    person_url = page.url.split("?")[0]
    page.goto(app.url)
    before = page.locator(".person-row .count").inner_text()
    page.goto(person_url)
    thread = page.locator(".thread", has_text="Q4 roadmap")
    thread.locator("button:has-text('Mark done')").click()
    expect(page.locator("#threads")).not_to_contain_text("Q4 roadmap")
    page.goto(app.url)
    assert page.locator(".person-row .count").inner_text() != before
    page.goto(f"{app.url}/ask")
    page.fill("input[name=question]", "what should I follow up on with Sam?")
    page.click("button:has-text('Ask')")
    expect(page.locator(".answer")).not_to_contain_text("Q4 roadmap")


def test_login_required_and_screenshots_of_every_page(page: Page, live, browser,
                                                      tmp_path: Path) -> None:
    app = live(users=["ana@example.org"], loopback=False)
    page.goto(app.url)
    page.wait_for_url(re.compile(r"/login"))
    login(page, app.url, "ana@example.org")
    # the bundled sample notes, uploaded as one .zip
    samples = sorted(SAMPLES.rglob("*.md"))
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in samples:
            zf.write(path, path.relative_to(SAMPLES))
    page.goto(f"{app.url}/import")
    page.set_input_files("input[type=file]", str(archive))
    page.click("button:has-text('Import')")
    expect(page.locator("#import-result")).to_contain_text(f"{len(samples)} added")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["coach_session"]["httpOnly"] and cookies["coach_session"]["sameSite"] == "Lax"
    paste(page, app.url, "Sam Lee", "2026-10-27",
          "---\nfocus: delivery\n---\n- migration on track\n- [ ] I'll ask Dee about budget")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    paste(page, app.url, "Sam Lee", "2026-11-03", "---\nstatus: cancelled\n---\n")
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    paste(page, app.url, "Sam Lee", "2026-11-10", FIRST)
    page.click("button:has-text('Save')")
    page.wait_for_url(re.compile(r"/people/\d+"))
    person_url = page.url.split("?")[0]
    expect(page.locator(".timeline li.off").first).to_contain_text("Tue 03 Nov 2026 cancelled")
    meeting_url = page.locator(".timeline a").first.get_attribute("href")
    page.click("button:has-text('Create link')")
    agenda_link = page.locator("input.linkbox").input_value()
    pages = {"people": "/", "person": person_url.replace(app.url, ""), "new-notes": "/notes/new",
             "import": "/import", "ask": "/ask", "meeting": meeting_url, "outbox": "/outbox",
             "settings": "/settings"}
    for label, size in (("desktop", {"width": 1280, "height": 900}),
                        ("phone", {"width": 390, "height": 844})):
        page.set_viewport_size(size)
        for name, path in pages.items():
            resp = page.goto(f"{app.url}{path}")
            assert resp is not None and resp.status == 200, name
            if name == "ask":
                page.fill("input[name=question]", "what should I follow up on with Sam?")
                page.click("button:has-text('Ask')")
                expect(page.locator(".answer")).to_be_visible()
            # nothing wider than the screen
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"{name} overflows at {label}: {width}px"
            shot(page, f"{name}-{label}")
        page.goto(agenda_link)
        shot(page, f"agenda-{label}")
    anon = browser.new_context()
    apage = anon.new_page()
    apage.goto(f"{app.url}/login")
    shot(apage, "login-desktop")
    anon.close()
