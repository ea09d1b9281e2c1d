"""Question banks for the offline writer. Wording is ours; the ideas are PRINCIPLES.md's.

Rules every entry follows: about the person or the relationship, never a status or deadline
question; open (not yes/no); nothing that reads as performance management.
"""

from __future__ import annotations

from coach.contracts import FocusArea

CHECKIN_GENERIC = (
    "How are you doing - really, not the work version?",
    "Before we get into anything: how are you, honestly?",
    "How's your energy been lately?",
    "What's been taking up most of your headspace this week, work or not?",
    "How are you feeling about things at the moment?",
)
# {p} is a phrase like "feeling stretched" or "things with your kid".
CHECKIN_MENTIONED = (
    "Last time you mentioned {p} - how are you really doing?",
    "You mentioned {p} last time. How are things now, honestly?",
    "Before anything else: last time you mentioned {p} - how are you holding up?",
)
CHECKIN_MENTIONED_EARLIER = (
    "A while back you mentioned {p} - how are you really doing now?",
    "You mentioned {p} a few weeks ago. How are things with that now?",
)
# {p} is a life topic like "the puppy", "your mum" or "the marathon training".
CHECKIN_LIFE = (
    "Last time you told me about {p} - how's that been, and how are you doing?",
    "How have things been with {p} since we last talked? And how are you, really?",
)
CHECKIN_LIFE_EARLIER = (
    "A while back you told me about {p} - how has that been, and how are you doing?",
    "You mentioned {p} a while ago - how are things with that now, and how are you?",
)
# {p} is a loss: "your dad", "the cat", "the loss in your family". Gentle, never "how are
# things with that now".
CHECKIN_LOSS = (
    "I was so sorry to hear about {p} - how are you doing?",
    "I've been thinking of you since you told me about {p}. How are you doing?",
)
# {p} is a relative ("your mother", "your kids"); {be} is "is" or "are".
CHECKIN_KIN = (
    "How {be} {p} doing - and how are you?",
    "How {be} {p} doing now? And how are you holding up?",
)
# {p} is a matter a later note said is over ("your partner" after "found something local,
# so no move"): acknowledged, not asked about as if still live.
CHECKIN_RESOLVED = (
    "Glad to hear the good news about {p} - how are things now, and how are you?",
    "It was good to hear how things turned out with {p}. How are you doing?",
)
# {p} is an adjective like "tired" or "exhausted".
CHECKIN_OBSERVED = (
    "Last time you seemed {p} - how are you really doing?",
    "You seemed a bit {p} last time. How are you, honestly?",
)

AGENDA_OPEN = (
    "What's on your mind - what would be most useful for us to cover today?",
    "What would you like to make sure we talk about today?",
    "What's the most useful thing we could spend this time on?",
)

FOCUS_QUESTIONS: dict[FocusArea, tuple[str, ...]] = {
    FocusArea.delivery: (
        "What's getting in the way of your work that I could help remove?",
        "Which part of your work feels least clear right now?",
        "Where do you feel you're spending effort that isn't paying off?",
        "What would make your work easier next month?",
    ),
    FocusArea.development: (
        "Where do you want to be in a year or two, and what would help you get there?",
        "What skill would you most like to grow next?",
        "What kind of work gives you the most energy, and how can we get you more of it?",
        "What would a good stretch project look like for you?",
        "Is there anything about your career path you'd like to understand better?",
    ),
    FocusArea.wellbeing: (
        "How sustainable does your workload feel right now?",
        "What's been draining your energy lately, and what's been giving it back?",
        "Is there anything outside work that's making things harder that I should know about?",
        "When did you last take real time off?",
        "How are you feeling about the team these days?",
    ),
    FocusArea.context: (
        "Is there anything about where the team or company is heading that's unclear to you?",
        "Which recent decision would you like to understand the why behind?",
        "What's happening elsewhere in the org that you'd like more context on?",
        "How do you see your work connecting to our bigger goals?",
    ),
    FocusArea.feedback: (
        "What's one thing I could do differently that would help you most?",
        "Is there any feedback you'd like from me on something specific?",
        "What's something I do that gets in your way?",
        "What's something you've done recently you'd like my take on?",
        "What should I start, stop or keep doing as your manager?",
    ),
}

META_QUESTIONS = (
    "How are these 1:1s working for you?",
    "What would make our 1:1s more valuable for you?",
    "Is there anything you'd like us to do differently in these conversations?",
    "What's one thing we should keep, and one thing we should change, about our 1:1s?",
)
