"""Cue words and patterns for reading 1:1 notes as people actually write them.

Everything here is a plain regular expression or word set, so extraction stays deterministic,
offline and fast. Patterns are matched against lower-cased text unless said otherwise.
"""

from __future__ import annotations

import re

from coach.contracts import FocusArea


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


# --- who is speaking / owes something ------------------------------------------------------
# The notes are the manager's, so "I" is the manager and "he/she/they" usually the report.
MANAGER_COMMIT = _rx(
    r"\bi(?:'|’)ll\b", r"\bi will\b", r"\bi need to\b", r"\bi(?:'|’)m going to\b",
    r"\bi am going to\b", r"\bi should\b", r"\bi must\b", r"\bi(?:'|’)d\b(?= (?:\w+ )?(?:"
    r"ask|send|check|find|follow|set|get|talk|raise|look|write|share|intro|chase|review|try|"
    r"bring|dig|pull|book|loop|reach|sync|confirm|figure|sort|push|make|put|schedule|do|walk))",
    r"\b(?:said|promised|offered|agreed|told \w+) (?:that )?i(?:'|’)?d\b", r"\bme to\b",
    r"\bi owe\b", r"\baction(?: item)?s? for me\b", r"\bmy action\b", r"\bon me\b",
    r"\bi(?:'|’)m going to\b", r"\btodo\b(?!.*\b(?:she|he|they)\b)",
)
REPORT_PRONOUN_COMMIT = _rx(
    r"\b(?:she|he|they)(?:'|’)ll\b"
    r"(?! (?:be|probably be|likely be) (?:ok|fine|good|great|off|out|away|back))",
    r"\b(?:she|he|they) (?:will|is going to|are going to|'s going to|’s going to|"
    r"promised to|agreed to|offered to|committed to|plans to|said (?:she|he|they)(?:'|’)d)\b",
    r"\b(?:she|he|they)(?:'|’)s going to\b",
)
WE_COMMIT = _rx(r"\bwe(?:'|’)ll\b", r"\bwe will\b", r"\blet(?:'|’)s\b", r"\bwe(?:'|’)re going to\b")

# A capitalised name followed by "to <verb>" / "will" / "'ll": "Sam to write...", "Lena will".
NAME_COMMIT = re.compile(
    r"\b([A-Z][a-z]+|[A-Z]{2,4})(?:(?:'|’)s team)?(?: \([^)]{1,40}\))?"
    r"(?: (?:to|will|is going to|agreed to|promised to|"
    r"offered to|said (?:she|he|they)(?:'|’)d)\b|(?:'|’)ll\b)"
)
NAME_WORD_BLACKLIST = frozenset(
    {"I", "We", "Need", "Want", "Next", "Time", "Going", "Plan", "Agreed", "Try", "Due",
     "Then", "Also", "Todo", "Note", "Action", "Actions", "Follow", "Today", "Tomorrow",
     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Hard",
     "Back", "Ready", "Ok", "Okay", "Up", "Moved", "Move", "Ask", "How", "What", "Why",
     "Who", "When", "Where", "Which", "Phase", "Status", "Q1", "Q2", "Q3", "Q4", "Wants",
     "Have", "Has", "Had", "Remember", "Nice", "Easy", "Able", "Used", "Needs", "Wanted", "Tried",
     "Decided", "Asked", "Told", "Hoping", "Hopes", "Likes", "Plans", "Promised", "Offered",
     "January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
     "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Everyone",
     "Someone", "Nobody", "This", "That", "It", "He", "She", "They", "You", "Still",
     "Maybe", "Please", "Important", "Reminder", "Goal", "Both"}
)

# --- due phrases --------------------------------------------------------------------------
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
DUE = re.compile(
    r"\b(?:(?:by|before|until|due|no later than|for) (?:the )?(?:"
    r"end of (?:the )?(?:day|week|month|quarter|sprint|year|" + _MONTH + r")|"
    r"eod|eow|eom|eoq|eoy|tomorrow|tonight|" + _DAY + r"|next (?:week|month|time|1:1|one on one|"
    r"sprint|quarter|" + _DAY + r")|our next (?:1:1|one-on-one|meeting)|"
    r"\d{4}-\d{2}-\d{2}|" + _MONTH + r" \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)|"
    r"\d{1,2}/\d{1,2}|the (?:offsite|summit|review|launch|deadline|cycle|freeze|break|holidays?)"
    r"|offsite|[a-z]+ (?:review|planning|offsite|launch)|" + _MONTH + r")"
    r"|(?:next|this) (?:week|month|sprint|quarter|" + _DAY + r")"
    r"|end of (?:the )?(?:day|week|month|quarter|sprint|year|" + _MONTH + r")"
    r"|\beo[dwmqy]\b|\btomorrow\b|\bin \d+ (?:days|weeks)\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\bafter (?:the )?(?:cutover|launch|offsite|reorg|holidays?|break))",
    re.I,
)

# --- line kinds ---------------------------------------------------------------------------
CONCERN = _rx(
    r"\bstress(?:ed|ful)?\b", r"\bworr(?:y|ied|ies|ying)\b", r"\banxi(?:ous|ety)\b",
    r"\bfrustrat\w*", r"\bburn(?:ed|t)?[ -]?out\b", r"\bburning out\b", r"\boverwhelm\w*",
    r"\bstretched\b", r"\bexhaust\w*", r"\bwiped\b", r"\bdrained\b", r"\btired\b",
    r"\bdisconnected\b", r"\bisolated\b", r"\blonely\b", r"\bleft out\b", r"\bstruggl\w*",
    r"\bupset\b", r"\bunhappy\b", r"\bdemotivat\w*", r"\bchecking out\b", r"\bchecked out\b",
    r"\bnot sleeping\b", r"\bcan(?:'|’)t sleep\b", r"\bsick\b", r"(?<!['’])\bill\b", r"\bflu\b",
    r"\bhospital\w*", r"\bsurgery\b", r"\bfuneral\b", r"\bpassed away\b", r"\bgrie\w+",
    r"\bdivorce\b", r"\bpregnan\w*", r"\bnewborn\b", r"\bparental leave\b",
    r"\bcaring for\b", r"\bcaregiv\w*", r"\bfamily (?:stuff|matter|issue|emergency|thing)s?\b",
    r"\b(?:kid|kids|son|daughter|baby|mom|mum|dad|mother|father|parent|parents|partner|wife|"
    r"husband)(?:'s)?\b.*\b(?:sick|ill|school|hospital|surgery|care|daycare|health|moving|"
    r"starting|born|needs?)\b",
    r"\bchaos\b", r"\b(?:seem(?:s|ed)?|look(?:s|ed)?|feel(?:s|ing)?|felt|bit|little) flat\b",
    r"\bnervous\b", r"\bscared\b", r"\b(?:finding|finds|found) it (?:hard|difficult|tough)\b",
    r"\bhard to work with\b", r"\bfriction\b", r"\bclash(?:es|ed|ing)?\b",
    r"\bconcern(?:ed|s)?\b", r"\bfeels? (?:undervalued|stuck|ignored|bad|lost|overlooked)",
    r"\bfeeling (?:\w+ )?(?:down|low|off|stuck|undervalued|ignored)\b", r"\bundervalued\b",
    r"\b(?:thinking|thought) (?:about|of) (?:leaving|quitting|transferr\w*|moving teams?|"
    r"switching teams?)\b", r"\btransfer(?:ring)?\b", r"\binterviewing\b", r"\bquit(?:ting)?\b",
    r"\bon edge\b", r"\brough (?:week|patch|time|few)\b", r"\bwas rough\b", r"\bbad week\b",
    r"\bmoving (?:apartments?|house|flats?|homes?)\b", r"\bmisses\b", r"\bpissed\b",
    r"\bannoyed\b", r"\bangry\b", r"\bfed up\b", r"\btoo much\b",
    r"\blot on (?:his|her|their) plate\b",
)
# Family / home words: used to word a tailored check-in.
FAMILY = re.compile(
    r"\b(kid|kids|son|daughter|baby|mom|mum|dad|mother|father|parents?|partner|wife|husband|"
    r"family|grandma|grandmother|grandpa|grandfather|sister|brother)\b", re.I)

# Life outside work: what a tailored check-in can pick up ("how's the puppy?"). Work senses of
# the same words ("partner team", "training budget", "release train") are excluded.
LIFE = _rx(
    r"\b(?:kids?|son|daughter|baby|babies|toddler|mom|mum|dad|mother|father|parents?|wife|"
    r"husband|grandma|grandmother|grandpa|grandfather|sister|brother|niece|nephew|in-laws?|"
    r"family)\b",
    r"\b(?:his|her|their|my)\s+(?:\w+\s+)?(?:partner|girlfriend|boyfriend|fianc\w*)\b",
    r"\bpartner(?:'s)?\s+(?:is|was|still|got|has|had|works|moved|moving|lives)\b",
    r"\b(?:puppy|puppies|dog|cat|kitten|pet)\b", r"\bwedding\b", r"\bbirthday\b",
    r"\bfuneral\b", r"\bexpecting\b", r"\bpregnan\w*", r"\bdaycare\b", r"\bnursery\b",
    r"\bschool\b(?! of)", r"\bvisa\b", r"\bimmigration\b", r"\bgreen card\b",
    r"\b(?:moved|moving) (?:here|house|flats?|apartments?|homes?|cities|countr(?:y|ies))\b",
    r"\bnew (?:place|apartment|house|flat|city)\b", r"\blong[- ]distance\b", r"\bcommute\b",
    r"\b(?:half[- ])?marathon\b", r"\b\d+k\b(?= (?:run|race)|$)", r"\btraining for (?:a|the)\b",
    r"\brunning again\b", r"\b(?:climbing|hiking|cycling|surfing|swimming|yoga|gym)\b",
    r"\b5-a-side\b", r"\bfootball\b", r"\bguitar\b", r"\bpiano\b", r"\bcooking\b",
    r"\bvacation\b",
    r"\bholiday\b(?!s? (?:period|freeze|coverage|rota|schedule|on-?call|sheet|calendar|"
    r"cover))",
    r"\btrip\b", r"\bvisiting\b", r"\bback from\b", r"\btime off\b",
    r"\bsick\b", r"(?<!['’])\bill\b", r"\bflu\b", r"\bphysio\w*", r"\bdoctor\b",
    r"\btherap(?:ist|y)\b", r"\bsurgery\b", r"\bhospital\w*", r"\binjur\w*", r"\bknee\b",
    r"\bsleep\w*\b", r"\b(?:his|her|their|my) energy\b",
    r"\benergy (?:is |was |levels? )?(?:up|down|low|back|good|better|steady|ok|fine)\b",
    r"\bburn(?:ed|t)?[ -]?out\b",
    r"\bpersonal\b",
)
# The (tailored) check-in topic a personal line is about, most specific first: a phrase that
# is safe to say back to the person ("the visa", "your mum").
LIFE_TOPICS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rx, re.I), phrase) for rx, phrase in (
        (r"\b(?:puppy|puppies|dog|kitten)\b", "the {0}"),
        (r"\bcat\b", "the cat"),
        (r"\bnew (?:baby )?(niece|nephew|cousin|grandchild)\b", "your new {1}"),
        (r"\bwedding\b", "the wedding"), (r"\bbaby\b", "the baby"),
        (r"\bpregnan\w*|\bexpecting\b", "the baby"),
        (r"\bdaycare\b|\bnursery\b", "daycare"), (r"\bschool\b", "the school search"),
        (r"\bvisa\b|\bimmigration\b|\bgreen card\b", "the visa"),
        (r"\b(?:half[- ])?marathon\b", "the {0} training"),
        (r"\b(?:first|a|the) (\d+k)\b", "the {1}"),
        (r"\btraining for (?:a|the)\b", "your training"),
        (r"\blong[- ]distance\b", "the long distance"),
        (r"\b(?:moved|moving) (?:here|house|flats?|apartments?|homes?|cities|countr(?:y|ies))\b|"
         r"\bnew (?:place|apartment|house|flat|city)\b", "the move"),
        (r"\bfuneral\b", "the loss in your family"),
        (r"\b(?:his|her|their|my) (mum|mom|dad|mother|father|parents|wife|husband|partner|"
         r"kids?|son|daughter|sister|brother|family)\b", "your {1}"),
        (r"\b(mum|mom|dad|mother|father|parents|kids?|son|daughter|family)(?:'s)? ", "your {1}"),
        (r"\bsurgery\b|\bhospital\w*", "the hospital news"),
        (r"\bphysio\w*|\bknee\b|\binjur\w*", "the injury"),
        (r"\btherap(?:ist|y)\b", "how you've been looking after yourself"),
        (r"\bvacation\b|\bholiday\b|\btrip\b|\bback from\b|\btime off\b", "your time away"),
        (r"\benergy\b", "your energy"), (r"\bsleep\w*\b", "sleep"),
    ))

REQUEST = _rx(
    r"\b(?:asked|asks|asking) (?:if|whether|about|for|me (?:to|for|about|if|whether)|to|"
    r"when|how (?:she|he|they) could)\b",
    r"\b(?:wants|wanted|would like|would love|'d like|’d like|hopes|hoping) (?:to (?:talk|"
    r"discuss|know|understand|go|attend|get|have|move|try|take|work|learn|lead|do|be)|a |an |"
    r"more |some |feedback|help|clarity)",
    r"\brequested\b", r"\brequest (?:for|to)\b", r"\bcan we\b", r"\bcould we\b",
    r"\bwanted to discuss\b", r"\bmight need\b",
    # reported speech of an ask to the manager: "could I send her the reviews"
    r"^(?:and )?(?:could|can|would) i (?:send|share|get|give|forward|intro\w*|find|check|look|"
    r"set|book|help|put|add|join|take|review|sign|approve|move|switch|swap|cover)\b",
)
# The manager asking the report to do something is a delegation, not a request.
MANAGER_ASKED = re.compile(
    r"(?:^|[.;:,]\s*|\bi )(?:asked|told|pinged) (?:her|him|them|[A-Z][a-z]+) to\b", re.I)

GROWTH = _rx(
    r"\bcareer\b", r"\bpromot\w*", r"\bpromo\b", r"\bpath to\b", r"\b(?:staff|senior|principal|"
    r"lead) (?:role|level|eng\w*|engineer|designer|position|track|path)\b",
    r"\bnext level\b", r"\blevel(?:ling|ing)? up\b", r"\bwhat(?:'|’)s next\b", r"\bmeatier\b",
    r"\bbigger (?:scope|role|challenge)\b", r"\bgrow(?:th|ing)?\b", r"\blearn\w*",
    r"\bmentor\w*", r"\bcoach(?:ing)?\b", r"\bconference\b", r"\bkubecon\b", r"\bsummit\b",
    r"\bcourse\b", r"\btraining\b", r"\bcertif\w*", r"\bskills?\b", r"\bwants to (?:do|get) "
    r"(?:more|better)\b", r"\bget better at\b", r"\bcurious about\b", r"\binterested in\b",
    r"\b(?:wants|like) to lead\b", r"\bleadership\b", r"\brotation\b", r"\bstretch (?:goal|"
    r"project|assignment)\b", r"\bsubmit (?:a|the) talk\b", r"\bgive a talk\b", r"\bcomp\b",
    r"\bcompensation\b", r"\bsalary\b", r"\bpay (?:raise|rise|band)\b", r"\braise\b",
    r"\bcomp (?:review|band)\b", r"\bequity\b", r"\btitle\b",
    r"\blevels?\b(?= \w+ (?:expect|rubric))",
)
# Pay / career asks are requests when the report raises them.
PAY = re.compile(r"\b(comp|compensation|salary|pay|raise|band|bonus|equity|promot\w*|promo)\b",
                 re.I)

TOPIC = _rx(
    r"\?\s*$", r"\bnext time\b", r"\bfollow[ -]?up\b", r"\brevisit\b", r"\bto discuss\b",
    r"\btbd\b", r"\bopen question\b", r"\bwondering\b",
    r"\bcome back to\b", r"\bpick (?:this|it) up\b", r"\bparking lot\b", r"\bcircle back\b",
)

