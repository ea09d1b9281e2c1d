"""Summaries from in-memory histories: contents, the two audiences, the writer seam."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from coach.contracts import ItemKind, MeetingStatus, Party, Point, Summary
from coach.email.render import build_message, render_summary
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import parse_note
from coach.summary import summarize
from coach.summary.audience import for_audience, shared_history
from coach.summary.build import build_summary
from coach.summary.suggest import suggestion_for

_next_id = iter(range(1000, 100000))


def meeting(mid: int, date: str, body: str, kinds: dict[str, ItemKind] | None = None,
            status: str = "held", focus: str | None = None) -> MeetingRecord:
    """A meeting whose items are every line, kind chosen by a phrase in it (default note)."""
    front = f"---\nperson: Sam Lee\ndate: {date}\nstatus: {status}\n"
    note = parse_note(front + (f"focus: {focus}\n" if focus else "") + f"---\n{body}\n")
    items = []
    for line in note.lines:
        if line.heading is not None and line.text.lower() == line.heading:
            continue
        kind = next((k for phrase, k in (kinds or {}).items() if phrase in line.text),
                    ItemKind.note)
        party = None
        if kind is ItemKind.commitment:
            party = Party.manager if line.text.lower().startswith("i") else Party.report
        due = m.group(1) if (m := re.search(r"\bby (\w+ ?\w*)$", line.text)) else None
        is_thread = kind in {ItemKind.commitment, ItemKind.concern, ItemKind.request,
                             ItemKind.growth, ItemKind.topic}
        items.append(ItemRecord(
            id=next(_next_id), meeting_id=mid, line_no=line.number, kind=kind, text=line.text,
            quote=line.text, party=party, due=due, private=line.private, checkbox=line.checkbox,
            state=("closed" if line.checkbox == "done" else "open") if is_thread else "info",
        ))
    return MeetingRecord(id=mid, date=note.date, status=MeetingStatus(status), body=note.body,
                         focus=note.focus, items=items)


def close(item_of: MeetingRecord, phrase: str, by: MeetingRecord, quote: str) -> None:
    item = next(i for i in item_of.items if phrase in i.text)
    item.state, item.closed_by_meeting_id, item.closed_quote = "closed", by.id, quote


# Private text that deliberately repeats words (and whole phrases) of shared lines.
M1 = """- Sam worried about the on-call load this quarter
- I'll send the roadmap by Friday
- Sam asked about the staff engineer path
private: Sam worried about the on-call load because his divorce is taking his evenings
"""
M2 = """- Sent the roadmap to Sam
- We decided to go with weekly demos from December
- [ ] Sam to write the caching RFC by next Tuesday
- [x] I'll book the offsite room
- Talked through the incident review; Sam led it well
private: Sam led it well but Priya says he interrupts juniors constantly
- private: weekly demos are really a test of whether Sam can present to the VP
## Private
- Sam is flight risk; recruiter from Stripe contacted him
- keep an eye on the on-call load and his mood
"""
PRIVATE_ONLY = ["divorce", "evenings", "Priya", "interrupts", "juniors", "constantly",
                "flight risk", "Stripe", "recruiter", "his mood", "present to the VP"]


def history() -> History:
    m1 = meeting(1, "2026-11-03", M1, {"worried": ItemKind.concern,
                                       "I'll send": ItemKind.commitment,
                                       "staff engineer": ItemKind.growth})
    m2 = meeting(2, "2026-11-17", M2, {"Sent the roadmap": ItemKind.closure,
                                       "RFC": ItemKind.commitment, "offsite": ItemKind.commitment,
                                       "flight risk": ItemKind.concern})
    close(m1, "I'll send the roadmap", m2, "Sent the roadmap to Sam")
    return History(7, "Sam Lee", [m1, m2])


def test_manager_summary_has_every_part_citing_its_note() -> None:
    h = history()
    s = summarize(h, 2, "manager")
    assert s.audience == "manager" and s.person == "Sam Lee" and s.date == dt.date(2026, 11, 17)
    assert [p.text for p in s.decisions] == ["We decided to go with weekly demos from December"]
    actions = {a.text: a for a in s.action_items}
    rfc = actions["Sam to write the caching RFC by next Tuesday"]
    assert (rfc.owner, rfc.due, rfc.done) == (Party.report, "next Tuesday", False)
    assert actions["I'll book the offsite room"].owner is Party.manager
    assert actions["I'll book the offsite room"].done
    [closed] = s.closed
    assert closed.text == "I'll send the roadmap by Friday" and closed.source.note_id == 1
    assert closed.closed_by and closed.closed_by.quote == "Sent the roadmap to Sam"
    assert closed.closed_by.note_id == 2
    carried = {t.text for t in s.carried_forward}
    assert "Sam asked about the staff engineer path" in carried  # from the earlier meeting
    assert "Sam worried about the on-call load this quarter" in carried
    assert "I'll send the roadmap by Friday" not in carried  # closed here
    assert any("divorce" in t.text and t.private for t in s.carried_forward)
    assert any("Talked through the incident review" in p.text for p in s.key_points)
    assert s.suggestion
    for part in [*s.key_points, *s.decisions, *s.action_items]:
        body = h.meeting(part.source.note_id).body
        assert part.source.quote in body  # every citation is a real quote


def _strings(summary: Summary) -> str:
    return json.dumps(summary.model_dump(mode="json"))


def test_report_version_has_no_private_text_even_when_it_repeats_shared_words() -> None:
    h = history()
    report = summarize(h, 2, "report")
    everything = _strings(report)
    rendered = render_summary(report)
    for secret in PRIVATE_ONLY:
        assert secret.lower() not in everything.lower(), secret
        assert secret.lower() not in rendered.text.lower(), secret
        assert secret.lower() not in rendered.html.lower(), secret
    assert report.suggestion is None and report.health == []
    assert "For you only" not in rendered.text and "Next time" not in rendered.html
    # shared lines that share words with private ones are still there
    assert "Sam led it well" in everything
    assert "We decided to go with weekly demos from December" in everything
    assert "Sam worried about the on-call load this quarter" in everything
    manager = summarize(h, 2, "manager")
    assert "divorce" in _strings(manager) and "Stripe" in render_summary(manager).text


def test_report_filter_does_not_trust_flags_or_quotes() -> None:
    """A summary whose private flags were lost, or that quotes a private line, or words a
    shared citation with private words, still loses those parts for the report."""
    h = history()
    full = build_summary(h, 2)
    src = full.key_points[0].source
    forged = full.model_copy(update={
        "key_points": [
            *(p.model_copy(update={"private": False}) for p in full.key_points),
            Point(text="Sam is flight risk", source=src.model_copy(
                update={"quote": "Sam is flight risk; recruiter from Stripe contacted him"})),
            Point(text="Sam led it well, though he interrupts juniors", source=src.model_copy(
                update={"quote": "Sam led it well"})),
        ],
        "carried_forward": [t.model_copy(update={"private": False})
                            for t in full.carried_forward],
    })
    report = for_audience(forged, "report", h)
    text = _strings(report)
    for secret in PRIVATE_ONLY:
        assert secret.lower() not in text.lower(), secret
    assert "Talked through the incident review" in text


def test_writer_seam_rewords_but_cannot_leak_to_the_report() -> None:
    h = history()
    seen: list[History] = []

    def writer(summary: Summary, hist: History) -> Summary:
        seen.append(hist)
        points = [p.model_copy(update={"text": p.text.upper()}) for p in summary.key_points]
        leak = Point(text="Recruiter from Stripe", source=summary.decisions[0].source)
        return summary.model_copy(update={
            "key_points": [*points, leak], "suggestion": "coach them harder",
        })

    report = summarize(h, 2, "report", writer=writer)
    assert "stripe" not in _strings(report).lower()
    assert report.suggestion is None
    assert any(p.text.isupper() for p in report.key_points)  # the rewording is used
    assert all("divorce" not in m.body and "Stripe" not in m.body for m in seen[0].meetings)
    manager = summarize(h, 2, "manager", writer=writer)
    assert manager.suggestion == "coach them harder"


def test_a_failing_writer_leaves_the_offline_summary() -> None:
    def broken(summary: Summary, hist: History) -> Summary:
        raise RuntimeError("model down")

    h = history()
    assert summarize(h, 2, "manager", writer=broken) == summarize(h, 2, "manager")


def test_shared_history_blanks_private_lines_keeping_line_numbers() -> None:
    h = shared_history(history())
    m2 = h.meeting(2)
    assert "Stripe" not in m2.body and "interrupts" not in m2.body
    assert "Sam led it well" in m2.body
    lines = m2.body.splitlines()
    assert all(lines[i.line_no - 1].endswith(i.text) for i in m2.items)
    assert not any(i.private for m in h.meetings for i in m.items)


def test_suggestion_names_three_meetings_without_a_check_in() -> None:
    meetings = [
        meeting(i, f"2026-10-{10 + i:02d}", "- API migration status\n- [ ] I'll review the PR",
                {"review": ItemKind.commitment}, focus="delivery")
        for i in range(1, 4)
    ]
    # With no warning sign to lead with (three task-only meetings now also read as status
    # drift, which the summary would name first), the fallback names the three meetings.
    tip = suggestion_for(History(1, "Sam Lee", meetings), [])
    assert "three meetings" in tip and "Sam" in tip


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="audience"):
        summarize(history(), 2, "everyone")


def test_names_and_subjects_cannot_inject_headers() -> None:
    h = history()
    s = summarize(h, 2, "manager").model_copy(update={
        "person": "Sam\r\nBcc: evil@x.example", "title": "Weekly\nX-Evil: 1"})
    rendered = render_summary(s)
    msg = build_message(from_addr="Coach <coach@example.org>",
                        to_addr="boss@example.org", subject=rendered.subject,
                        text=rendered.text, html=rendered.html,
                        message_id="<a.b@example.org>", date=dt.datetime.now(dt.UTC))
    raw = msg.as_bytes()
    headers = raw.split(b"\n\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n")
    assert not any(h.lower().startswith((b"bcc:", b"x-evil:")) for h in headers)
    assert msg["Bcc"] is None and msg.get_all("To") == ["boss@example.org"]
    assert "\n" not in str(msg["Subject"]) and "Bcc" in str(msg["Subject"])
    for sender, to in (("coach@example.org", "a@b.org\r\nBcc: evil@x.org"),
                       ("Coach\r\nBcc: evil@x <coach@example.org>", "a@b.org")):
        with pytest.raises(Exception, match="not a valid address"):
            build_message(from_addr=sender, to_addr=to, subject="s", text="t", html="h",
                          message_id="<m@x>", date=dt.datetime.now(dt.UTC))


def test_warning_signs_reach_the_manager_only() -> None:
    from coach.contracts import Signal

    body = "- How are you doing? Sam is tired after the launch\n- Sam wants to learn Rust"
    statuses = ["held", "cancelled", "cancelled", "held", "cancelled", "held"]
    meetings = [
        meeting(i + 1, (dt.date(2026, 10, 1) + dt.timedelta(weeks=i)).isoformat(),
                body if status == "held" else "", status=status)
        for i, status in enumerate(statuses)
    ]
    h = History(1, "Sam Lee", meetings)
    manager = summarize(h, 6, "manager")
    assert Signal.cancelled in [s.signal for s in manager.health]
    assert manager.suggestion and "cancelled" in manager.suggestion
    text = render_summary(manager).text
    assert "Warning sign - cancelled" in text
    report = summarize(h, 6, "report")
    assert report.health == [] and report.suggestion is None
    assert "cancelled" not in render_summary(report).text.lower()


def test_note_text_is_escaped_in_the_html_part() -> None:
    s = summarize(history(), 2, "manager")
    hostile = s.key_points[0].model_copy(update={"text": "<script>alert(1)</script> & co"})
    rendered = render_summary(s.model_copy(update={"person": "<b>Sam</b>",
                                                   "key_points": [hostile]}))
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "<b>Sam" not in rendered.html and "&lt;b&gt;Sam" in rendered.html
    assert "<script>alert(1)</script> & co" in rendered.text  # plain text stays as written


def test_off_format_private_remarks_stay_out_of_the_report_too() -> None:
    body = """- Sam shipped the search rewrite
- Sam is doing great (private: his mother is in hospital)
- [private] thinking about moving Sam to the platform team
- Confidential - layoffs rumoured for Q2
- Sam asked about the conference budget, don't share the number yet: 4k
### Private notes
- Sam's rating will be "meets", not "exceeds"
#### details
- calibration said his scope is too narrow
## Next steps
- [ ] I'll approve the conference trip by Monday
"""
    m = meeting(1, "2026-11-10", body, {"approve": ItemKind.commitment})
    h = History(1, "Sam Lee", [m])
    everything = _strings(summarize(h, 1, "report")).lower()
    for secret in ("hospital", "mother", "platform team", "layoffs", "4k", "meets",
                   "exceeds", "calibration", "narrow scope", "scope is too narrow"):
        assert secret not in everything, secret
    assert "shipped the search rewrite" in everything
    assert "approve the conference trip" in everything  # after the private section ends
    assert "hospital" in _strings(summarize(h, 1, "manager")).lower()


def test_the_writers_own_mark_is_not_repeated_after_the_owner_label() -> None:
    """"- [ ] me: chase Gareth" shows as "You: chase Gareth" to the manager and "Your manager:
    chase Gareth" to the report (where a bare "me:" would read as the report); the cited
    source keeps the line as written, and another owner's text is left alone."""
    m = meeting(1, "2026-11-03", "- [ ] me: chase Gareth about the funding\n"
                                 "- [ ] Sam to send the rota by friday",
                {"chase Gareth": ItemKind.commitment, "rota": ItemKind.commitment})
    m.items[0].party = Party.manager
    h = History(7, "Sam Lee", [m])
    manager = build_summary(h, 1)
    mine = next(a for a in manager.action_items if "Gareth" in a.text)
    assert mine.owner is Party.manager and mine.source.quote.startswith("me: chase")
    text = render_summary(manager).text
    assert "You: chase Gareth about the funding" in text and "me: chase" not in text
    report_text = render_summary(for_audience(manager, "report", h)).text
    assert "Your manager: chase Gareth about the funding" in report_text
    assert "me: chase" not in report_text
    assert "Sam to send the rota" in text  # another owner's words are left as written
    assert "me: chase" not in render_summary(manager).html
