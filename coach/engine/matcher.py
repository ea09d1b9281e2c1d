"""ThreadMatcher: indexes a person's lines once and answers "which later line closed (or
mentioned) this thread?".

Decided from words alone (stems, synonyms, IDF-weighted overlap, closure cues), never from the
embedder, so thread state is the same whichever embedder ingest used.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from coach.contracts import ItemKind
from coach.engine.closure import (
    AWAITS_DECISION,
    DONE_STATE,
    LIGHT_VERBS,
    PRONOUN_AFTER,
    outcome_words,
    own_past,
    past_forms,
    purpose_conflict,
    settles_ask,
    well_again,
)
from coach.engine.lineindex import _Line
from coach.engine.matchclues import CAME_TO_NOTHING, KEPT, ON_TRIAL, POSSIBILITY, MatchClues
from coach.engine.parties import (
    BARE_ANSWER,
    INFO_SOUGHT,
    VERDICT,
    answer_pattern,
    asked_parties,
    find_answer,
    manager_asks,
    verdict_clause,
)
from coach.engine.partway import in_progress
from coach.engine.textmatch import modifier_conflict
from coach.engine.textmemo import (
    closes_text,
    did_own_verb,
    event_date,
    object_phrase,
    outcome_clauses,
    thread_verb,
    without_answer_cues,
)
from coach.engine.threadwords import (
    GENERIC,
    WELLBEING_CONCEPTS,
    WHEN_TOKENS,
    is_mood,
    qualifier_conflict,
    same_schedule,
    schedule,
    units,
)
from coach.engine.timebound import EVENT
from coach.extract import lexicon as lx
from coach.rules import rx

# A closing line must cover this share of the thread's (IDF-weighted) words...
MIN_COVERAGE = 0.2
# ...and share at least two words, or one rare one with this much coverage. One shared rare
# word ("roadmap", "1402", "kubecon") is how people refer back to a thing in a short line.
MIN_COVERAGE_SINGLE = 0.3
# ...or make up this share of the later line (which is then about the thread).
MIN_CANDIDATE_SHARE = 0.33
# Report-side threads (concerns, requests, growth) are closed only on stronger overlap:
# hiding something the report raised is the costlier mistake.
MIN_COVERAGE_REPORT_SIDE = 0.25
# Context from the rest of the same line ("...retro format is stale. I'll bring it up")
# counts at this weight, so "it" in a commitment can still be matched.
SIBLING_WEIGHT = 0.5

# What the report asks for or worries about (an ask for other hours may be either).
_ASK_KINDS = (ItemKind.request, ItemKind.concern, ItemKind.growth, ItemKind.topic)
# What the report wishes for: settled once it is arranged.
_WISH_KINDS = (ItemKind.request, ItemKind.growth)
# A question the report asked ("asked why we...", "why is the rota...?").
_QUESTION = re.compile(r"\basked (?:why|whether|if|how|what|when|who)\b|\?", re.I)
ON_THE_SPOT = rx("closure.answered_on_the_spot")
# "I'll order a new one": the object stands for the thing the line already named
PRO_FORM_OBJECT = rx("closure.pro_form_object")
_WORD = re.compile(r"[a-z]+")


@dataclass
class _Match:
    line: _Line
    score: float
    own_shared: set[str]
    shared: set[str]
    answered: bool = False  # the person the manager was to ask gave their answer
    headed: bool = False  # the line is written under the thread's own heading ("NACE: ...")
    heading_only: bool = False  # ...and nothing else ties it to the thread


class ThreadMatcher(MatchClues):
    """Indexes a person's lines once; answers "what closed / mentioned this thread?"."""

    def _matches(self, thread: _Line, relaxed: bool = False,
                 keep: Callable[[_Line], bool] | None = None) -> list[_Match]:
        """Later lines sharing words with ``thread`` that are about the same thing.

        ``relaxed`` (used to find closers, whose lines must also report completion): one
        shared distinctive object word is enough ("the quote", "the course"), and the past
        tense of the thread's own verb with a pronoun ("raised it") refers back to it.
        ``keep`` is a cheap test a line must pass before it is scored (closers only look at
        lines that report completion), which keeps long histories fast."""
        core = self.core(thread)
        closing = relaxed
        relaxed = relaxed and thread.item.kind is not ItemKind.concern
        verb = thread_verb(thread.item.quote) if relaxed else None
        verb_toks = self.tok(" ".join({verb} | past_forms(verb)), set()) if verb else set()
        phrase = object_phrase(thread.item.quote) if relaxed else None
        obj_toks = self.tok(phrase) - verb_toks if phrase else core
        if phrase and PRO_FORM_OBJECT.search(phrase):
            obj_toks = core - verb_toks  # "logger is dead. I'll order a new one": a logger
        own = {t: self.w(t) for t in thread.toks}
        ctx = dict(own)
        for t in self.siblings[(thread.meeting.id, thread.item.line_no)] - thread.toks:
            ctx[t] = self.w(t) * SIBLING_WEIGHT
        # when it happens ("in Oct", "starts in March") is detail too
        total_toks = {t for t in core if t not in WHEN_TOKENS} or core
        if thread.item.kind is ItemKind.concern:
            # a worry is about its cause ("long hours on Harlow"): the mood words describe the
            # person, so they do not dilute how much of the cause a later line covers
            total_toks = {t for t in total_toks if not is_mood(t)} or total_toks
        own_total = sum(own[t] for t in total_toks) or 1.0  # details match but do not dilute
        ctx_total = own_total + sum(v for t, v in ctx.items() if t not in own) or 1.0
        floor = MIN_COVERAGE_REPORT_SIDE if thread.item.kind in (
            ItemKind.concern, ItemKind.request, ItemKind.growth) else MIN_COVERAGE
        idxs: set[int] = set()
        pos = self._pos[thread.item.id]
        # (a heading may name it: a word of the sentence before, or a weekday)
        for t in own.keys() | self._previous_sentence(thread) | self.days_of(thread):
            if self.idf.df.get(t, 0) > self.cand_df:
                continue  # too common to find candidates with (it cannot match alone)
            posting = self.by_token.get(t, ())
            # postings are in note order: only lines after the thread can close it
            idxs.update(posting[bisect.bisect_right(posting, pos):])
        timed: set[int] = set()
        owed = thread.item.kind is ItemKind.commitment
        if (thread.item.kind in _ASK_KINDS or owed) and schedule(thread.item.quote)[0]:
            # ...or a promise about hours ("I'll block Monday 9-10"), named again by a word of
            # its own with the same days and times ("Monday 9-10 block working")
            days = schedule(thread.item.quote)[0]
            timed = {i for i in self._dayed() if i > pos and (
                (days & schedule(self.lines[i].item.quote)[0]
                 and not thread.toks.isdisjoint(self.lines[i].toks)) if owed
                else same_schedule(thread.item.quote, self.lines[i].item.quote))}
            idxs |= timed
        answer = None
        who: list[str] = []
        who_toks: set[str] = set()
        via_toks: set[str] = set()  # the go-between's own words ("facilities", "HR")
        if thread.item.kind is ItemKind.commitment or manager_asks(thread.item.quote):
            who = asked_parties(thread.item.quote, self.drop,
                                strict=thread.item.kind is not ItemKind.commitment)
            who_toks = {x for w in who for x in w.lower().split()}
            via_toks = self.tok(" ".join(who))
            answer = answer_pattern(who, thread_verb(thread.item.quote))
        # a dated event the thread is about ("committee is on the 8th", "worried about the
        # regatta on the 8th"): once that day has come, a later line about the event itself
        # ("committee went fine") is about this thread, a worry about it included
        event_toks: set[str] = set()
        when = event_date(thread.item.quote, thread.meeting.date) if closing else None
        if when is not None:
            event_toks = {t for m in EVENT.finditer(thread.item.quote)
                          for t in self.tok(m.group(0))} & core - self.names
        # ...or by the name it is given beside its date ("swiftwater refresher 4 Oct, bit
        # nervous" ... "swiftwater day went ok"), a word rare in the person's notes, when the
        # later line says it went (a result alone is news, not a settled worry)
        named_toks = {t for c, toks in self._clause_toks(thread)
                      if event_date(c, thread.meeting.date) is not None
                      for t in toks if self.distinctive(t) and t not in WHEN_TOKENS} if (
            when is not None and thread.item.kind is not ItemKind.commitment) else set()
        out: list[_Match] = []
        for idx in sorted(idxs):
            cand = self.lines[idx]
            if cand.order <= thread.order or cand.meeting.id == thread.meeting.id:
                continue
            got = find_answer(answer, cand.item.quote) if answer is not None else None
            if got is None and who and owed and self._had_sessions(who, cand.item.quote):
                got = "said yes"  # "I'll ask Liz whether she has capacity" ... "two sessions"
            if got is not None and (lx.NOT_DONE.search(cand.item.quote)
                                    or lx.REOPEN.search(cand.item.quote)):
                got = None  # "HR hasn't replied about the leave dates": no answer yet
            if got is not None and (head := self.heading_toks(cand)) and head.isdisjoint(
                    ctx.keys() | who_toks | via_toks):
                got = None  # "stout → Jo said yes": an answer about another thing
            if got is not None and (
                    BARE_ANSWER.search(got)
                    or (set(ctx) & cand.toks) - self.names - set(who_toks)
                    or len(cand.toks - set(who_toks) - self.names) <= 1
                    or any(" " in w and w.lower() in cand.item.quote.lower() for w in who)):
                # the answer is about this ask: it shares a topic word, or says nothing else
                # "I'll ask Dee whether..." ... "Dee said yes": the answer closes the ask
                out.append(_Match(cand, 1.0, set(own) & cand.toks, set(ctx) & cand.toks,
                                  answered=True))
                continue
            if keep is not None and not keep(cand):
                continue
            own_shared = own.keys() & cand.toks
            if not own_shared - via_toks and idx not in timed and not self._under_heading(
                    thread, cand) and not (closing and own_shared and self._acted(thread, cand)):
                continue  # sibling words, or the go-between alone, never identify a thread
                # (unless the very action was done with them: "introduce him to Hollie" ...
                # "met Hollie last week")
            if own_shared - GENERIC:
                # a line about the same thing may write a word in short ("vent survey")
                own_shared |= self.short_forms(set(own), cand.toks)
            shared = ctx.keys() & cand.toks | own_shared
            own_cov = min(1.0, sum(own[t] for t in own_shared) / own_total)
            ctx_cov = min(1.0, sum(ctx[t] for t in shared) / ctx_total)
            cand_total = self._line_total(cand)
            cand_cov = sum(self.w(t) for t in own_shared) / cand_total
            ok = False
            if units(shared) >= 2 and max(own_cov, ctx_cov) >= floor:
                ok = units(own_shared) >= 2 or own_cov >= MIN_COVERAGE_SINGLE or ctx_cov >= floor
            if not ok and units(own_shared) == 1:
                tok = min(own_shared, key=lambda t: self.idf.df.get(t, 0))
                # (the completion cue itself names nothing: "fixed earlies" ... "console 3 fixed")
                rare = (self.idf.df.get(tok, 0) <= self.rare_df and tok not in self.names
                        and tok not in GENERIC and tok in self.bare_toks(cand))
                ok = (rare and (own_cov >= max(MIN_COVERAGE_SINGLE, floor)
                                or cand_cov >= MIN_CANDIDATE_SHARE)
                      ) or (own_cov >= 0.5 and cand_cov >= 0.3 and tok not in GENERIC)
            if not ok and units(own_shared) >= 2 and cand_cov >= MIN_CANDIDATE_SHARE:
                # a short later line made mostly of the thread's words, one of them rare: a
                # long thread line is covered little by it ("new deckhand Tiago is good but he
                # forgets the PPE..." ... "Tiago now always with PPE, no problem more")
                ok = any(self.distinctive(t) for t in own_shared if not t.isupper())
            if ok and owed and own_shared & verb_toks and not (
                    own_shared - verb_toks - self.same_subject(thread, cand)):
                # the verb and a name alone: "Rosa sent the permit renewals out" is another
                # thing sent, unless it refers back ("Rosa sent them out")
                past = own_past(verb, cand.item.quote)
                ok = past is not None and bool(PRONOUN_AFTER.match(cand.item.quote, past.end()))
            if not ok and idx in timed:
                ok = True  # an ask about hours, answered in its own days and times
            headed = self._under_heading(thread, cand)
            heading_only = headed and not ok
            ok = ok or headed
            if not ok and when is not None and cand.meeting.date >= when:
                ok = bool(own_shared & event_toks) or bool(own_shared & named_toks) and (
                    closes_text(cand.item.quote, cand.item.checkbox, None, wellbeing=True))
            if not ok and closing and own_shared and self._acted(thread, cand):
                ok = True  # the proposed action itself, done: "sat in on the Moretti call"
            if not ok and closing and own_shared - GENERIC and ON_TRIAL.search(
                    thread.item.quote) and KEPT.search(cand.item.quote):
                ok = True  # a trial, kept: "lane trial" ... "happier with the lanes, keeping it"
            if not ok and relaxed:
                ok = self._relaxed_ok(own_shared & obj_toks, own_shared - verb_toks, verb,
                                      verb_toks, cand)
            if not ok and thread.item.kind is ItemKind.concern and (
                    own_shared & WELLBEING_CONCEPTS) and well_again(cand.item.quote):
                ok = True  # "stressed" ... later "feeling much better, well rested"
            if ok:
                out.append(_Match(cand, max(own_cov, ctx_cov) + 0.1 * len(own_shared),
                                  own_shared, shared, headed=headed,
                                  heading_only=heading_only))
        return out

    def closer(self, item_id: int) -> _Line | None:
        """The line that best says this thread happened (None: still open)."""
        thread = self._by_item.get(item_id)
        if thread is None:
            return None
        concern = thread.item.kind is ItemKind.concern
        verb = None if concern else thread_verb(thread.item.quote)
        if verb in LIGHT_VERBS:
            verb = None
        best: _Match | None = None
        answers_close = thread.item.kind in (ItemKind.request, ItemKind.topic, ItemKind.concern)

        def done(line: _Line) -> bool:
            key = (line.item.id, answers_close, concern, verb)
            got = self._done.get(key)
            if got is None:
                it = line.item
                text = it.quote if answers_close else without_answer_cues(it.quote)
                got = closes_text(text, it.checkbox, it.kind if answers_close else None,
                                  wellbeing=concern) or did_own_verb(verb, it.quote)
                self._done[key] = got
            return got

        def reopens(line: _Line) -> bool:
            got = self._reopen.get(line.item.id)
            if got is None:
                got = self._reopen[line.item.id] = bool(lx.REOPEN.search(line.item.quote))
            return got

        own_words = frozenset(_WORD.findall(thread.item.quote.lower()))

        def outcome(line: _Line) -> list[str]:
            got = self._outcome.get(line.item.id)
            if got is None:
                got = self._outcome[line.item.id] = outcome_clauses(line.item.quote,
                                                                    line.item.checkbox)
            # the thread's own words are no outcome: "compressed hours", "fixed earlies"
            return [c for c in got if any(w not in own_words for w in outcome_words(c))]

        def acted(line: _Line) -> bool:
            return self._acted(thread, line)

        sought = bool(INFO_SOUGHT.search(thread.item.quote))
        # a possibility that came to nothing ("might get transferred" ... "fell through")
        maybe = answers_close and POSSIBILITY.search(thread.item.quote) is not None

        def came_to_nothing(line: _Line) -> bool:
            return maybe and CAME_TO_NOTHING.search(line.item.quote) is not None

        passed = event_date(thread.item.quote, thread.meeting.date)
        wish = thread.item.kind in _WISH_KINDS
        pending = AWAITS_DECISION.search(thread.item.quote) is not None

        def next_done(line: _Line) -> _Line | None:
            """The next sentence on the line says it happened and names the thread too ("Elm
            Road: was the old valve." "he change it free, customer is happy now")."""
            nxt = self.next_sentence(line)
            if nxt is None or not nxt.toks & thread.toks or lx.NOT_DONE.search(
                    nxt.item.quote) or reopens(nxt):
                return None
            return nxt if done(nxt) or outcome(nxt) else None

        spot = self.next_sentence(thread)
        if answers_close and spot is not None and ON_THE_SPOT.search(spot.item.quote) and (
                _QUESTION.search(thread.item.quote)):
            return spot  # "he asked why we bid for the framework. explained the pipeline"
        # a line with no cue is only worth scoring when it names what the thread acts on
        about = self._head(thread) or set(thread.toks)
        matches = self._matches(thread, relaxed=True, keep=lambda ln: done(ln) or reopens(ln) or (
            not ln.toks.isdisjoint(about) and bool(outcome(ln))) or bool(
            self.heading_toks(ln)) or (sought and VERDICT.search(ln.item.quote) is not None)
            or ((wish or pending) and any(settles_ask(c, wish, pending)
                                          for c, _ in self._clause_toks(ln)))
            or next_done(ln) is not None or acted(ln) or came_to_nothing(ln) or (
                passed is not None and ln.meeting.date >= passed and self._judged(ln)))
        for match in matches:
            if came_to_nothing(match.line):
                pass  # settled either way: nothing part-way about it
            elif not match.answered:
                if not done(match.line):
                    said = match.line if acted(match.line) else self._settles(
                        thread, match, sought, outcome(match.line))
                    if said is None:
                        nxt = next_done(match.line)
                        if nxt is None:
                            continue
                        said = nxt
                    match = replace(match, line=said)
                if match.line.item.checkbox != "done" and (
                        in_progress(self, thread, match.line, match.own_shared)
                        or purpose_conflict(thread.item.quote, match.line.item.quote, self.tok)
                        or qualifier_conflict(
                            thread.item.quote, match.line.item.quote, self.drop)
                        or (sum(not t.isupper() for t in match.own_shared) == 1
                            and modifier_conflict(
                                thread.item.quote, match.line.item.quote, match.own_shared))):
                    continue  # part-way there, or the same kind of thing but another one
            if best is None or match.score > best.score or (
                    match.score == best.score and match.line.order < best.line.order):
                best = match
        if best is None:
            return None
        # (c) a still-later line that re-opens or defers it ("still waiting on the quote")
        # (a heading alone is too little to undo one: "sensors: install slipped to Jan" is
        # about the install, not about taking the sensors to the capex panel)
        if any(m.line.order > best.line.order and reopens(m.line) and not m.heading_only
               and not came_to_nothing(m.line) for m in matches):
            return None
        return best.line

    def _settles(self, thread: _Line, match: _Match, sought: bool,
                 said: list[str]) -> _Line | None:
        """A line with no completion cue that still says the thread happened: a past-tense
        outcome or settled state of what it acts on, or, for a thread that waits for an answer,
        the answer ("NACE: budget ok for level 2", "academy: 15% off for 3+")."""
        about = (self._head(thread) or match.own_shared) & match.own_shared
        clause_toks = self._clause_toks(match.line)
        if any(toks & about for c, toks in clause_toks if c in said):
            return match.line
        if match.headed and any(DONE_STATE.search(c) for c in said):
            return match.line  # "showers: hot again, new valve fitted" (not "put an ad in")
        when = event_date(thread.item.quote, thread.meeting.date)
        if match.headed and said and when is not None and match.line.meeting.date >= when:
            return match.line  # a dated thing, after its day: "open day: 34 couples came"
        if when is not None and match.line.meeting.date >= when and (
                match.headed or units(match.own_shared) >= 2) and self._judged(match.line):
            return match.line  # ...judged by someone there: "evac drill: patrol happy"
        if sought and verdict_clause(clause_toks, None if match.headed else (
                match.own_shared | self.heading_toks(match.line))):
            return match.line
        wish = thread.item.kind in _WISH_KINDS
        pending = AWAITS_DECISION.search(thread.item.quote) is not None
        if (wish or pending) and any((match.headed or toks & match.own_shared) and settles_ask(
                c, wish, pending) for c, toks in clause_toks):
            # what was asked, arranged: "site: he'll shadow Raj from Oct"; what someone was to
            # think about, decided: "TRiM - she went for it in the end"
            return match.line
        return None

    def mentions(self, item_id: int, keep: Callable[[_Line], bool] | None = None
                 ) -> list[_Line]:
        """Later lines that come back to the thread (closing it or not), oldest first;
        with ``keep``, at least those of them that pass it (see ``_matches``)."""
        thread = self._by_item.get(item_id)
        if thread is None:
            return []
        return sorted((m.line for m in self._matches(thread, keep=keep)),
                      key=lambda ln: ln.order)

    def _dayed(self) -> list[int]:
        """Positions of the lines that name a weekday (only those can share a schedule)."""
        got = self.__dict__.get("_dayed_pos")
        if got is None:
            got = self.__dict__["_dayed_pos"] = [
                i for i, line in enumerate(self.lines) if schedule(line.item.quote)[0]]
        return got