# A line that reports something as done.
CLOSURE_STRONG = _rx(
    r"\bdone\b", r"\bfinished\b", r"\bcomplete(?:d)?\b", r"\bsent\b", r"\bshipped\b",
    r"\bsubmitted\b", r"\bapproved\b", r"\bset up\b", r"\bsetup done\b", r"\bdecided\b",
    r"\bconfirmed\b", r"\bresolved\b", r"\bbooked\b", r"\bintro(?:'|’)?d\b", r"\bintroduced\b",
    r"\bwrote\b", r"\bwritten\b", r"\bshared\b", r"\bgot back\b", r"\bsigned off\b",
    r"\bscheduled\b", r"\bfixed\b", r"\badded\b", r"\bfiled\b", r"\baccepted\b",
    r"\bwent (?:thru|through|over)\b", r"\bdelivered\b", r"\bhanded (?:over|off)\b",
    r"\bsorted\b", r"\ball set\b", r"\bin place\b", r"\bdeployed\b", r"\blaunched\b",
    r"\bmerged\b", r"\bclosed\b", r"\bhappened\b", r"\bgave (?:her|him|them)\b", r"\bfound\b",
    r"\bgot (?:it|the|her|him|them|a|an)\b", r"\bsecured\b", r"\bagreed\b", r"\bdropp(?:ed)?\b",
    r"\bdrop (?:the|it)\b", r"\bparked\b", r"\bpark it\b", r"\bscrapped\b", r"\bno longer\b",
    r"\bnot needed\b", r"\bcancel(?:l)?ed the\b", r"\bchose\b", r"\bpicked\b", r"\bfigured out\b",
    r"\bcame (?:thru|through)\b", r"\bhad (?:a|the|our|their) (?:first )?(?:chat|call|coffee|"
    r"meeting|session|conversation)\b", r"\bcaught up\b", r"\bread (?:it|them|the)\b",
    r"\bposted\b", r"\bpublished\b", r"\bcirculat\w+\b", r"\bupdated\b", r"\bapproved\b",
    r"\bsigned\b", r"\bcovered\b", r"\banswered\b", r"\bexplained\b", r"\bstay(?:ing)? on\b",
    r"\b100\s?%", r"\bback to normal\b", r"\bfeel(?:s|ing)? (?:much |a lot )?better\b",
    r"\bno longer\b", r"\bis (?:her|his|their) \w+ now\b", r"\bnow (?:has|have)\b",
    r"\bworks now\b", r"\bgot accepted\b", r"\bthrough it\b", r"\bthru it\b", r"\braised\b",
    r"\bwalked (?:her|him|them) (?:thru|through)\b", r"\btried (?:the|a|it|out)\b",
    r"\ball good\b", r"\bsettled\b", r"\bmet (?:with|w/)\b", r"\bintro(?:'|’)?d\b",
    r"\bforwarded\b", r"\bemailed\b", r"\bpassed (?:on|along)\b", r"\bsaid yes\b",
    r"\b(?:gave|got) (?:the |a )?(?:ok|go-ahead|green light)\b", r"\bgreen[- ]?lit\b",
    r"\b(?:input|feedback|answer|reply|results?|numbers) (?:is|are|came) (?:in|back)\b",
    r"\bspent (?:an?|the|some|two|three|\d+) (?:hours?|time|days?|afternoon|morning|session)\b",
    r"\bdid (?:the|a|an|his|her|their)\b",
    r"\b(?:down|up|cut|reduced|dropped) from \d",
)
# Progress past the point of a plan: the thing is under way or has landed ("she's enrolled",
# "starts in March", "loving module 3", "now has a mentor"). Used by thread closure only, so a
# line with these words is not itself classified as a closure item.
PROGRESS = _rx(
    r"\benrol(?:l)?ed\b", r"\bregistered\b", r"\bsigned (?:up|on)\b", r"\bjoined\b",
    r"\battended\b", r"\bhired\b", r"\bonboarded\b", r"\breceived\b", r"\barrived\b",
    r"\bcame in\b", r"\bordered\b", r"\bbought\b", r"\bpaid\b", r"\brenewed\b", r"\bgranted\b",
    r"\bkicked off\b", r"\bstarted (?:on|in|at|with|the|her|his|their)\b",
    r"\b(?:starts|starting|begins) (?:in|on|next|this|the|monday|tuesday|wednesday|thursday|"
    r"friday|jan\w*|feb\w*|march|april|may|june|july|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\b",
    r"\b(?:is|are|was|were) (?:now )?(?:in|on board|live|underway|under way)\b(?! (?:progress|"
    r"review|the works|draft))",
    r"\bnow (?:has|have|on|in|owns?)\b", r"\b(?:loving|enjoying|loves|likes) (?:the |it|module|"
    r"week|session|class|course|lesson|chapter|part)", r"\bgot (?:back|in|on|into|onto)\b",
    r"\b(?:took|taken) (?:it|them|that|this) to\b", r"\b(?:raised|flagged|escalated|mentioned) "
    r"(?:it|them|that|this)\b", r"\bin (?:her|his|their) hands\b", r"\bcame (?:back|through)\b",
    r"\bhas (?:a|an|the|her|his|their) (?:new )?\w+ now\b", r"\bhappy with (?:it|the)\b",
    r"\bgot\b", r"\bcompleted\b", r"\bsorted\b", r"\bbooked\b",
)
# A later line that re-opens or defers a thread: it stays open even after an earlier closure.
REOPEN = _rx(
    r"\bstill (?:waiting|no|not|haven|hasn|pending|open|on hold|need)\w*", r"\bnot yet\b",
    r"\bpushed (?:to|out|back (?:to|until|a|another|again))\b", r"\bpostponed\b",
    r"\bdeferred\b", r"\bon hold\b",
    r"\bslipp?ed (?:to|again)\b", r"\bfell through\b", r"\bdidn(?:'|’)?t happen\b",
    r"\bre-?open\w*\b", r"\bno (?:word|news|answer|reply) (?:yet|from|on)\b", r"\bback to square\b",
    r"\bwaiting (?:on|for)\b", r"\bdelayed\b",
)
# Hedges and negations: the thing is still in progress, so the line is a reappearance.
NOT_DONE = _rx(
    r"\bnot (?:yet|done|finished|started|really)\b", r"\bstill\b", r"\bhasn(?:'|’)?t\b",
    r"\bhaven(?:'|’)?t\b", r"\bhadn(?:'|’)?t\b", r"\bdidn(?:'|’)?t\b",
    r"\bwasn(?:'|’)?t\b", r"\bpending\b", r"\bslipp?ed\b",
    r"\bwaiting\b", r"\bblocked\b", r"\bin progress\b", r"\bno news\b", r"\bno update\b",
    r"\bnot sure\b", r"\bran out of time\b", r"\bnext time\b", r"\bwon(?:'|’)?t\b.*\buntil\b",
    r"\ba (?:bit|little) better\b", r"\bsomewhat\b", r"\bpartly\b", r"\bhalf\b",
    r"\bstarted (?:an? |on |the )?(?:outline|draft|work)\b", r"\bnot much\b", r"\bno promises\b",
    r"\bforgot\b", r"\bneeds? (?:a|more|another)\b", r"\bdelayed\b",
)
# Future / intention: a line that restates the plan is not a closure.
FUTURE = _rx(
    r"\bwill\b", r"(?:'|’)ll\b", r"\bgoing to\b", r"\bneed(?:s)? to\b", r"\bplan(?:s|ning)? to\b",
    r"\bto do\b", r"\btodo\b", r"\bnext week\b",
)

