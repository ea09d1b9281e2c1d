"""Terminal rendering of briefs, answers and people (rich). No advice is computed here."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from coach.cli.safe import term
from coach.contracts import Answer, Brief, PersonSummary


def escape(text: object) -> str:
    """Note text for rich markup: terminal controls stripped (coach/cli/safe.py), markup escaped."""
    return _markup_escape(term(text))


console = Console(highlight=False, soft_wrap=False)
OLDER_SHOWN = 5  # older threads listed by text under the brief's threads (the rest counted)


def _src(date: object, quote: str) -> str:
    return f"[dim]({date}: \"{escape(quote)}\")[/dim]"


def print_brief(brief: Brief) -> None:
    c = console
    c.print(
        f"[bold]Prep brief: 1:1 with {escape(brief.person)}[/bold]  [dim]({brief.backend})[/dim]"
    )
    if brief.next_meeting is not None:
        c.print(f"[dim]next 1:1 in your calendar: "
                f"{brief.next_meeting.strftime('%Y-%m-%d %H:%M UTC')}[/dim]")
    c.print()
    c.print("[bold cyan]1. Check in first[/bold cyan]")
    c.print(f"   \"{escape(brief.check_in.question)}\"")
    c.print(f"   [dim]why: {escape(brief.check_in.why)}[/dim]")
    c.print("[bold cyan]2. Let them set the agenda[/bold cyan]")
    c.print(f"   \"{escape(brief.agenda_invite)}\"")
    for topic in brief.report_topics:  # the report's own topics (shared agenda) come first
        c.print(f"   [bold]• {escape(topic.label)}[/bold]")
    c.print("[bold cyan]3. Open threads[/bold cyan]")
    if not brief.threads:
        c.print("   [dim]nothing open from earlier meetings[/dim]")
    for t in brief.threads:
        owner = f"{t.owner.value} owes · " if t.owner else ""
        if t.status == "follow_up":
            owner = "follow-up (its date has passed) · " + owner
        private = " [magenta]\\[private][/magenta]" if t.private else ""
        due = f" · due {escape(t.due)}" if t.due else ""
        c.print(f"   • {escape(t.text)}{private}")
        quote = "" if t.source.quote == t.text else " " + _src(t.source.date, t.source.quote)
        c.print(f"     [dim]{t.kind.value} · {owner}from the 1:1 on {t.source.date}{due} "
                f"(note {t.source.note_id}) · id {t.id}[/dim]{quote}")
    if brief.older_threads:
        n = len(brief.older_threads)
        c.print(f"   [dim]Older, {n} more open (not shown above; `coach brief --json` lists "
                f"them):[/dim]")
        for t in brief.older_threads[:OLDER_SHOWN]:
            private = " \\[private]" if t.private else ""
            c.print(f"   [dim]· {escape(t.text)}{private} ({t.source.date}, id {t.id})[/dim]")
        if n > OLDER_SHOWN:
            c.print(f"   [dim]· …and {n - OLDER_SHOWN} more[/dim]")
    c.print(f"[bold cyan]4. Suggested focus: {brief.focus.area.value}[/bold cyan]")
    c.print(f"   [dim]why: {escape(brief.focus.why)}[/dim]")
    for q in brief.focus.questions:
        c.print(f"   – \"{escape(q)}\"")
    if brief.meta_question:
        c.print("[bold cyan]5. About the 1:1s themselves[/bold cyan]")
        c.print(f"   \"{escape(brief.meta_question.question)}\"")
        c.print(f"   [dim]why: {escape(brief.meta_question.why)}[/dim]")
    if brief.health:
        c.print("[bold yellow]Warning signs[/bold yellow]")
    else:
        c.print("[green]No warning signs.[/green]")
    for h in brief.health:
        c.print(f"   ! [yellow]{h.signal.value}[/yellow]: {escape(h.detail)}")
        for ev in h.evidence[:3]:
            c.print(f"     {_src(ev.date, ev.quote)}")


def print_answer(answer: Answer) -> None:
    console.print(f"[bold]Q: {escape(answer.question)}[/bold]")
    console.print(escape(answer.answer))
    if answer.citations:
        console.print("[dim]Sources:[/dim]")
        for i, cit in enumerate(answer.citations, 1):
            private = " [magenta]\\[private][/magenta]" if cit.private else ""
            console.print(
                f"  [{i}] {escape(cit.person)}, {cit.date} (note {cit.note_id}): "
                f"\"{escape(cit.quote)}\"{private}"
            )


def print_people(people: list[PersonSummary]) -> None:
    if not people:
        console.print("No notes yet. Add some with `coach add` or `coach import DIR`.")
        return
    table = Table(box=None, header_style="bold")
    for col in ("id", "name", "last 1:1", "meetings", "open threads", "warning signs"):
        table.add_column(col)
    for p in people:
        signs = ", ".join(s.value for s in p.warning_signs) or "-"
        table.add_row(str(p.id), escape(p.name), str(p.last_meeting or "-"), str(p.meetings),
                      str(p.open_threads), signs)
    console.print(table)
    upcoming = [f"{p.name} {p.next_meeting.strftime('%Y-%m-%d %H:%M UTC')}"
                for p in people if p.next_meeting is not None]
    if upcoming:
        console.print(escape("next 1:1s (calendar): " + ", ".join(upcoming)))
