"""The notes-file contract: front matter, private lines, checkboxes, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.contracts import FocusArea, MeetingStatus
from coach.errors import BadInput
from coach.notes.parse import parse_note, read_note_file


def note(front: str, body: str = "talked about the offsite") -> str:
    return f"---\n{front}\n---\n{body}\n"


def test_front_matter_fields_and_defaults() -> None:
    n = parse_note(note("person:  Sam   Lee\ndate: 2026-10-12\nfocus: Development\ntitle: wk 41"))
    assert n.person == "Sam Lee"
    assert n.date == dt.date(2026, 10, 12)
    assert n.status is MeetingStatus.held
    assert n.focus is FocusArea.development
    assert n.title == "wk 41"


def test_keys_are_case_insensitive_and_datetime_accepted() -> None:
    n = parse_note(note("Person: Ana\nDate: 2026-10-12 09:30:00\nStatus: Cancelled"), source="x.md")
    assert (n.person, n.date, n.status) == ("Ana", dt.date(2026, 10, 12), MeetingStatus.cancelled)


def test_overrides_win_and_defaults_fill() -> None:
    n = parse_note("just text", overrides={"person": "Sam", "date": "2026-01-02"})
    assert (n.person, n.date) == ("Sam", dt.date(2026, 1, 2))
    n = parse_note(note("person: A\ndate: 2026-01-01"), overrides={"person": "B"})
    assert n.person == "B"
    defaults = {"person": "B", "focus": "feedback"}
    n = parse_note(note("person: A\ndate: 2026-01-01"), defaults=defaults)
    assert n.person == "A" and n.focus is FocusArea.feedback


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("date: 2026-10-12", "missing required field 'person'"),
        ("person: Sam", "missing required field 'date'"),
        ("person: Sam\ndate: 12/10/2026", "field 'date': '12/10/2026' is not an ISO date"),
        ("person: Sam\ndate: 2026-13-40", "is not an ISO date"),
        ("person: Sam\ndate: 2026-10-12\nstatus: maybe", "field 'status': 'maybe' is not one of"),
        ("person: Sam\ndate: 2026-10-12\nfocus: vibes", "field 'focus': 'vibes' is not one of"),
        ("person: [unclosed", "front matter is not valid YAML"),
        ("- a list", "front matter must be a mapping"),
    ],
)
def test_bad_front_matter_names_file_and_field(front: str, message: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_note(note(front), source="notes/sam.md")
    assert message in str(err.value)
    assert str(err.value).startswith("notes/sam.md: ")
    assert err.value.exit_code == 2


def test_empty_held_note_is_rejected_but_cancelled_may_be_empty() -> None:
    with pytest.raises(BadInput, match="empty"):
        parse_note(note("person: Sam\ndate: 2026-10-12", body=""))
    n = parse_note(note("person: Sam\ndate: 2026-10-12\nstatus: cancelled", body=""))
    assert n.status is MeetingStatus.cancelled and n.lines == []


def test_private_lines_sections_and_checkboxes() -> None:
    body = """## Notes
- [ ] I'll send the roadmap by Friday
- [x] Sam to draft the API proposal
* Private: comp band below market
**private:** talk to HR
Sam said he's stretched thin.
## Private
worried about retention
### more
still private
## Next time
career chat
## Private notes (me only)
not for sharing
## Privacy policy rollout
public topic
"""
    n = parse_note(note("person: Sam\ndate: 2026-10-12", body))
    by_text = {line.text: line for line in n.lines}
    assert by_text["I'll send the roadmap by Friday"].checkbox == "open"
    assert by_text["Sam to draft the API proposal"].checkbox == "done"
    assert by_text["comp band below market"].private
    assert by_text["talk to HR"].private
    assert not by_text["Sam said he's stretched thin."].private
    assert by_text["worried about retention"].private
    assert by_text["still private"].private
    assert not by_text["career chat"].private
    assert by_text["not for sharing"].private
    assert not by_text["public topic"].private  # "privacy" is not "private"
    for line in n.lines:  # every line's text can be quoted from the body
        assert line.text in n.body


def test_content_hash_tracks_edits() -> None:
    a = parse_note(note("person: Sam\ndate: 2026-10-12"))
    b = parse_note(note("person: Sam\ndate: 2026-10-12"))
    c = parse_note(note("person: Sam\ndate: 2026-10-12", "talked about the offsite!"))
    assert a.content_hash == b.content_hash != c.content_hash


def test_read_note_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes(note("person: José\ndate: 2026-10-12").encode("latin-1"))
    with pytest.raises(BadInput, match=r"latin1.md: not UTF-8 text \(byte 0xe9 at offset"):
        read_note_file(bad)
    empty = tmp_path / "empty.md"
    empty.write_text("  \n")
    with pytest.raises(BadInput, match="empty.md: the file is empty"):
        read_note_file(empty)
    with pytest.raises(BadInput, match="missing.md: cannot read file"):
        read_note_file(tmp_path / "missing.md")


def test_windows_line_endings_and_bom() -> None:
    text = "\ufeff---\r\nperson: Sam\r\ndate: 2026-10-12\r\n---\r\n- [ ] follow up\r\n"
    n = parse_note(text)
    assert n.person == "Sam" and n.lines[0].text == "follow up"


def test_a_markdown_table_gives_one_line_per_row_without_header_or_rule() -> None:
    from coach.notes.parse import split_lines

    body = ("| topic | notes | who |\n"
            "|---|:---:|---|\n"
            "| linen supplier | late 3x this month | me to call procurement |\n"
            "| new starter | going ok | - |\n"
            "| - | | |\n"
            "\n## Private\n"
            "| pay | she asked about a raise | |\n")
    lines = split_lines(body)
    texts = [ln.text for ln in lines if not ln.raw.startswith("#")]
    assert texts == ["linen supplier | late 3x this month | me to call procurement",
                     "new starter | going ok",
                     "pay | she asked about a raise"]
    for ln in lines:
        assert ln.text in ln.raw  # still quotable: a substring of the note
    assert [ln.private for ln in lines if ln.text.startswith("pay")] == [True]


def test_a_line_with_one_bar_is_not_a_table() -> None:
    from coach.notes.parse import split_lines

    assert [ln.text for ln in split_lines("rota | shifts swapped again")] == [
        "rota | shifts swapped again"]


@pytest.mark.parametrize(("written", "status"), [
    ("moved", MeetingStatus.rescheduled), ("Postponed", MeetingStatus.rescheduled),
    ("canceled", MeetingStatus.cancelled), ("skipped", MeetingStatus.cancelled),
    ("rescheduled", MeetingStatus.rescheduled),
])
def test_status_words_managers_write_are_understood(written: str, status: MeetingStatus) -> None:
    n = parse_note(f"---\nperson: A B\ndate: 2026-01-08\nstatus: {written}\n---\n", source="x.md")
    assert n.status is status


def test_an_unknown_status_still_names_the_field() -> None:
    with pytest.raises(BadInput, match="status"):
        parse_note("---\nperson: A B\ndate: 2026-01-08\nstatus: gone\n---\n", source="x.md")


def test_each_table_row_knows_its_tables_column_names() -> None:
    from coach.notes.parse import split_lines

    body = ("| Action | Owner | Due |\n|---|---|---|\n| reprint tickets | Harriet | Fri |\n"
            "\nprose after the table\n| no | header |\n")
    lines = split_lines(body)
    assert [ln.table_header for ln in lines] == [("Action", "Owner", "Due"), None, None]