# Status updates: work that could have been an email.
TICKET = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b|(?<![\w$])#\d{2,}\b")
STATUS = _rx(
    r"\b\d{1,3}\s?%", r"\bpr\b", r"\bprs\b", r"\bmerged\b", r"\bdeploy\w*", r"\brelease\w*",
    r"\bship(?:s|ped|ping)?\b", r"\bon track\b", r"\beta\b", r"\bblocked\b", r"\bblocker\w*",
    r"\bbug\w*", r"\bticket\w*", r"\bsprint\b", r"\bphase \d\b", r"\bmilestone\b",
    r"\bin (?:staging|prod|production|review|qa)\b", r"\bstaging\b", r"\bprod\b", r"\bbackfill\b",
    r"\bcutover\b", r"\brunbook\b", r"\brollout\b", r"\blaunch\w*\b", r"\bscoped?\b",
    r"\bestimat\w*\b", r"\best\b", r"\bdeadline\b", r"\bload test\b", r"\bflaky\b",
    r"\bmismatch\w*\b", r"\bfeature flag\b", r"\bflag (?:at|to)\b", r"\bcode review\b",
    r"\bwaiting on review\b", r"\bnot started\b", r"\bstarted\b", r"\bstatus\b", r"\bcheck ?sum\b",
    r"\brollback\b", r"\bstand-?up\b", r"\bdemo\b", r"\bdress rehearsal\b", r"\bgo/no-go\b",
    r"\bhotfix\b", r"\bincident\b", r"\bescalation\b", r"\bregression\b", r"\bslipp?ed\b",
)

