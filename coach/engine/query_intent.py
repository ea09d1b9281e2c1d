"""The intent patterns of a question (coach/engine/query.py): what it asks for - follow-ups,
what either side owes, what is held up, the state or outcome of a matter, a kind of thread -
and how a line says growth, training or not coping in other words. Pure regexes."""

from __future__ import annotations

import re

FOLLOW_UP = re.compile(
    r"\b(follow[\s-]?ups?|follow(?:ed|ing) (?:\w+ )?up|open|outstanding|pending|owe[sd]?|"
    r"owing|promised?|promises|commit(?:ment)?s?|committed|action items?|to-?dos\b|todo|to-do|"
    r"loose ends|unresolved|"
    r"carry(?:ing)? forward|waiting on|waiting for|left to do|still to do|on my plate|threads?|"
    r"chase|chasing|get back to|got back to|where are we|where did we get to|"
    r"(?:say|said) (?:i|we)(?:'|’)?d|(?:say|said) (?:i|we) (?:would|will)|"
    r"(?:need|needs|have|has|got) to do)\b",
    re.I,
)
MANAGER_SIDE = re.compile(
    r"\b(i|did i|do i)\s+(?:still\s+|really\s+|also\s+|ever\s+)?(owe|promised?|commit(?:ted)?|"
    r"said i'?d|need to)\b|\bmy (commitments|"
    r"promises|action items|to-?dos?)\b|\bwhat did i\b",
    re.I,
)
# "Is Fatima waiting on anything from me?": what you owe and what they asked you for.
WAITING_ON_ME = re.compile(
    r"\b(?:waiting|wait) (?:on|for) (?:\w+ )?(?:from )?me\b|\bfrom me\b|"
    r"\bdid i (?:ever )?get back\b",
    re.I,
)
# "What did Dana promise?", "what does she owe me?": what the report owes.
REPORT_SIDE = re.compile(
    r"\b(?:does|did|has|have)\s+(?!i\b|we\b|you\b)[a-z][\w'’.-]*(?:\s+[a-z][\w'’.-]*)?\s+"
    r"(?:owe|promise|promised|commit(?:ted)? to|agree(?:d)? to|say (?:she|he|they)(?:'|’)?d)\b|"
    r"\bowes? me\b|\b(?:she|he|they)\s+(?:owes?|promised|committed to)\b|"
    r"\b(?:his|her|their)\s+(?:commitments|promises|action items|to-?dos?)\b|"
    # "what's Jamal got to do?", "what does she need to do?"
    r"\b(?:what(?:'s|’s| is| has| does| do)?|anything)\s+(?!i\b|we\b|you\b)[a-z][\w'’.-]*\s+"
    r"(?:got|need|needs|have|has) to do\b",
    re.I,
)
# "What's waiting on someone else for Joy?": what is held up by a third party.
WAITING_ON_OTHERS = re.compile(
    r"\b(?:waiting|wait|depend(?:s|ing)?|stuck|blocked|held up) (?:on|for|by) (?:someone|somebody|"
    r"anyone|anybody|other people|others|a third party)\b|\bout of (?:our|my) hands\b",
    re.I,
)
# "Where are we with the grant?": the state of a matter, done parts included.
STATUS = re.compile(
    r"\bwhere (?:are|were) we (?:at )?(?:with|on)\b|\bwhere did we (?:get|land|end up)\b|"
    r"\b(?:status|progress|latest) (?:of|on|with)\b|"
    r"\b(?:did|have|has|was|were|is) (?:[a-z]+(?:'s)? )?(?:ever |already |"
    r"actually |finally )?(?:sort(?:ed)?|resolve[ds]?|fix(?:ed)?|settle[ds]?|close[ds]?|"
    r"decide[ds]?|agree[ds]?|land(?:ed)?|finish(?:ed)?|get (?:sorted|resolved|fixed|done)|"
    r"take|taken|book(?:ed)?|hear back|heard back|go ahead)\b|"
    r"\bwhat did (?:we|i) (?:decide|agree|land on|settle on)\b|"
    r"\b(?:been|got|get|gotten|getting) (?:sorted|resolved|fixed|settled|decided|agreed|"
    r"finished|done)\b|"
    # "did the lads get their overtime sorted?", "has she got the cert renewed yet?"
    r"\b(?:did|has|have|was|were)\b(?P<gap>[^?.!]{1,60}?)\b(?:get|got|gotten)\b(?P<gap2>[^?.!]{1,40}?)"
    r"\b(?:sorted|"
    r"resolved|fixed|settled|done|paid|approved|signed off|booked|through)\b|"
    # "did the engineer fix the balancer?", "has payroll paid the back pay?"
    r"\b(?:did|has|have)\b(?P<gap3>(?: (?!about\b|re\b|regarding\b|anything\b|something\b|"
    r"on\b|for\b|with\b|to\b|say\b|said\b|ask\b|asked\b|mention\b|promise\b|promised\b|owe\b)"
    r"[\w'’-]+){1,3}?) (?:sort|sorted|fix|"
    r"fixed|resolve|resolved|settle|settled|finish|finished|approve|approved|paid|booked|sign off|"
    r"signed off|agree|agreed|decide|decided|repair|repaired|replace|replaced)\b|"
    # "did the police ever get back to her?", "has HR come back on the contract?" (someone
    # else answering; "did I get back to her?" is what you owe, WAITING_ON_ME)
    r"\b(?:did|has|have)\b(?P<gap6>(?: (?!i\b|we\b)[\w'’-]+){1,3}?) (?:ever |finally |yet )?"
    r"(?:get|got|gotten|come|came) back\b|"
    # "is Sam's leave sorted?", "are her shifts booked yet?"
    r"\b(?:is|are|was|were)\b(?P<gap7>(?: (?!i\b|we\b|you\b)[\w'’-]+){1,4}?) "
    r"(?:all |now |finally )?(?:sorted|resolved|fixed|settled|booked|approved|signed off|"
    r"agreed|finalised|finalized|confirmed|in place)\b",
    re.I,
)
# "How did the inspection go?", "what's holding up the radios?", "what happened with the
# regrade?": a question about how a matter turned out or why it is stuck. The answer is in
# what later notes said about it, rarely in the line that raised it.
OUTCOME = re.compile(
    r"\bhow (?:did|has|have|was|were|is|are) (?P<gap4>(?:[\w'’-]+ ){0,6}?)(?:go|gone|going|went|"
    r"turn(?:ed)? out|land(?:ed)?|end(?:ed)? up)\b|\bhow (?:was|were)\b|"
    r"\b(?:what(?:'s|’s| is| was)?|who(?:'s|’s| is)?|anything) (?:still )?(?:holding|held) "
    r"(?P<gap5>(?:\w+ ){0,4}?)up\b|\b(?:holding up|held up|hold-?up)\b|"
    r"\bwhat (?:happened|came) (?:with|to|of|about|at)\b|\bwhat(?:'s|’s| is) the (?:outcome|"
    r"result|verdict|upshot)\b|\boutcome of\b|\bresult of\b",
    re.I,
)
# Questions about a kind of thread ("what has Leo been worried about?"): the words that say so
# and the item kinds they ask for. These words are intent, not topic.
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("concern", re.compile(r"\b(worr(?:y|ied|ies|ying)|concern(?:s|ed)?|bother(?:s|ed|ing)?|"
                           r"bugging|upset(?:ting)?|struggl(?:e|es|ed|ing))\b", re.I)),
    ("request", re.compile(r"\b(ask(?:ed)? (?:me )?for|requests?|requested|asked me)\b", re.I)),
    ("growth", re.compile(r"\b(growth|goals?|aspirations?|ambitions?|want(?:s|ed)? to (?:do|try|"
                          r"learn|grow|move)|next (?:step|role|move)|to do next)\b", re.I)),
)
# What a line says when it is about growth, whatever kind the extractor filed it under
# ("wants to move toward the design systems team", "to give a lightning talk at the all-hands").
GROWTH_TEXT = re.compile(
    r"\bwants? to (?:move|grow|learn|try|become|lead|mentor|get (?:deeper|better|more)|"
    r"go deeper|work on|get into|switch|transfer|own)\b|\bmove (?:toward|towards|into)\b|"
    r"\b(?:give|giving|gave|do|doing) (?:a|an|the) (?:\w+ )?(?:talk|presentation|workshop)\b|"
    r"\blightning talk|\bpresent(?:s|ing)? (?:at|to)\b|\bspeak(?:s|ing)? at\b|"
    r"\bstretch (?:goal|project|assignment)|\bnext (?:step|role|level)\b|"
    r"\bmove up (?:to|into)\b|(?:'d|’d|would) like to (?:learn|train|study|become|lead|move|"
    r"go for|get into|specialise|specialize)\b|\bkeen to (?:learn|train|study|lead|move)\b",
    re.I,
)
# What a line says when it is about training or a course in other words ("she'd like to learn
# more about consolidation"); "learning to drive" is not asked for.
TRAINING_TEXT = re.compile(
    r"\b(?:like|likes|liked|want|wants|wanted|keen|hoping|hopes|hope|would love) to "
    r"(?:learn|train|study|upskill)\b|\blearn (?:more )?about\b|\bget (?:trained|certified)\b",
    re.I,
)
# How a line says someone is not coping, in words no lexicon group has ("running on empty",
# "can't switch off", "not sleeping").
COPING_TEXT = re.compile(
    r"\brunning on empty\b|\bcan(?:'|’)?t switch off\b|\bcannot switch off\b|"
    r"\bnot (?:sleeping|coping|great|herself|himself)\b|\bat (?:the end of )?(?:her|his|their) "
    r"(?:limit|tether)\b|\bon (?:her|his) knees\b|\bfeeling (?:low|flat|down)\b",
    re.I,
)
