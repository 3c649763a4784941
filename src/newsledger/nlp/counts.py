"""How many were killed, injured, arrested: counts read from the phrase that states them.

A count is a number bound to a harm word within one phrase:

* verb first: "killing two", "injuring nine people", "wounded at least 15";
* number first: "two dead", "four others were injured", "three people were
  shot and killed", "more than 20,000 people are already dead";
* a toll: "bringing the death toll to three", "the toll rose to 2,000";
* one person: "he was shot and killed", "a 16-year-old boy has died",
  "a woman was wounded" (1); "no one else was hurt" (0).

What is not a count: a number that counts something else ("two victims are
still being treated" says nothing about deaths; ages, clock times, street
numbers), a number whose phrase is cut by a clause ("injuring nine people
before he was shot and killed" is nine injured and one killed, not nine
killed), and a part of a group ("including two civilians", "two of them"):
it is kept as a part, never as the total. A count over a place or a period
("23 people have been shot dead in the city this year", "nationwide, 62
officers were killed last year", "in other cities") is a statistic and
belongs to no act; "no officers were injured" counts nothing (a negated
count of a kind of people says nothing about the victims), and "no one else
was hurt" is none besides those counted, never a total of 0.

Each count keeps its character span. :func:`attach_counts` gives each
count to the act it belongs to: a harm or arrest mention in its sentence,
else the nearest one before it in its paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.model import EventMention
from newsledger.nlp.text import doc_text

NUMBER_WORDS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "dozen": 12, "a dozen": 12, "hundreds": None,
}
NUM = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|(?i:a\s+dozen|" + "|".join(w for w in NUMBER_WORDS if w not in ("no", "a dozen"))
       + r"))(?![\d,.]*\d)(?![-\s]*(?i:year|month|week|day|hour|minute|a\.m|p\.m|am\b|pm\b|o'clock|block|percent|%|:))")
QUALIFIER = r"(?:(?i:at\s+least|more\s+than|nearly|about|some|over|almost|up\s+to|around|as\s+many\s+as|a\s+total\s+of)\s+)?"
KILLED = r"(?:killed|dead|died|slain|murdered|fatally\s+(?:shot|wounded|injured)|shot\s+dead|shot\s+and\s+killed|deaths|fatalities|lost\s+their\s+lives)"
INJURED = (r"(?:injured|wounded|hurt|hospitali[sz]ed|injuries|shot\s+and\s+wounded|shot\s+and\s+injured"
           r"|(?:suffered|sustained)\s+(?:\w+\s+){0,3}?(?:injuries|wounds))")
ARRESTED = r"(?:arrested|detained|taken\s+into\s+custody|in\s+custody|charged)"
# Words that may stand between a number and its harm word without cutting the phrase.
LINK_WORDS = {"people", "persons", "men", "women", "children", "kids", "teens", "teenagers", "adults", "others",
              "other", "more", "victims", "officers", "civilians", "students", "bystanders", "boys", "girls",
              "individuals", "young", "were", "was", "are", "is", "have", "has", "had", "been", "being", "reported",
              "confirmed", "already", "also", "left", "later", "police", "family", "members", "suspects", "shot",
              "found", "now", "all", "total", "those", "each", "including", "seriously", "critically",
              "fatally", "later", "who", "got", "apparently", "believed", "to", "be", "injured", "wounded",
              "man", "woman", "person", "boy", "girl", "teen", "teenager", "child", "officer", "victim"}
NUMBER_FIRST = re.compile(
    r"(?<![\w$.,-])" + QUALIFIER + NUM + r"(?P<link>(?:[\s,]+[\w-]+){0,5}?)[\s,]+(?P<what>" + KILLED + "|" + INJURED + "|" + ARRESTED + r")\b",
)
VERB_FIRST = re.compile(
    r"\b(?P<what>killing|killed|kills|injuring|injured|injures|wounding|wounded|wounds|hurting|hurt|arresting|arrested)\s+"
    + QUALIFIER + NUM + r"(?![\w-])",
)
TOLL = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:people\s+)?(?:dead|deaths|fatalities|killed))\s+(?:[\w'’-]+\s+){0,10}?"
    r"(?:to|at|of|reached|passed|topped|exceeded|stood\s+at|is|was)\s+" + QUALIFIER + NUM,
    re.IGNORECASE,
)
ONE_PERSON = re.compile(
    r"\b(?P<who>he|she|man|woman|boy|girl|teen|teenager|person|victim|suspect|gunman|shooter|officer|deputy|child|"
    r"toddler|baby|infant|father|mother|son|daughter|brother|sister|driver|student|resident)\s+"
    r"(?:(?:who|that)\s+)?(?:(?:later|then|also|allegedly|reportedly|apparently|now|critically|seriously|fatally)\s+)?"
    r"(?:(?P<aux>was|is|has\s+been|had\s+been|got|were)\s+(?:\w+ly\s+)?(?P<what>" + KILLED + "|" + INJURED + "|" + ARRESTED + r")"
    r"|(?:has\s+|had\s+)?(?P<died>died|is\s+dead|was\s+dead))\b",
    re.IGNORECASE,
)
NOBODY = re.compile(
    r"\b(?:no\s+one|nobody|no\s+(?:other\s+)?(?:people|persons))\s+(?P<else>else\s+)?(?:was|were|is|has\s+been|had\s+been)\s+"
    r"(?:\w+\s+){0,2}?(?P<what>" + KILLED + "|" + INJURED + r")\b|\bno\s+(?:other\s+)?(?P<what2>injuries|deaths|fatalities|arrests)\b",
    re.IGNORECASE,
)
# A number in one of these phrases counts a part of a group, not all of it.
PART_CUES = re.compile(
    r"(?:\bincluding|\bamong\s+(?:them|those|the)|\bof\s+(?:them|whom|those|the\s+\w+)|\bsuch\s+as|\bbesides)\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
PART_AFTER = re.compile(r"^\s+(?:of\s+(?:the|them|those|whom)|(?:\w+\s+){0,2}(?:were|was|are)\s+among)\b", re.IGNORECASE)
# A count over a place or a period, not one happening: "62 people have been killed in the city this
# year", "citywide, 10 were killed", "in 2016". A statistic is no happening's count.
STATISTIC = re.compile(
    r"\b(?:(?:this|last|per|each|every|a)\s+year|so\s+far|year\s+to\s+date|annually|on\s+average|"
    r"(?:city|nation|state|county|country|world)[- ]?wide|across\s+the\s+(?:city|country|nation|state|county|region)|"
    r"since\s+(?:January|the\s+(?:start|beginning))|in\s+(?:19|20)\d\d|(?:in\s+)?other\s+(?:cities|states|countries))\b",
    re.IGNORECASE,
)
STATISTIC_REACH = 50
# "Eight have been hurt or killed": a count of two kinds at once is a count of neither.
EITHER = re.compile(r"^\s+or\s+(?:" + KILLED + "|" + INJURED + r")\b", re.IGNORECASE)
# Words that cut the phrase between a number and a harm word: a new clause starts.
CLAUSE_BREAKS = {"before", "after", "when", "while", "until", "because", "but", "or", "which", "that", "he", "she",
                 "they", "it", "said", "says", "say", "as", "where", "since", "then"}
# Acts a count belongs to.
COUNTED_TYPES = {"ASSAULT", "DISASTER", "COERCE", "PROTEST", "MOBILIZE"}
# People counted as a kind ("two civilians", "three officers"): often a part of the victims.
SUBGROUP_NOUNS = {"civilians", "officers", "children", "kids", "women", "men", "students", "bystanders", "teens",
                  "teenagers", "boys", "girls", "adults", "soldiers", "deputies", "suspects", "members"}


@dataclass
class Count:
    """A number of people killed, injured or arrested, as one phrase states it."""

    kind: str  # killed | injured | arrested
    value: float
    start: int
    end: int
    text: str
    part: bool = False  # a part of a group ("including two civilians"), never a total
    subgroup: bool = False  # counts one kind of people ("two civilians"), a total only when nothing counts all


def kind_of(word: str) -> str:
    low = " ".join(word.lower().split())
    if re.fullmatch(ARRESTED, low) or low in ("arresting",):
        return "arrested"
    if re.fullmatch(KILLED, low) or low.startswith("kill"):
        return "killed"
    return "injured"


def number(token: str) -> float | None:
    low = " ".join(token.lower().replace(",", "").split())
    if low.isdigit():
        return float(low)
    value = NUMBER_WORDS.get(low)
    return float(value) if value is not None else None


def read_counts(text: str, offset: int = 0) -> list[Count]:
    """Every count stated in ``text`` (a sentence), with spans shifted by ``offset``."""
    found: list[Count] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: float | None, start: int, end: int, part: bool = False) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        noun = re.match(r"\s+(?:\w+\s+)?(\w+)", text[end:end + 30])
        subgroup = bool(noun and noun.group(1).lower() in SUBGROUP_NOUNS)
        found.append(Count(kind, value, offset + start, offset + end, text[start:end], part, subgroup))

    for m in NOBODY.finditer(text):  # first: "no one was hurt" is not "one was hurt"
        others = bool(m.group("else")) or "other" in m.group(0).lower()  # "no one else was hurt": 0 more, not 0 in all
        add(kind_of(m.group("what") or m.group("what2")), 0.0, m.start(), m.end(), others)
    for m in TOLL.finditer(text):
        add("killed", number(m.group("num")), m.start("num"), m.end("num"))
    for m in VERB_FIRST.finditer(text):
        add(kind_of(m.group("what")), number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in NUMBER_FIRST.finditer(text):
        if _age(text, m.start("num"), m.end("num")) or EITHER.match(text[m.end():m.end() + 30]):
            continue
        link = [w.lower() for w in re.findall(r"[\w-]+", m.group("link"))]
        if any(w in CLAUSE_BREAKS or w not in LINK_WORDS for w in link):
            continue
        add(kind_of(m.group("what")), number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in ONE_PERSON.finditer(text):
        add("killed" if m.group("died") else kind_of(m.group("what")), 1.0, m.start("who"), m.end("who"), _is_part(text, m.start("who"), m.end("who")))
    return sorted(found, key=lambda c: c.start)


def _age(text: str, start: int, end: int) -> bool:
    """"James Means, 15, was shot": a number set off by commas after a name is an age."""
    return text[max(0, start - 2):start] == ", " and text[end:end + 1] == ","


def _is_part(text: str, start: int, end: int) -> bool:
    return bool(PART_CUES.search(text[max(0, start - 40):start]) or PART_AFTER.match(text[end:end + 12]))


def totals(counts: list[Count]) -> dict[str, Count]:
    """The count a passage gives for all of a happening, per kind.

    A part ("including two civilians") is never the total; a count of all
    ("five people") beats a count of a kind of people ("two civilians");
    among those left, the largest (parts add up to it).
    """
    out: dict[str, Count] = {}
    for c in counts:
        if c.part:
            continue
        best = out.get(c.kind)
        if best is None or (not c.subgroup, c.value) > (not best.subgroup, best.value):
            out[c.kind] = c
    return out


def attach_counts(doc, events: list[EventMention]) -> None:
    """Give each count stated in ``doc`` to the act it belongs to (``EventMention.counts``).

    The act is a harm or arrest mention in the count's sentence (the nearest
    one), else, when the sentence states no time of its own ("In 1960 a
    quake killed 12,000" is another happening), the nearest such mention
    before it in its paragraph; a count with neither stays unattached (we do
    not guess whose count it is).
    """
    counted = [m for m in events if m.type in COUNTED_TYPES]
    if not counted:
        return
    text = doc_text(doc)
    dated = [(t.start, t.type) for t in (getattr(doc._, "times", None) or []) if t.type in ("DATE", "TIME")]
    for sent in doc.sents:
        for c in read_counts(sent.text, sent.start_char):
            if is_statistic(text, c, sent.start_char, sent.end_char):
                continue
            own_time = any(sent.start_char <= start < sent.end_char for start, _ in dated)
            owner = _owner(text, c, sent.start_char, sent.end_char, counted, own_time)
            if owner is not None:
                owner.counts.append(c)


def is_statistic(text: str, c: Count, sent_start: int, sent_end: int) -> bool:
    """A number of several people told with a period or an area it sums over ("this year",
    "citywide", "in other cities"), within STATISTIC_REACH characters of the count in its
    sentence. One person ("a man was killed Sunday, the city's 20th homicide this year") is
    the happening's own."""
    if c.value == 1:
        return False
    window = text[max(sent_start, c.start - STATISTIC_REACH): min(sent_end, c.end + STATISTIC_REACH)]
    return bool(STATISTIC.search(window))


def _plural_act(text: str, m: EventMention) -> bool:
    """"14 others hurt in 17 shootings": a count over several happenings belongs to none of them."""
    word = m.trigger.text.lower()
    return word.endswith("s") and word[:-1] in ("shooting", "attack", "incident", "killing", "homicide", "murder", "stabbing")


def _owner(text: str, c: Count, sent_start: int, sent_end: int, counted: list[EventMention],
           own_time: bool) -> EventMention | None:
    """The act a count belongs to; a sentence that states its own time tells its own happening."""
    in_sentence = [m for m in counted if sent_start <= m.trigger.start < sent_end]
    if in_sentence:
        owner = min(in_sentence, key=lambda m: abs(m.trigger.start - c.start))
        return None if _plural_act(text, owner) else owner
    if own_time:
        return None
    para = text.rfind("\n\n", 0, c.start) + 1
    before = [m for m in counted if para <= m.trigger.start < c.start]
    return max(before, key=lambda m: m.trigger.start) if before else None