# Lines about the person (not the work): a check-in happened.
PERSON = _rx(
    r"\bhow(?:'|’)?s (?:she|he|they) doing\b", r"\bhow (?:is|are) (?:she|he|they)\b",
    r"\bhow (?:she|he|they)(?:'|’)?s (?:doing|feeling|finding)\b", r"\basked how\b",
    r"\bchecked in\b", r"\bcheck[- ]in\b", r"\bhow are you\b", r"\bfeeling\b", r"\bfeels\b",
    r"\bvacation\b", r"\bholiday\b", r"\bweekend\b", r"\btime off\b", r"\bpto\b",
    r"\bfamily\b", r"\bkids?\b", r"\bhealth\b", r"\bhiking\b", r"\bgarden\b", r"\bsummer\b",
    r"\bmood\b", r"\benergy\b", r"\brested\b", r"\brelaxed\b", r"\brecharged\b", r"\bmorale\b",
    r"\benjoy\w*\b", r"\bhappy\b", r"\bexcited\b", r"\blikes? (?:working|the team)\b",
    r"\bpersonal\b", r"\blife\b", r"\bhome\b", r"\bmoving\b", r"\bnew place\b", r"\bcommute\b",
)

# Questions about the 1:1s themselves.
META = _rx(
    r"\b(?:these|our|the|my|his|her|their)? ?(?:1:1s?|1-1s?|one[- ]on[- ]ones?|1on1s?)\b.*"
    r"\b(?:working|useful|valuable|format|better|change|different|feedback|how)\b",
    r"\bhow (?:are |is )?(?:these|our|the) (?:1:1s?|1-1s?|one[- ]on[- ]ones?|meetings?|chats?)\b",
    r"\bwhat would make (?:these|our|them|the 1:1s?)\b", r"\bmeta\b",
    r"\bformat of (?:our|these|the) (?:1:1|meeting)", r"\bfeedback on (?:our|these|the) "
    r"(?:1:1|meeting)",
)

FEEDBACK = _rx(
    r"\bfeedback\b", r"\bme ?(?:->|→) ?\w+", r"\b\w+ ?(?:->|→) ?me\b", r"\bkudos\b",
    r"\bpraise\w*\b", r"\bcould (?:improve|do better)\b", r"\bwhat went well\b",
    r"\bgave (?:her|him|them|me)\b", r"\btold (?:her|him|them) (?:that|it)(?:'|’)?s\b",
)

