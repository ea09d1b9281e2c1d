"""Part-way there: a later line about a thread that says it is only partly done ("1 of 2
trained", "first pass done", "platform 4 fixed, platform 5 still too quiet") is progress, and
the thread stays open."""

from __future__ import annotations

from coach.contracts import ItemKind
from coach.engine.closure import STARTED, short_of, undone
from coach.engine.lineindex import LineIndex, _Line
from coach.engine.textmemo import partial
from coach.engine.threadwords import GENERIC
from coach.extract import lexicon as lx
from coach.rules import rx

# "I haven't read them yet": the thing named by a pronoun (coach/rules/en/closure.yaml).
BACK_REFERENCE = rx("closure.back_reference")


def in_progress(index: LineIndex, thread: _Line, line: _Line, own_shared: set[str]) -> bool:
    """The clause about the thread says it is part-way ("1 of 2 trained", "first pass"),
    or still undone, or, for something owed, only started; or the line is part-way and the
    clause about the thread reports nothing done itself ("display: started, about half up")."""
    quote = line.item.quote
    if short_of(thread.item.quote, quote):
        return True  # "30 files" ... "12 done"
    if lx.NOT_DONE.search(quote) and any(undone(c) and (
            toks & own_shared - index.names - GENERIC or BACK_REFERENCE.search(c))
            for c, toks in index._clause_toks(line)):
        # "PA: contractor came, platform 4 fixed, platform 5 still too quiet"; "the agency sent
        # two CVs, I haven't read them yet"
        return True
    line_partial = partial(quote)
    if not line_partial and not STARTED.search(quote):
        return False  # the common case: nothing in the line says part-way
    focus = index._head(thread) & own_shared or own_shared
    about = [c for c, toks in index._clause_toks(line) if toks & focus]
    if not about:
        return line_partial
    if any(partial(c) for c in about):
        return True
    owed = thread.item.kind is ItemKind.commitment
    if owed and any(STARTED.search(c) for c in about):
        return True
    return line_partial and not any(lx.CLOSURE_STRONG.search(c) for c in about)
