"""Clues the thread matcher reads between a thread and one later line: the object's head noun
alone or the thread's own verb with a pronoun ("raised it"), the very action the thread proposed
reported done ("sat in on the call"), and sessions had with the person the manager was to ask.
``ThreadMatcher`` (coach/engine/matcher.py) builds on it."""

from __future__ import annotations

from coach.engine.acted import acted_on
from coach.engine.closure import LIGHT_VERBS, PRONOUN_AFTER, own_past
from coach.engine.lineindex import LineIndex, _Line
from coach.engine.threadwords import CONCEPT_ONLY_SHARE, GENERIC, WHEN_TOKENS
from coach.extract import lexicon as lx
from coach.rules import rx

# "has now had two sessions with Liz": what the party was asked for, given
SESSIONS_WITH = rx("closure.sessions_with")
# "patrol happy", "zero non-conformances": how a dated thing went, judged
EVENT_VERDICT = rx("closure.event_verdict")
# "might get transferred" ... "fell through, they're staying"
POSSIBILITY = rx("closure.possibility")
CAME_TO_NOTHING = rx("closure.came_to_nothing")
# "lane trial starts 4 Nov" ... "happier with the lanes, keeping it": a trial, kept
ON_TRIAL = rx("closure.on_trial")
KEPT = rx("closure.kept")


class MatchClues(LineIndex):
    """A person's lines, indexed, with the pairwise clues the matcher reads."""

    def _acted(self, thread: _Line, line: _Line) -> bool:
        """``line`` reports the very action ``thread`` proposed, on a word rare enough to name
        the thing ("sits in on my call with the Moretti rep" ... "sat in on the Moretti call")."""
        return any(t not in GENERIC and not t.isupper() and self.idf.df.get(t, 0) <= (
            2 * self.rare_df) for t in acted_on(thread.item.quote, line.item.quote, self.tok))

    @staticmethod
    def _had_sessions(who: list[str], text: str) -> bool:
        """The report has had sessions with one of ``who`` (closure.sessions_with)."""
        return any(text[m.end():].lower().startswith(tuple(w.lower() for w in who))
                   for m in SESSIONS_WITH.finditer(text)) and not lx.NOT_DONE.search(text)

    def _relaxed_ok(self, obj_shared: set[str], other_shared: set[str], verb: str | None,
                    verb_toks: set[str], cand: _Line) -> bool:
        # the object's head noun alone ("got the printer estimate back"), said outside the
        # completion cue itself ("written down" does not refer back to "his writing")
        bare = self.bare_toks(cand)
        if any(self.distinctive(t) and t in bare for t in obj_shared if not t.isupper()):
            return True
        concepts = [t for t in obj_shared if t.isupper() and self.distinctive(t)]
        if concepts:
            # a synonym alone ("enrolled" for a course) only when the line is about little else
            total = sum(self.w(t) for t in cand.toks if t not in WHEN_TOKENS) or 1.0
            return sum(self.w(t) for t in obj_shared) / total >= CONCEPT_ONLY_SHARE
        if other_shared or not verb or verb in LIGHT_VERBS:
            return False
        past = own_past(verb, cand.item.quote)
        if past is None or not PRONOUN_AFTER.match(cand.item.quote, past.end()):
            return False
        # "raised it": only when this verb is rare for the person, so "it" is unambiguous
        return all(self.idf.df.get(t, 0) <= self.rare_df for t in verb_toks if not t.isupper())

    def _judged(self, line: _Line) -> bool:
        """``line`` says how a thing went, judged by someone there ("auditor happy"), with
        nothing in it still undone."""
        quote = line.item.quote
        return bool(EVENT_VERDICT.search(quote)) and not (
            lx.NOT_DONE.search(quote) or lx.REOPEN.search(quote) or lx.FUTURE.search(quote))