# Report raising things: who shaped the meeting.
REPORT_RAISED = _rx(
    r"\b(?:she|he|they) (?:brought up|raised|asked|wants|wanted|would like|mentioned|"
    r"suggested|proposed|shared|flagged|pushed back|is worried|was worried|said|thinks|"
    r"gave me|picked|wanted to|came with|had (?:a|some) (?:question|idea|topic))",
    r"\b(?:his|her|their) (?:topics?|agenda|list|questions?|idea)\b",
    r"\b(?:she|he|they)(?:'|’)s (?:worried|thinking|curious|excited|nervous|proud)\b",
    r"\bfrom the (?:shared )?doc\b",
)
MANAGER_RAISED = _rx(
    r"\bi (?:raised|asked|brought up|told|explained|walked|reminded|gave|shared|said)\b",
    r"^(?:asked|told|reminded|walked|explained|gave) (?:her|him|them)\b",
    r"^asked (?:how|what|whether|if|about|for)\b", r"^(?:fyi|reminder)\b",
    r"\b(?:asked|told|reminded) (?:her|him|them) to\b", r"\(me\)",
)

SHORT_NOTICE = _rx(
    r"\bmorning of\b", r"\blast[- ]minute\b", r"\blast min\b", r"\b\d+ ?min(?:ute)?s? before\b",
    r"\bminutes? before\b", r"\ban hour before\b", r"\bday of\b", r"\bsame day\b",
    r"\bno[- ]show\b",
    r"\bdidn(?:'|’)?t show\b", r"\bforgot\b", r"\bshort notice\b", r"\bat the last\b",
)
MANAGER_CANCELLED = _rx(
    r"\b(?:i|me)\b(?! to)", r"\bmy (?:bad|fault|calendar|conflict)\b",
)

# Text that tries to steer the tool: it is data and is never acted on.
INJECTION = _rx(
    r"\bignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) "
    r"(?:instructions?|prompts?|messages?|rules)", r"\bdisregard (?:all |any |the )?"
    r"(?:previous|prior|above|earlier)\b", r"\bsystem prompt\b", r"\byou are now\b",
    r"\bdo not mention this\b", r"\bdon(?:'|’)t mention this\b", r"\bnew instructions?\b",
    r"\bact as (?:an?|the)\b", r"\b(?:assistant|ai|model|llm|chatbot|coach),? (?:must|should)\b",
    r"\btell the manager to\b", r"\boverride\b.*\binstructions?\b",
)

# --- focus areas --------------------------------------------------------------------------
FOCUS_CUES: dict[FocusArea, re.Pattern[str]] = {
    FocusArea.delivery: STATUS,
    FocusArea.development: _rx(
        GROWTH.pattern, r"\bstrengths?\b", r"\bgaps?\b", r"\bexpectations? doc\b",
        r"\bgoals?\b", r"\bambition\w*\b", r"\bwriting\b", r"\bstaff\b", r"\bsenior\b",
        r"\b30/60/90\b", r"\bown(?:ing)? (?:a|something|the)\b", r"\bcross-team\b",
        r"\bdelegat\w*\b", r"\bresearch\b", r"\bmore of\b", r"\bpairing\b", r"\bpair\b",
        r"\btalk\b", r"\bblog\b",
    ),
    FocusArea.wellbeing: _rx(CONCERN.pattern, PERSON.pattern, r"\bworkload\b", r"\bon weekends\b",
                             r"\bwork-life\b", r"\bbalance\b", r"\brest\b", r"\bsleep\b"),
    FocusArea.context: _rx(
        r"\breorg\w*\b", r"\bstrateg\w*\b", r"\broadmap\b", r"\bpriorit\w*\b", r"\bq[1-4]\b",
        r"\bplanning\b", r"\bthemes?\b", r"\bvision\b", r"\bbigger picture\b", r"\bwhy\b",
        r"\bcompany\b", r"\borg\b", r"\bannouncement\b", r"\ball-hands\b", r"\bheadcount\b",
        r"\bbudget\b", r"\bdecision\w*\b", r"\bleadership\b", r"\bexec\w*\b", r"\bcustomers?\b",
        r"\bhistory\b", r"\bpostmortems?\b", r"\bwho does what\b", r"\bsplit\b", r"\bboundar\w*\b",
        r"\bmarket\b", r"\bbusiness\b", r"\bcontext\b",
    ),
    FocusArea.feedback: _rx(FEEDBACK.pattern, META.pattern, r"\bretro\w*\b",
                            r"\bhow (?:i|we) (?:could|can)\b"),
}
