"""Turn each line of a note into items: commitments, concerns, requests, growth, topics,
closures, or plain notes.

A line of prose can hold several things ("She mentioned her kid starts school. I'll check the
flex policy with HR."), so long lines are split into sentences and each sentence becomes an
item; every ``quote`` is a contiguous span of the note body, so it can be cited verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.contracts import ItemKind, MeetingStatus, Party
from coach.extract import ExtractedItem
from coach.extract import lexicon as lx
from coach.extract.owner import commitment_party, names_report, own_plan_party, request_party
from coach.extract.sentences import split_sentences
from coach.extract.structure import labelled, took_up
from coach.extract.tables import action_rows, row_item
from coach.notes.parse import NoteLine, ParsedNote
from coach.rules import rx

_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")
_ACTION_HEADINGS = ("action", "todo", "to do", "to-do", "next step", "follow")
_AGENDA_HEADINGS = ("agenda", "topics")
# "Seun's agenda: Lottery bid, CRM clean-up, training" lists topics discussed in this meeting.
_AGENDA_INLINE = re.compile(
    r"^\s*(?:(?:my|our|his|her|their|\w+(?:'|’)s)\s+)?(?:agenda|topics)\s*:", re.I)

_ANSWERED = re.compile(
    r"\b(?:told (?:her|him|them)|walked (?:her|him|them)|explained|answered|"
    r"said (?:yes|no|probably|sure|ok|okay|that)|agreed|gave (?:her|him|them)|"
    r"showed (?:her|him|them)|pointed (?:her|him|them)|i (?:don(?:'|’)t )?think)\b|"
    r"\((?:it|they|she|he) (?:does|doesn(?:'|’)t|"
    r"did|didn(?:'|’)t|won(?:'|’)t|will|is|isn(?:'|’)t)\b", re.I)
# The manager is the (often implied) subject: "asked how he's doing", "I told her ...".
_MANAGER_LED = re.compile(
    r"^(?:i )?(?:asked|checked) (?:how(?! (?:the|a|an|much|many|long|often)\b)|what|"
    r"whether (?:she|he|they)|if (?:she|he|they)(?:'|’)?d|"
    r"(?:her|him|them)\b)|^i (?:asked|told|suggested|said|gave|explained|reminded)\b", re.I)
_REPORT_BROUGHT = re.compile(
    r"\b(?:she|he|they) (?:brought up|raised|flagged|wanted to discuss|suggested|proposed)\b", re.I)
# Time off ("taking Friday off", "she'll be out next week") is logistics, not a commitment;
# "I'll take the triage off her plate" is a commitment.
_TIME_OFF = re.compile(
    r"\b(?:take|taking|took)\s+(?:(?:a|the|two|three|\d+|some|next|this)\s+)?(?:(?:half|full)[- ])?"
    r"(?:days?|weeks?|time|pto|afternoon|morning|mon|tue|wed|thu|fri|monday|tuesday|wednesday|"
    r"thursday|friday)\s+off\b|"
    r"\b(?:be|is|are|he's|she's|they're|he’s|she’s) (?:\w+ )?(?:out|away|off|on leave|on site|"
    r"on-site|in the office|offline|remote|wfh|travell?ing|on holiday|on vacation)\b|"
    r"\b(?:(?:'|’)ll|will) be (?:\w+ )?(?:in|at) (?!charge\b|touch\b)(?-i:[A-Z])\w+", re.I)
# Feedback the report gave the manager is feedback received, not a commitment or a concern -
# unless the manager promises to act on it in the same sentence ("... I'll add a hard stop").
_FEEDBACK_FOR_ME = re.compile(
    r"\bfeedback (?:for|to|on) me\b|\bgave me (?:some |a bit of |his |her |their )?feedback\b|"
    r"^\s*(?:her|him|them|she|he|they|@\w+|(?-i:[A-Z][a-z]+|[A-Z]{1,3}))(?:\s+\([^)]*\))?"
    r"\s*(?:->|→)\s?me\s*(?::|\s[-–—]\s)|"
    r"\bfeedback\b[^.]{0,40}(?:->|→)\s?me\b|"
    r"\b(?:his|her|their) feedback (?:on|about|for) (?:me|my)\b|"
    r"\bupward feedback\b", re.I)
_MANAGER_PROMISE = re.compile(r"\bi(?:'|’)ll\b|\bi will\b|\bi(?:'|’)m going to\b|\bi am going to\b",
                              re.I)
# A decision that leads into a promise ("agreed: I'll move us to Thursdays") is a commitment.
_DECISION = re.compile(r"agreed|decided|settled|confirmed|aligned", re.I)
# The manager's own promise answering an ask in the same sentence ("asked about X -> I'll Y"),
# or in a short sentence glued to it ("skylight leaking again. I'll call the roofer").
_RESPONSE = re.compile(r"(?:->|→|=>)\s*me\b(?=\s*(?:[,;:(]|$|to\b|\s[-–—]\s))|"
                       r"(?:->|→|=>|[,;:.!]|\s[-–—]\s|\bso)\s*(?:(?:and|but|so)\s+)?"
                       r"(?:i(?:'|’)ll|i will|i(?:'|’)d|"
                       r"i(?:'|’)m going to|i said i(?:'|’)d|i said i would|"
                       r"ill(?= (?:look|check|ask|send|sort|chase|find|call|ring|email|book)))\b",
                       re.I)
# The rest of a clause that ends in a question mark: "fixed or flexible?".
_IN_QUESTION = re.compile(r"[^.!;→>]{0,40}\?")
_WORK_FAULT = rx("concern.work_fault")
_OWNS_WORK = rx("commitment.owns_work")
_IMPERATIVE = frozenset((
    "send", "check", "ask", "book", "write", "escalate", "remind", "give", "draw", "reassure",
    "chase", "ring", "call", "email", "arrange", "confirm", "find", "look", "share", "speak",
    "talk", "nominate", "set", "follow", "forward", "sort", "update", "tell", "let", "order",
    "get", "put", "add", "approve", "review", "schedule", "raise", "request", "run", "make", "do",
    "pair", "fix", "buy", "print", "prepare", "draft", "organise", "organize", "plan", "move",
    "cancel", "renew", "submit", "sign", "file", "complete", "finish", "start", "discuss",
    "invite", "introduce", "intro", "block", "pay"))
# "Zoe: ...", "Zoe - ...", "Me: ...": the owner written as a label.
_LEAD_LABEL = re.compile(r"^\s*((?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|[A-Z])|me|i)\s*"
                         r"(?::|\s[-–—]|\s?(?:->|→|=>))\s",
                         re.I)
# A line that opens with someone ("Sam: send rota", "she ...", "@dana"), not the writer.
_FELT = rx("concern.felt")
_FINE_AGAIN = rx("personal.fine_again")
# A line that starts with who it is about ("Dana to...", "@sam", "she..."): also the summary's
# test for whose an unowned to-do box is.
NAMED_START = re.compile(r"^\s*(?:@\w+|(?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)\b(?!\s+(?-i:[a-z]+ing)\b)|"
                          r"(?:she|he|they)\b)", re.I)
_AMBITION = rx("growth.ambition")
_TODO_STATUS = rx("todo.status")
_DECISION_START = re.compile(r"^\W*(?:agreed|decided|decision|settled)\b", re.I)
_OBLIGED = re.compile(r"\b(?:need(?:s)? to|have to|has to|must|should|got to)\b", re.I)
# "visa letter: ..." - a short topic label before the line proper
_TOPIC_LABEL = re.compile(r"^\s*[^:]{1,30}:\s+")
# A done word naming an outcome wanted or nearly reached ("wants it handled", "nearly done").
_NOT_REACHED = rx("hedge.not_reached")
_MUSING = rx("hedge.musing")
# "Block C wants a Saturday clean → she'll cost it": the owner written right after an arrow.
_ARROW_END = re.compile(r"(?:->|→|=>)\s*$")
# A short follow-on action, or one that points back ("I'll check w/ accountant", "said I'd
# deal with it"), is about what the sentence before it on the same line said.
_POINTS_BACK = re.compile(
    r"\b(?:it|them)\b|\b(?:this|that|these|those)\b(?!\s+(?:week|wk|month|year|morning|"
    r"afternoon|evening|time|term|quarter|weekend|one)\b)", re.I)
MAX_FOLLOW_ON_WORDS = 10  # a short action leans on the sentence before it
MAX_POINTING_WORDS = 20  # ...and one that points back ("deal with it") up to this long
_RAISED = rx("concern.raised")
_GROWTH_STRONG = re.compile(
    r"\b(?:career|promot\w*|promo|path to|mentor\w*|conference|kubecon|(?<!of )course|training|"
    r"certif\w*|leadership|rotation|compensation|salary|"
    # "comp" is pay only on its own or before a pay word ("asked about comp", "comp review");
    # "the regional comp was Saturday" is a competition
    r"comp(?=\s*(?:$|[?.,;:)!]|(?:review|band|bands|discussion|conversation|package|increase|"
    r"bump|adjustment|cycle|ratio|range|rise|raise|and|or|vs|structure)\b))|"
    r"summit|staff (?:eng\w*|role|level)|"
    r"senior (?:eng\w*|role|level|designer)|next level|give a talk|submit (?:a|the) talk)\b", re.I)
_INTEREST = re.compile(
    r"\b(?:wants?|wanted|would like|'d like|’d like|interested|curious|excited|keen|hopes?|"
    r"hoping|goal|aspir\w*|thinking|talked about|talk about|asked|dream)\b", re.I)


def is_injection(text: str) -> bool:
    """True for text that tries to instruct the tool; such lines are plain data (notes)."""
    return bool(lx.INJECTION.search(text))


def is_status(text: str) -> bool:
    """A task/project status update ("PR merged", "deploy Tue", "ABC-123 80%")."""
    if lx.TICKET.search(text):
        return True
    hits = len(lx.STATUS.findall(text))
    words = len(text.split())
    return hits >= 2 or (hits == 1 and words <= 9)


def find_due(text: str) -> str | None:
    m = lx.DUE.search(text)
    return m.group(0).strip() if m else None


def _first_name(person: str) -> str:
    return person.split()[0] if person.split() else person


@dataclass(frozen=True)
class Classified:
    kind: ItemKind
    party: Party | None = None
    due: str | None = None


def classify_sentence(
    sentence: str, rest: str, first_name: str, checkbox: str | None, heading: str | None,
    person: str | None = None,
) -> Classified:
    """Classify one sentence. ``rest`` is the text that follows it on the same line;
    ``person`` (the report's full name, when known) lets initials and short forms name them."""
    low = sentence.lower()
    heading = (heading or "").strip(" :").lower()
    if is_injection(sentence):
        return Classified(ItemKind.note)
    if checkbox == "done":
        return Classified(ItemKind.closure)
    if _FEEDBACK_FOR_ME.search(sentence) and not _MANAGER_PROMISE.search(sentence):
        return Classified(ItemKind.note)
    if (any(heading.startswith(h) for h in _AGENDA_HEADINGS)
            or _AGENDA_INLINE.match(sentence)) and checkbox is None:
        return Classified(ItemKind.note)  # agenda items are discussed in the same meeting
    due = find_due(sentence)
    party, pos = commitment_party(sentence, first_name, person)
    time_off = bool(_TIME_OFF.search(sentence))
    concern = bool(lx.CONCERN.search(sentence)) and not re.search(r"\b(?:no longer|not)\b", low)
    if concern and _FINE_AGAIN.search(sentence) and not _FELT.search(sentence):
        concern = False  # "the hospital scan for the baby was good": good news, not a worry
    leading_commit = party is not None and not time_off and (
        pos <= 12 or (not concern and _ARROW_END.search(sentence[:pos]) is not None))
    in_actions = any(heading.startswith(h) for h in _ACTION_HEADINGS)
    cue = _done_cue(sentence)
    fut = lx.FUTURE.search(sentence)
    # "sent her the themes, she'll share them" reports a done thing; the tail is detail.
    if cue is not None and _IN_QUESTION.match(sentence, cue.end()):
        cue = None
    # A done word inside a parenthetical aside does not make a promise that follows it a
    # closure: "applications open in Jan (found out from Sue), she'll apply over xmas".
    closure = (cue is not None and (fut is None or (
        cue.start() < fut.start() and not _DECISION.match(cue.group(0))
        and not _in_aside(sentence, cue.start())))
               and not lx.NOT_DONE.search(sentence))
    manager_led = bool(_MANAGER_LED.search(sentence))
    answered = bool(_ANSWERED.search(sentence + " " + rest))

    if (checkbox == "open" or in_actions) and _MUSING.match(sentence):
        return Classified(ItemKind.note)  # "thinking of making her assistant manager": a thought
    if checkbox == "open" or in_actions:
        if concern and not leading_commit:
            return Classified(ItemKind.concern, Party.report)
        lead = _LEAD_LABEL.match(sentence)
        if party is None and lead is not None and lead.group(1).lower() not in _IMPERATIVE:
            # "- [ ] Zoe: induction pack by 15th": the named person owes it
            who = lead.group(1)
            party = (Party.report if len(who) == 1 or names_report(who, first_name, person)
                     else Party.manager if who.lower() in ("me", "i") else Party.other)
        if party is None and lead is None and _DECISION_START.match(sentence):
            return Classified(ItemKind.note)  # "decided: no Sunday call-outs": a decision
        if party is None and lead is None and _TODO_STATUS.search(sentence) and (
                not _OBLIGED.search(sentence) and _first_word(sentence) not in _IMPERATIVE):
            # "- [ ] harnesses: not done yet": how a to-do stands, not a new one
            return Classified(ItemKind.note)
        if party is None and (not NAMED_START.match(sentence)
                              or sentence.split()[0].lower() in _IMPERATIVE):
            party = Party.manager  # "- [ ] order 2 heaters": the writer's own to-do
        return Classified(ItemKind.commitment, party, due)
    if leading_commit:
        return Classified(ItemKind.commitment, party, due)
    owns = _OWNS_WORK.search(sentence)
    if owns is not None and due and not time_off and not manager_led:
        # "he's leading the bid, first draft by end of June": a deliverable with a deadline
        who = owns.group(0).split()[0].split("'")[0].split("’")[0]
        owner = (Party.report if who.lower() in ("she", "he", "they")
                 or names_report(who, first_name, person) else Party.other)
        return Classified(ItemKind.commitment, owner, due)
    if due and not time_off and not manager_led and own_plan_party(
            sentence, first_name, person) is Party.report:
        # "wants to apply for pre-reg tutor, application due 4/12": a plan of the report's
        # own with a deadline is theirs to carry out
        return Classified(ItemKind.commitment, Party.report, due)
    if concern and not manager_led:
        if _RESPONSE.search(sentence):
            # "...feels isolated, so I'll check with facilities": the manager acts on it
            return Classified(ItemKind.commitment, Party.manager, due)
        return Classified(ItemKind.concern, Party.report)
    if _RAISED.search(sentence) and not manager_led and not answered and not closure:
        if _RESPONSE.search(sentence):
            return Classified(ItemKind.commitment, Party.manager, due)  # "..., I'll call them"
        # a problem raised about the work ("searches very slow since the migration"): carried
        # forward until it stops; about the work, never a check-in (owner: other)
        return Classified(ItemKind.concern, Party.other)
    if is_status(sentence):
        return Classified(ItemKind.note)  # status updates ("PR merged") are not threads
    if closure:
        return Classified(ItemKind.closure)
    growth = bool(_GROWTH_STRONG.search(sentence) or (
        (lx.GROWTH.search(sentence) or _AMBITION.search(sentence))
        and _INTEREST.search(sentence)))
    if growth and not _INTEREST.search(sentence) and lx.PROGRESS.search(sentence) and (
            fut is None and not lx.NOT_DONE.search(sentence)):
        # "she's enrolled in the course, starts in March": progress on a wish, not a new one
        return Classified(ItemKind.closure)
    if not manager_led:
        req = lx.REQUEST.search(sentence)
        req_party = request_party(sentence, first_name, person)
        if req is not None and req_party is Party.report:
            resp = _RESPONSE.search(sentence, req.end())
            if resp is not None or (party is Party.manager and pos > req.start()):
                # the manager took the ask on: one thread, owed by the manager
                return Classified(ItemKind.commitment, Party.manager, due)
            after = sentence[req.end():] + " " + rest
            if not _ANSWERED.search(after):
                if growth and (not re.match(r"ask", req.group(0), re.I)
                               or _INTEREST.search(sentence, 0, req.start())):
                    # "wants NEBOSH diploma, asked re funding": the wish comes first
                    return Classified(ItemKind.growth, Party.report)
                return Classified(ItemKind.request, Party.report, due)
    if lx.MANAGER_ASKED.search(sentence) and due:
        return Classified(ItemKind.commitment, Party.report, due)  # "asked her to X by Fri"
    if party is not None and not time_off:
        return Classified(ItemKind.commitment, party, due)
    if growth and not manager_led and not answered:
        return Classified(ItemKind.growth, Party.report)
    if lx.WE_COMMIT.search(sentence) and due:
        return Classified(ItemKind.commitment, Party.manager, due)
    if _REPORT_BROUGHT.search(sentence) and not answered:
        return Classified(ItemKind.topic, Party.report, due)
    if lx.TOPIC.search(sentence) and not answered and not manager_led:
        return Classified(ItemKind.topic, None, due)
    if _WORK_FAULT.search(sentence) and not answered and not closure:
        # a fault in the work: carried forward until fixed, never a check-in (owner: other)
        return Classified(ItemKind.concern, Party.other)
    return Classified(ItemKind.note)


def _first_word(sentence: str) -> str:
    """The first word of ``sentence`` after a short "topic:" label, lower-cased."""
    m = _TOPIC_LABEL.match(sentence)
    words = re.findall(r"[A-Za-z]+", sentence[m.end():] if m else sentence)
    return words[0].lower() if words else ""


def _done_cue(sentence: str) -> re.Match[str] | None:
    """The first done word of ``sentence`` that reports something done, skipping one that
    names an outcome wanted or nearly reached ("wants it handled quietly", "nearly done")."""
    unreached = [m.span() for m in _NOT_REACHED.finditer(sentence)]
    for m in lx.CLOSURE_STRONG.finditer(sentence):
        if not any(a <= m.start() < b for a, b in unreached):
            return m
    return None


def _follows_on(prev: ExtractedItem, quote: str, kind: ItemKind) -> bool:
    """A commitment that carries on from the note sentence before it on the same line
    ("complaint from a client on Ferndale Rd. she'll write the response"): one thread."""
    return (prev.kind is ItemKind.note and kind is ItemKind.commitment
            and not is_injection(prev.quote) and not _FEEDBACK_FOR_ME.search(prev.quote)
            and (len(quote.split()) <= MAX_FOLLOW_ON_WORDS or (
                len(quote.split()) <= MAX_POINTING_WORDS and bool(_POINTS_BACK.search(quote)))))


def _in_aside(text: str, pos: int) -> bool:
    """True when ``pos`` lies inside an unclosed "(" of ``text``."""
    head = text[:pos]
    return head.count("(") > head.count(")")


def _fitted(quote: str, line: NoteLine, c: Classified,
            first_name: str | None = None) -> tuple[Classified, str]:
    """The rules' classification, overruled where the fitted line models are confident
    (coach/extract/decide.py). Structure still wins: a ticked checkbox is a closure, text that
    tries to instruct the tool and agenda items stay notes."""
    if line.checkbox == "done" or is_injection(quote) or (
            c.kind is ItemKind.note and any((line.heading or "").strip(" :").lower().startswith(h)
                                            for h in _AGENDA_HEADINGS)):
        return c, ""
    from coach.extract.decide import refine

    f = refine(quote, c.kind, c.party, first_name=first_name)
    if not f.decided_by:
        return c, ""
    due = (c.due or find_due(quote)) if f.kind in (ItemKind.commitment, ItemKind.request) else None
    return Classified(f.kind, f.party, due), f.decided_by


def _line_items(line: NoteLine, first_name: str, person: str | None = None
                ) -> list[ExtractedItem]:
    out: list[ExtractedItem] = []
    starts: list[int] = []
    spans = split_sentences(line.text)
    for i, sp in enumerate(spans):
        quote = line.text[sp.start:sp.end].strip()
        rest = line.text[sp.end:]
        c = classify_sentence(quote, rest if i + 1 < len(spans) else "", first_name,
                              line.checkbox, line.heading, person)
        c, decided_by = _fitted(quote, line, c, first_name)
        prev = out[-1] if out else None
        if (prev is not None and prev.kind in (ItemKind.request, ItemKind.growth)
                and prev.party is Party.report and c.kind is ItemKind.commitment
                and c.party is Party.manager):
            # "Asked if we cover the course. I'll check with Dana." - the manager took the ask
            # on: one thread, owed by the manager, quoting both sentences.
            both = line.text[starts[-1]:sp.end].strip()
            out[-1] = ExtractedItem(
                line_no=line.number, kind=c.kind, text=both, quote=both, party=c.party,
                due=c.due or prev.due, private=line.private, checkbox=line.checkbox,
                decided_by=decided_by or prev.decided_by)
            continue
        if prev is not None and _follows_on(prev, quote, c.kind):
            both = line.text[starts[-1]:sp.end].strip()
            out[-1] = ExtractedItem(
                line_no=line.number, kind=c.kind, text=both, quote=both, party=c.party,
                due=c.due or find_due(both), private=line.private, checkbox=line.checkbox,
                decided_by=decided_by)
            continue
        starts.append(sp.start)
        out.append(ExtractedItem(
            line_no=line.number, kind=c.kind, text=quote, quote=quote, party=c.party,
            due=c.due, private=line.private, checkbox=line.checkbox, decided_by=decided_by,
        ))
    return out


def extract_items(note: ParsedNote) -> list[ExtractedItem]:
    """Items for every non-heading line of ``note`` (sentences of long lines separately)."""
    first = _first_name(note.person)
    items: list[ExtractedItem] = []
    prev_line = 0
    rows, chrome = action_rows(list(note.lines))  # "| Action | Owner | Due |"
    for line in labelled(note.lines, _ACTION_HEADINGS):
        if _HEADING_LINE.match(line.raw):
            continue
        if note.status is not MeetingStatus.held or line.number in chrome:
            # A cancelled/moved meeting's text is logistics; it is evidence, not threads.
            items.append(ExtractedItem(line.number, ItemKind.note, line.text, line.text,
                                       private=line.private, checkbox=line.checkbox))
            continue
        if line.number in rows:
            items.append(row_item(line, rows[line.number], first, note.person))
            prev_line = line.number
            continue
        got = _line_items(line, first, note.person)
        taken = took_up(items[-1] if items else None, prev_line, got)
        if taken is not None:
            items[-1] = taken  # "- asked about X" / "- I'll check with HR": the manager's now
        items.extend(got)
        prev_line = line.number
    return items
