"""Render a ``Summary`` into an email: Jinja2 templates (plain text + HTML) and a MIME message.

Header safety: every header value goes through ``clean_header`` (control characters such as
CR/LF become spaces) and addresses through ``check_address``; the message is built with
``email.message.EmailMessage`` and the default (strict) policy, which refuses a raw newline in
a header, so a name or a title from notes cannot add a header (``Bcc:``) or a recipient.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from coach.contracts import ActionItem, Party, Summary
from coach.errors import BadInput

TEMPLATES = Path(__file__).parent / "templates"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
MAX_OPEN_SHOWN = 15  # an email is read in a minute: the rest is one `coach brief` away
_BLANKS = re.compile(r"\n{3,}")
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\]+$")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def clean_header(value: str, limit: int = 200) -> str:
    """One line of printable text: CR, LF and other controls become single spaces."""
    text = " ".join(_CONTROL.sub(" ", value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_address(value: str, what: str = "email address") -> str:
    """A bare ``user@domain`` address, or ``BadInput`` naming the problem."""
    addr = value.strip()
    if not _ADDRESS.match(addr) or _CONTROL.search(value):
        raise BadInput(f"{what} {value!r} is not a valid address (expected name@domain)")
    return addr


def mail_domain(from_addr: str) -> str:
    addr = parseaddr(from_addr)[1] or from_addr
    return addr.rpartition("@")[2] or "coach.local"


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def due_label(due: str) -> str:
    """"by Friday" stays as is; a bare "Friday" or "2026-12-01" reads "due Friday"."""
    words = due.strip().split(maxsplit=1)
    if words and words[0].lower() in {"by", "before", "on", "until", "due"}:
        return due.strip()
    return f"due {due.strip()}"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    env.globals["day"] = _day
    env.globals["due"] = due_label
    return env


def subject_for(summary: Summary) -> str:
    date = _day(summary.date)
    if summary.audience == "report":
        return clean_header(f"Summary of our 1:1 on {date}")
    return clean_header(f"1:1 summary: {summary.person}, {date}")


# The writer's own mark at the start of an action ("me: chase Gareth", "→ me: book it"): the
# owner label already says whose it is, and in the report's copy "me" would read as the report.
_OWN_MARK = re.compile(r"^\s*(?:->|→|=>)?\s*@?(?:me|mgr|myself)\s*(?::|-|–|—|->|→)\s*(?=\S)",
                       re.I)


def action_text(item: ActionItem) -> str:
    """An action as shown beside its owner label (the cited source keeps the line as written)."""
    if item.owner is Party.manager:
        return _OWN_MARK.sub("", item.text, count=1)
    return item.text


def render_summary(summary: Summary) -> RenderedEmail:
    """Both parts of the summary email for the summary's audience."""
    person = clean_header(summary.person, 120)
    first = person.split()[0] if person.split() else person
    report = summary.audience == "report"
    labels = {
        Party.manager: "Your manager" if report else "You",
        Party.report: "You" if report else first,
        Party.other: "Someone else",
    }
    if report:
        heading = f"Our 1:1 on {_day(summary.date)}"
        intro = "A summary of what we covered, shared from my notes. Reply if I missed anything."
        footer = (
            "Sent by coach, shared by your manager. It contains only the shared part of the notes."
        )
    else:
        heading = f"Your 1:1 with {person}"
        intro = f"{_day(summary.date)}" + (f" · {summary.title}" if summary.title else "")
        footer = (
            "Sent by coach from your notes. Every line cites the note it comes from; "
            "items marked private and the 'for you only' notes are never shared."
        )
    earlier = [t for t in summary.carried_forward if t.source.note_id != summary.meeting_id]
    earlier.sort(key=lambda t: t.since, reverse=True)  # most recent first; the JSON has all
    context = {
        "s": summary,
        "subject": subject_for(summary),
        "heading": heading,
        "intro": intro,
        "footer": footer,
        "earlier_open": earlier[:MAX_OPEN_SHOWN],
        "more_open": max(len(earlier) - MAX_OPEN_SHOWN, 0),
        "owner_label": lambda party: labels.get(party, "Someone else"),
        "action_text": action_text,
    }
    env = _env()
    return RenderedEmail(
        subject=subject_for(summary),
        text=_BLANKS.sub("\n\n", env.get_template("summary.txt.j2").render(context)),
        html=env.get_template("summary.html.j2").render(context),
    )


def build_message(
    *,
    from_addr: str,
    to_addr: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    date: dt.datetime,
) -> EmailMessage:
    """A multipart/alternative message (text first, HTML preferred by clients)."""
    msg = EmailMessage()
    name, addr = parseaddr(clean_header(from_addr, 400))
    addr = check_address(addr or from_addr, "COACH_MAIL_FROM")
    user, _, domain = addr.partition("@")
    msg["From"] = Address(display_name=clean_header(name or "coach", 80), username=user,
                          domain=domain)
    to = check_address(to_addr, "recipient")
    user, _, domain = to.partition("@")
    msg["To"] = Address(username=user, domain=domain)
    msg["Subject"] = clean_header(subject)
    msg["Message-ID"] = clean_header(message_id, 300)
    msg["Date"] = format_datetime(date if date.tzinfo else date.replace(tzinfo=dt.UTC))
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg
