"""Named features of one note line, read by the fitted kind / owner / personal models.

Every feature is a name a person can read back ("subj:i_will", "role:closure cue",
"w:exhausted") with a value in 0..1, so a decision can say what decided it. Groups:

- ``rules_kind:`` / ``rules_owner:`` / ``rules_personal``: the rules-only decisions
  (coach/rules/baseline.py), so the model starts from what the rules say and learns where they
  are wrong;
- ``rule:`` / ``role:``: which rules fire, and their roles (one feature shared by every
  commitment cue, every negation...), which carry over to phrasings the rule ids split apart;
- ``subj:``: who is the subject ("I'll", "she'll", "Sam to", "HR:", a leading name);
- ``mood:``: the shape of the verb (a promise, an ask, a want, a past/done verb, a negation,
  a hedge, a question, a deadline);
- ``shape:``: checkbox, length, arrow;
- ``w:`` / ``b:`` / ``first:``: words and word pairs, after shorthand is spelled out ("w/" ->
  "with", "rn" -> "right now", "tbd" -> "to be decided", "->" -> "then").
- ``x:``: the rules' kind crossed with the subject, so owner can depend on the kind.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from coach.rules import baseline as rb
from coach.rules import load_rules, rx

_WORD = re.compile(r"[a-z][a-z'’]*|\d+%?|[?]")
# Shorthand spelled out before words are read (order matters: "w/o" before "w/").
_SHORTHAND: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), r) for p, r in (
        (r"\bw/o\b", " without "), (r"\bw/\s?", " with "), (r"\brn\b", " right now "),
        (r"\btb[dc]\b", " to be decided "), (r"\s*(?:->|→|=>)\s*", " then "),
        (r"\bre:\s?", " about "), (r"\babt\b", " about "), (r"\bmgr\b", " manager "),
        (r"\bpl[sz]\b", " please "), (r"\bthru\b", " through "), (r"\bb/c\b", " because "),
        (r"\bppl\b", " people "), (r"\bmtgs?\b", " meeting "), (r"\bwks?\b", " week "),
        (r"\btmrw?\b", " tomorrow "), (r"\bok(?:'|’)?d\b", " okayed "), (r"\bu\b", " you "),
        (r"\s&\s", " and "), (r"\bppt\b", " slides "), (r"\bconvo\b", " conversation "),
        (r"\bdept\b", " department "), (r"\bmins?\b", " minutes "),
    ))
_ARROW = re.compile(r"->|→|=>")
_I_WILL = re.compile(r"\b(?:i(?:'|’)ll|i will|i(?:'|’)m going to|i am going to|i need to|"
                     r"i should|i(?:'|’)d|i can|i must|i have to|me to)\b", re.I)
_I_START = re.compile(r"^\s*(?:i\b|i(?:'|’)(?:ll|m|ve|d)\b|me\b|my\b)", re.I)
_WE = re.compile(r"\bwe(?:'|’)ll\b|\bwe (?:will|agreed|decided|need|should|can)\b", re.I)
_PRON_START = re.compile(r"^\s*(?:she|he|they)\b", re.I)
_PRON_WILL = re.compile(r"\b(?:she|he|they)(?:(?:'|’)ll| will| is going to| are going to|"
                        r"(?:'|’)s going to| to| needs to| has to| should)\b", re.I)
_NAME_WILL = re.compile(r"^\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)? (?:to|will|(?:'|’)ll|is going to|"
                        r"needs to|should|has to)\b")
_LABEL_COLON = re.compile(r"^\s*([A-Za-z][\w&/ .'-]{0,24}):\s")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_OTHER_PARTY = re.compile(
    r"\b(?:hr|vp|cfo|ceo|coo|director|head of|area manager|regional|finance|payroll|legal|"
    r"it|facilities|auditors?|customer|client|vendor|supplier|union|board|exec(?:s|utive)?|"
    r"procurement|ops|team|colleague|another|other team|(?:his|her|their) (?:lead|manager|"
    r"colleague|partner|peer))\b", re.I)
_ASKED_OBJ = re.compile(r"\b(?:asked|told|reminded) (?:her|him|them|[A-Z][a-z]+) to\b")
_ASKED_FOR = re.compile(r"\b(?:asks?|asked|asking|requests?|requested|wants?|wanted) "
                        r"(?:for|if|whether|about|to|a|an|the|some|more|time|leave)\b", re.I)
_WANTS = re.compile(r"\b(?:wants?|wanted|would like|(?:'|’)d like|interested|keen|hopes?|"
                    r"hoping|dreams?|aspir\w*|curious|excited about)\b", re.I)
_NEG = re.compile(r"\b(?:not|no|never|none|nothing|hasn(?:'|’)?t|haven(?:'|’)?t|isn(?:'|’)?t|"
                  r"wasn(?:'|’)?t|didn(?:'|’)?t|doesn(?:'|’)?t|don(?:'|’)?t|won(?:'|’)?t|"
                  r"can(?:'|’)?t|cannot|still|yet)\b", re.I)
_HEDGE = re.compile(r"\b(?:maybe|might|perhaps|possibly|probably|not sure|unsure|tbd|tbc|"
                    r"depends|if|or)\b|\?", re.I)
_DONE = re.compile(r"\b(?:done|finished|sorted|fixed|sent|signed off|resolved|went well|"
                   r"taken care of|closed|complete[d]?|approved|granted|booked|back from|"
                   r"now has|has the|handled|submitted|delivered|shipped|merged)\b", re.I)
_DECIDED = re.compile(r"^\s*(?:agreed|decided|decision|settled|confirmed|okayed|ok(?:'|’)?d|"
                      r"we agreed|we decided)\b|\b(?:agreed|decided)\b", re.I)
_FEEL = re.compile(r"\b(?:feel(?:s|ing)?|felt|seems?|seemed|looks?|looked|sounds?|sounded)\b",
                   re.I)
_PCT = re.compile(r"\d+\s?%|\b\d+/\d+\b")


def normalise(text: str) -> str:
    """Lower-case ``text`` with shorthand spelled out ("w/ HR rn" -> "with hr right now")."""
    low = text.lower()
    for pat, rep in _SHORTHAND:
        low = pat.sub(rep, low)
    return re.sub(r"\s+", " ", low).strip()


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(normalise(text))]


@cache
def _past_forms() -> frozenset[str]:
    table = load_rules().rules["words.irregular_verbs"].table
    return frozenset(f for forms in table.values() for f in forms[:1])


@cache
def _line_rules() -> tuple[tuple[str, str], ...]:
    rs = load_rules()
    return tuple((r.id, r.role) for r in rs.rules.values()
                 if r.shape == "patterns" and not r.id.startswith("focus."))


def _past(ws: list[str]) -> bool:
    """A past/done verb among the first words ("sent", "booked", "told her...")."""
    head = [w for w in ws[:4] if w not in ("i", "she", "he", "they", "we", "just", "already")]
    return any(w.endswith("ed") and len(w) > 4 or w in _past_forms() for w in head[:2])


def _subject(body: str) -> list[str]:
    out = []
    if _I_START.match(body):
        out.append("i_start")
    if _I_WILL.search(body):
        out.append("i_will")
    if _WE.search(body):
        out.append("we")
    if _PRON_START.match(body):
        out.append("pron_start")
    if _PRON_WILL.search(body):
        out.append("pron_will")
    if _NAME_WILL.match(body):
        out.append("name_will")
    m = _LABEL_COLON.match(body)
    if m:
        out.append("label_colon")
        if _OTHER_PARTY.search(m.group(1)) or _ACRONYM.fullmatch(m.group(1).strip()):
            out.append("other_colon")
    if re.match(r"^\s*[A-Z][a-z]+\b", body) and rb.report_name(body) != rb.PERSON.split()[0]:
        out.append("name_start")
    if _OTHER_PARTY.search(body[:40]):
        out.append("other_party")
    if _ASKED_OBJ.search(body):
        out.append("asked_them_to")
    return out or ["none"]


def _mood(body: str, ws: list[str]) -> list[str]:
    out = []
    if _ASKED_FOR.search(body):
        out.append("ask")
    if _WANTS.search(body):
        out.append("want")
    if _past(ws):
        out.append("past")
    if _NEG.search(body):
        out.append("neg")
    if _HEDGE.search(body):
        out.append("hedge")
    if _DONE.search(body):
        out.append("done")
    if _DECIDED.search(body):
        out.append("decided")
    if _FEEL.search(body):
        out.append("feel")
    if _PCT.search(body):
        out.append("number")
    if rx("date.due").search(body):
        out.append("due")
    return out


def line_features(text: str) -> dict[str, float]:
    """Named features of one note line (every value 0..1)."""
    body, checkbox = rb.split_checkbox(text)
    rkind = rb.rules_kind(text)
    feats: dict[str, float] = {f"rules_kind:{rkind}": 1.0,
                               f"rules_owner:{rb.rules_owner(text)}": 1.0}
    if rb.rules_personal(text):
        feats["rules_personal"] = 1.0
    for rid, role in _line_rules():
        if rx(rid).search(body):
            feats[f"rule:{rid}"] = 1.0
            feats[f"role:{role}"] = 1.0
    subj = _subject(body)
    ws = words(body)
    for s in subj:
        feats[f"subj:{s}"] = 1.0
        feats[f"x:{rkind}|{s}"] = 1.0
    for m in _mood(body, ws):
        feats[f"mood:{m}"] = 1.0
    if checkbox:
        feats[f"shape:checkbox_{checkbox}"] = 1.0
    if body.rstrip().endswith("?"):
        feats["shape:question"] = 1.0
    if _ARROW.search(body):
        feats["shape:arrow"] = 1.0
    n = len(ws)
    feats["shape:" + ("short" if n <= 4 else "medium" if n <= 12 else "long")] = 1.0
    if ws:
        feats[f"first:{ws[0]}"] = 1.0
    for w in set(ws):
        feats[f"w:{w}"] = 1.0
    for a, b in set(zip(ws, ws[1:], strict=False)):
        feats[f"b:{a}_{b}"] = 1.0
    return feats


_SAY = {
    "subj:i_start": "starts with 'I'", "subj:i_will": "'I'll'", "subj:we": "'we'll'/'we agreed'",
    "subj:pron_start": "starts with 'she/he/they'", "subj:pron_will": "'she'll'/'he'll'",
    "subj:name_will": "'<name> to'", "subj:label_colon": "'<who>:'",
    "subj:other_colon": "someone else answering ('HR:')", "subj:name_start": "starts with a name",
    "subj:other_party": "names someone else", "subj:asked_them_to": "'asked her to'",
    "mood:ask": "an ask", "mood:want": "a wish", "mood:past": "a past verb",
    "mood:neg": "a negation", "mood:hedge": "a hedge", "mood:done": "a done word",
    "mood:decided": "'agreed'/'decided'", "mood:feel": "a feeling verb",
    "mood:number": "a number", "mood:due": "a deadline", "shape:question": "a question",
    "shape:arrow": "an arrow", "shape:checkbox_open": "an open checkbox",
    "shape:checkbox_done": "a ticked checkbox", "rules_personal": "a personal cue",
}


def describe(feature: str) -> str | None:
    """A feature name in words ("mood:due" -> "a deadline"); None for uninformative ones."""
    if feature in _SAY:
        return _SAY[feature]
    group, _, value = feature.partition(":")
    if group in ("w", "first"):
        return f"'{value}'"
    if group == "b":
        return "'" + value.replace("_", " ") + "'"
    if group == "role":
        return f"a {value}"
    if group == "rules_kind":
        return f"the rules' {value}"
    return None


def explain(decision: Any, n: int = 3) -> str:
    """The top features that pushed a ``Decision`` (coach/rules/fitted.py), in words:
    "'I'll', a deadline, a commitment cue"."""
    out: list[str] = []
    for feat, contrib in decision.top:
        said = describe(feat) if contrib > 0 else None
        if said and said not in out:
            out.append(said)
        if len(out) == n:
            break
    return " + ".join(out) if out else "its features"
