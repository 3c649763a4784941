"""How many were killed, injured, arrested: counts read from the phrase that states them.

A count is a number bound to a harm word within one phrase:

* verb first: "killing two", "injuring nine people", "wounded at least 15";
* number first: "two dead", "four others were injured", "three people were
  shot and killed", "more than 20,000 people are already dead";
* a toll: "bringing the death toll to three", "the toll rose to 2,000";
* one person: "he was shot and killed", "a 16-year-old boy has died",
  "a woman was wounded" (1); "no one else was hurt" (0);
* round 5, the words local reports use (GVC dev pile): a name with its age
  ("Dana Lee, 34, of Millbrook, was fatally shot"), a long subject before
  "has died", "left a teen dead", "claimed the life of", "killing him",
  "pronounced dead", "found shot to death", two groups joined by "and"
  ("two civilians and one officer were killed": 3), "another injured",
  "sent three teens to the hospital";
* those shot (kind ``shot``: "five people were shot", "a 16-year-old was
  shot in the hand"), dead or alive: :func:`totals` gives the wounded as
  those shot less those killed, as the Gun Violence Archive counts them.

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
else the nearest one before it in its paragraph; one person told of before
("he later died", "the child died Sunday") goes to the story's last harm act
before it, in any paragraph.
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
NUM_BODY = (r"\d{1,3}(?:,\d{3})+|\d+|(?i:a\s+dozen|" + "|".join(w for w in NUMBER_WORDS if w not in ("no", "a dozen"))
            + r")")
NUM_END = r"(?![\d,.]*\d)(?![-\s]*(?i:year|month|week|day|hour|minute|a\.m|p\.m|am\b|pm\b|o'clock|block|percent|%|:))"
NUM = r"(?P<num>" + NUM_BODY + ")" + NUM_END
QUALIFIER = r"(?:(?i:at\s+least|more\s+than|nearly|about|some|over|almost|up\s+to|around|as\s+many\s+as|a\s+total\s+of)\s+)?"
KILLED = (r"(?:killed|dead|died|slain|murdered|(?:fatally|mortally)\s+(?:shot|wounded|injured)|shot\s+dead|shot\s+and\s+killed"
          r"|shot\s+to\s+death|(?:pronounced|declared|found)\s+dead|found\s+shot\s+(?:to\s+death|dead)|deaths|fatalities"
          r"|lost\s+their\s+lives|fatally)")
INJURED = (r"(?:injured|wounded|hurt|hospitali[sz]ed|injuries|shot\s+and\s+wounded|shot\s+and\s+injured"
           r"|(?:suffered|sustained)\s+(?:\w+\s+){0,3}?(?:injuries|wounds))")
ARRESTED = r"(?:arrested|detained|taken\s+into\s+custody|in\s+custody|charged)"
# Hit by gunfire (kind "shot"), dead or alive: "five people were shot", "a 16-year-old was shot in the hand",
# also those a shooting sent to hospital (SENT_TO_HOSPITAL). The wounded are
# those shot less those killed (:func:`totals`), as the Gun Violence Archive counts them. "Shot at" is no hit.
SHOT = (r"(?:(?:found\s+)?shot(?!\s+at\b)|(?:hit|struck)\s+by\s+(?:gunfire|(?:a\s+)?(?:stray\s+)?bullets?)"
        r"|(?:suffered|sustained)\s+(?:a\s+)?(?:\w+\s+){0,2}?gunshot\s+wounds?)")
# Adverbs that may stand between "was" and the harm word; "fatally" and "mortally" are part of it.
ADVERB = r"(?:(?!fatally|mortally)\w+ly\s+)?"
# Words that may stand between a number and its harm word without cutting the phrase.
LINK_WORDS = {"people", "persons", "men", "women", "children", "kids", "teens", "teenagers", "adults", "others",
              "other", "more", "victims", "officers", "civilians", "students", "bystanders", "boys", "girls",
              "individuals", "young", "were", "was", "are", "is", "have", "has", "had", "been", "being", "reported",
              "confirmed", "already", "also", "left", "later", "police", "family", "members", "suspects", "shot",
              "found", "now", "all", "total", "those", "each", "including", "seriously", "critically",
              "fatally", "later", "who", "got", "apparently", "believed", "to", "be", "injured", "wounded",
              "man", "woman", "person", "boy", "girl", "teen", "teenager", "child", "officer", "victim",
              "juvenile", "juveniles", "males", "females", "male", "female"}
NUMBER_FIRST = re.compile(
    r"(?<![\w$.,-])" + QUALIFIER + NUM + r"(?P<link>(?:[\s,]+[\w-]+){0,5}?)[\s,]+(?P<what>" + KILLED + "|" + INJURED + "|"
    + ARRESTED + "|" + SHOT + r")\b",
)
VERB_FIRST = re.compile(
    r"\b(?P<what>killing|killed|kills|injuring|injured|injures|wounding|wounded|wounds|hurting|hurt|hospitalizing|hospitalized"
    r"|arresting|arrested)\s+"
    + QUALIFIER + NUM + r"(?![\w-])",
)
# Every start, overlapping ones included: "one of five people injured" is no count at "one", and a
# plain scan resumed after that failed phrase and never tried "five" (round 5).
NUMBER_FIRST_ANYWHERE = re.compile("(?=" + NUMBER_FIRST.pattern + ")")
# "shot four people" (read after the number-first phrases: "shot three people dead" is three killed);
# "shot 12 times" counts bullets.
SHOT_VERB_FIRST = re.compile(r"\bshot\s+" + QUALIFIER + NUM + r"(?![\w-])(?!\s+(?:times|rounds|shots|bullets)\b)")
TOLL = re.compile(
    r"\b(?:death\s+toll|toll|number\s+of\s+(?:people\s+)?(?:dead|deaths|fatalities|killed))\s+(?:[\w'’-]+\s+){0,10}?"
    r"(?:to|at|of|reached|passed|topped|exceeded|stood\s+at|is|was)\s+" + QUALIFIER + NUM,
    re.IGNORECASE,
)
ONE = (r"he|she|man|woman|boy|girl|teen|teenager|person|victim|male|female|juvenile|minor|suspect|gunman|shooter|officer|deputy|trooper|child|"
       r"toddler|baby|infant|father|mother|son|daughter|brother|sister|husband|wife|girlfriend|boyfriend|cousin|uncle|"
       r"aunt|grandmother|grandfather|friend|neighbor|neighbour|driver|passenger|passerby|bystander|pedestrian|student|"
       r"resident|customer|clerk|employee|worker|guard|owner|"
       r"\w+-year-old(?-i:(?:\s+[A-Z][\w'’-]+){0,3})")
ONE_PERSON = re.compile(
    r"\b(?P<who>" + ONE + r")\s+"
    r"(?:(?P<rel>who|that)\s+)?(?:(?:later|then|also|allegedly|reportedly|apparently|now|critically|seriously)\s+)?"
    r"(?:(?P<aux>was|is|has\s+been|had\s+been|got)\s+" + ADVERB + r"(?P<what>" + KILLED + "|" + INJURED + "|"
    + ARRESTED + "|" + SHOT + r")"
    r"|(?:has\s+|had\s+)?(?P<died>died|is\s+dead|was\s+dead|succumbed|took\s+(?:his|her)\s+own\s+life"
    r"|found\s+(?:shot\s+)?dead|found\s+shot\s+to\s+death))\b",
    re.IGNORECASE,
)
# One person as the object: "killing him", "shot and killed a customer", "fatally shot his former boss",
# "doctors pronounced him dead", "police found McLean dead", "striking Anderson, who died at the scene".
ONE_OBJECT = re.compile(
    r"\b(?P<what>(?i:killing|killed|kills|fatally\s+(?:shooting|shot|shoots|wounding|wounded)|shot\s+and\s+killed|"
    r"shooting\s+and\s+killing))\s+(?P<who>(?i:him|her|(?:a|an|one|another)\s+(?:(?!and\b)[\w-]+\s+){0,2}?(?:" + ONE + r")))\b"
    r"(?!,?\s+(?i:and|&)\s+(?i:a|an|her|his|their|the|one|two|three|four|\d))"
    r"|\b(?i:pronounced|declared|found)\s+(?P<who2>(?i:him|her)|[A-Z][\w'’-]+)\s+(?i:dead)\b"
    r"|\b(?P<who3>[A-Z][\w'’-]+|(?i:the\s+(?:" + ONE + r"))),\s+(?i:who)\s+(?:(?i:later|then)\s+)?(?i:died|was\s+killed)\b"
)
# "Two civilians and one police officer were killed", "a woman and a 3-year-old child are dead": two
# counts joined by "and" before one harm word count together.
PAIR = re.compile(
    r"(?<![\w$.,-])(?P<num>(?:" + NUM_BODY + ")" + NUM_END + r"(?:\s+[\w-]+){1,2}?|(?i:a|an)(?:\s+[\w-]+){0,2}?\s+(?i:" + ONE + r"))"
    r"\s+and\s+(?P<num2>(?:" + NUM_BODY + ")" + NUM_END + r"|(?i:a|an))(?:\s+[\w-]+){1,3}?\s+"
    r"(?:(?i:were|are|have\s+been|had\s+been)\s+)(?:(?i:also|all|both)\s+)?(?P<what>" + KILLED + "|" + INJURED + "|" + SHOT + r")\b"
)
# "who was shot Sunday ... has died": the relative clause told how, the sentence tells that the person died.
DIED_AFTER = re.compile(r"\b(?:has\s+|have\s+|had\s+|later\s+)?died\b|\bsuccumbed\b|\bdid\s+not\s+survive\b", re.IGNORECASE)
# "A 7-year-old girl struck by a stray bullet at a cookout on Sunday has died", "Two brothers wounded in
# the parking lot shooting last week have died": a subject, its modifiers (no sentence break), then the death.
HAS_DIED = re.compile(
    r"\b(?:(?P<one>(?i:a|an|the|one)\s+(?:[\w-]+\s+){0,2}?(?i:" + ONE + r"))|" + NUM + r"(?:\s+[\w-]+){0,2}?\s+"
    r"(?i:people|persons|men|women|children|teens|teenagers|victims|boys|girls|others|brothers|sisters|friends|officers))"
    r"(?P<gap>(?:,?\s+[\w'’-]+){1,15}?),?\s+(?i:has|have)\s+(?i:both\s+|all\s+)?died\b",
)
# "a shooting that sent three teens to the hospital": those a shooting put in hospital were hit, and may have
# died there ("sent nine people to hospitals ... one died"): counted as those shot, the wounded are the rest.
SENT_TO_HOSPITAL = re.compile(
    r"\b(?i:sent|sending|put|putting)\s+" + QUALIFIER + NUM + r"(?:\s+[\w-]+){0,2}?\s+(?i:to|in)\s+(?:(?i:the|a|an|area|local)\s+)?"
    r"(?:[\w-]+\s+)?(?i:hospitals?)\b"
)
# One more: "one deputy dead and another injured", "a man was killed and another wounded".
ANOTHER = re.compile(
    r"\b(?P<who>(?i:another))(?:\s+(?i:" + ONE + r"))?\s+(?:(?i:was|is)\s+)?(?:(?i:critically|seriously)\s+)?"
    r"(?P<what>(?i:injured|wounded|hurt|hospitali[sz]ed))\b"
)
# "accidentally shot himself in the foot": one person shot (dead or alive, as the rest of the report says).
SELF_SHOT = re.compile(r"\b(?i:shot|shoots|shooting)\s+(?P<who>(?i:himself|herself))\b")
# "left a teen dead", "leaving one man wounded", "claimed the life of a young mother".
LEFT_ONE = re.compile(
    r"\b(?i:left|leaving|leaves)\s+(?P<who>(?i:a|an|one)\s+(?:(?!and\b)[\w-]+\s+){0,3}?(?i:" + ONE + r"))\s+"
    r"(?:(?i:critically|seriously|gravely)\s+)?(?P<what>(?i:dead|injured|wounded|hurt))\b"
    r"|\b(?i:claimed|took)\s+the\s+life\s+of\s+(?P<who2>(?i:a|an|one)\b)"
)
# "Rosa Delgado died at County General", "Tomas later died": a name, then the death.
NAME_DIED = re.compile(r"\b(?P<who>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\s+(?:(?i:later|then)\s+)?(?i:died)\b")
# "Officer Dan Ruiz was shot and killed", "Rosa Delgado was wounded": a name of two or more words, then the harm.
NAME_HARMED = re.compile(
    r"\b(?P<who>[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+(?i:was|has\s+been|had\s+been)\s+" + ADVERB
    + r"(?P<what>(?i:" + KILLED + "|" + INJURED + "|" + SHOT + r"))\b"
)
# Capitalised words before "died" that are no person's name.
NOT_NAMES = {"he", "she", "it", "they", "who", "police", "officials", "authorities", "investigators", "the", "a", "an",
             "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "all", "none",
             "nobody", "someone", "everyone", "many", "most", "some", "several", "victim", "victims", "sunday", "monday",
             "tuesday", "wednesday", "thursday", "friday", "saturday", "later", "then", "she'd", "he'd"}
# "Dana Lee, 34, was killed", "Dana Lee, 34, of Millbrook, was fatally shot", "Corey Banks, a 19-year-old
# student, died": a name set off with its age, then the harm.
NAMED = re.compile(
    r"\b(?P<who>[A-Z][a-z'’-]+(?:\s+[A-Z][\w'’-]+){1,3}),\s+(?:\d{1,3}|(?i:an?\s+\d{1,3}-year-old)[^,.]{0,60}),"
    r"(?:\s+(?i:of|from)\s+[^,.]{1,40},)?\s+(?i:who\s+)?"
    r"(?:(?i:was|has\s+been|had\s+been)\s+" + ADVERB + r"(?P<what>(?i:" + KILLED + "|" + INJURED + "|" + SHOT + r"))"
    r"|(?P<died>(?i:(?:later\s+)?died|has\s+died)))\b"
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
    r"since\s+(?:January|the\s+(?:start|beginning))|in\s+(?:19|20)\d\d|(?:in\s+)?other\s+(?:cities|states|countries)|"
    r"in\s+(?:[\w-]+\s+){0,2}?(?:shootings|attacks|incidents))\b",
    re.IGNORECASE,
)
STATISTIC_REACH = 50
# "Eight have been hurt or killed": a count of two kinds at once is a count of neither.
EITHER = re.compile(r"^\s+or\s+(?:" + KILLED + "|" + INJURED + r")\b", re.IGNORECASE)
OTHERS = {"others", "other", "more"}
# A report telling a death in words we do not count ("Ortiz was pronounced dead an hour later" with no
# one counted): those shot less those killed cannot be told, so its shot counts give no injured.
# Not a death: "hurt or killed by guns every day" (people in general), "attempted murder", "intent to murder".
DEATH_CUE = re.compile(r"\b(?:died|dead|death|deaths|fatal|fatally|slain|deceased|succumbed|lost\s+(?:his|her|their)\s+li(?:fe|ves))\b"
                       r"|(?<!\bor\s)\b(?:killed|killing)\b(?!\s+or\b)|(?<!attempted\s)(?<!intent\sto\s)\b(?:murder|murdered|homicide)\b",
                       re.IGNORECASE)
# Words that cut the phrase between a number and a harm word: a new clause starts.
CLAUSE_BREAKS = {"before", "after", "when", "while", "until", "because", "but", "or", "which", "that", "he", "she",
                 "they", "it", "said", "says", "say", "as", "where", "since", "then"}
# Articles that point back to someone already told of.
DEFINITE = {"the", "that", "this"}
# Acts whose victims a count of the dead or wounded counts.
HARM_TYPES = {"ASSAULT", "DISASTER"}
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


# How a report qualifies a figure: the words a reader must see with the number ("nearly 2,500" is not
# 2,500). Longest first, so that "more than" is not read as "than". The figure's span keeps only the
# number (spans and values are unchanged); :func:`qualifier_before` reads the words from the text.
QUALIFIERS = ("as many as", "upwards of", "in excess of", "more than", "fewer than", "less than", "at least",
              "at most", "up to", "nearly", "almost", "about", "around", "roughly", "approximately", "some",
              "over", "under", "close to")
QUALIFIER_BEFORE = re.compile(r"(?<![\w-])(?P<q>" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
                              + r")\s+(?:a\s+)?$", re.IGNORECASE)
# Only this many characters before a figure are read for its qualifier.
QUALIFIER_REACH = 30


def qualifier_before(text: str | None, start: int | None) -> str | None:
    """The qualifier written right before the figure at ``start`` ("more than", "nearly", "at least",
    "about"...), lower-cased with single spaces; None for a bare figure.

    On the demo the report showed "killed ... 2,500 (11 Sep)" for "rose to nearly 2,500" and
    "'20,000'" for "more than 20,000": a figure without its qualifier states more than the report
    did. Presentation reads it here from the stored span, so no stored value changes."""
    if not text or start is None or start <= 0:
        return None
    hit = QUALIFIER_BEFORE.search(text[max(0, start - QUALIFIER_REACH):start])
    return " ".join(hit.group("q").lower().split()) if hit else None


def with_qualifier(figure: str, qualifier: str | None) -> str:
    """A figure as a reader must see it: "nearly 2,500", or the figure alone."""
    return f"{qualifier} {figure}" if qualifier else figure


def kind_of(word: str) -> str:
    low = " ".join(word.lower().split())
    if re.fullmatch(ARRESTED, low) or low in ("arresting",):
        return "arrested"
    if re.fullmatch(KILLED, low) or low.startswith("kill"):
        return "killed"
    if re.fullmatch(SHOT, low):
        return "shot"
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

    def add(kind: str, value: float | None, start: int, end: int, part: bool = False, one_named: bool = False) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        noun = re.match(r"\s+(?:\w+\s+)?(\w+)", text[end:end + 30])
        # one person named as the object or by name ("killing him", "Ray Stone, 27, was wounded") is
        # often one victim among several: like a kind of people, a total only when nothing counts all
        subgroup = one_named or bool(noun and noun.group(1).lower() in SUBGROUP_NOUNS)
        found.append(Count(kind, value, offset + start, offset + end, text[start:end], part, subgroup))

    for m in NOBODY.finditer(text):  # first: "no one was hurt" is not "one was hurt"
        others = bool(m.group("else")) or "other" in m.group(0).lower()  # "no one else was hurt": 0 more, not 0 in all
        add(kind_of(m.group("what") or m.group("what2")), 0.0, m.start(), m.end(), others)
    for m in TOLL.finditer(text):
        add("killed", number(m.group("num")), m.start("num"), m.end("num"))
    for m in VERB_FIRST.finditer(text):
        add(kind_of(m.group("what")), number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in PAIR.finditer(text):
        if _age(text, m.start("num"), m.end("num")):
            continue
        first, second = (_pair_value(v) for v in (m.group("num"), m.group("num2")))
        if first is not None and second is not None:
            add(kind_of(m.group("what")), first + second, m.start("num"), m.end("num2"), _is_part(text, m.start("num"), m.end("num")))
    for m in HAS_DIED.finditer(text):
        if not _plain_gap(m.group("gap")):
            continue
        start, end = (m.start("one"), m.end("one")) if m.group("one") else (m.start("num"), m.end("num"))
        add("killed", 1.0 if m.group("one") else number(m.group("num")), start, end, _is_part(text, start, end))
    for m in NUMBER_FIRST_ANYWHERE.finditer(text):
        if _age(text, m.start("num"), m.end("num")) or EITHER.match(text[m.end("what"):m.end("what") + 30]):
            continue
        link = [w.lower() for w in re.findall(r"[\w-]+", m.group("link"))]
        if any(w in CLAUSE_BREAKS or w not in LINK_WORDS for w in link):
            continue
        kind = kind_of(m.group("what"))
        if kind == "shot" and OTHERS & set(link):
            kind = "injured"  # "a man was killed and two others were shot": the others are the wounded
        add(kind, number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in SHOT_VERB_FIRST.finditer(text):
        add("shot", number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in NAMED.finditer(text):
        kind = "killed" if m.group("died") else kind_of(m.group("what"))
        add(kind, 1.0, m.start("who"), m.end("who"), one_named=True)
    for m in SENT_TO_HOSPITAL.finditer(text):  # may count the dead too ("nine sent to hospitals ... one died")
        add("shot", number(m.group("num")), m.start("num"), m.end("num"), _is_part(text, m.start("num"), m.end("num")))
    for m in ANOTHER.finditer(text):
        add("injured", 1.0, m.start("who"), m.end("who"), one_named=True)
    for m in SELF_SHOT.finditer(text):
        add("shot", 1.0, m.start("who"), m.end("who"))
    for m in ONE_OBJECT.finditer(text):
        group = next(g for g in ("who", "who2", "who3") if m.group(g))
        add("killed", 1.0, m.start(group), m.end(group), one_named=True)
    for m in NAME_HARMED.finditer(text):
        if m.group("who").split()[0].lower() not in NOT_NAMES:
            add(kind_of(m.group("what")), 1.0, m.start("who"), m.end("who"), one_named=True)
    for m in NAME_DIED.finditer(text):
        if m.group("who").split()[0].lower() not in NOT_NAMES:
            add("killed", 1.0, m.start("who"), m.end("who"), one_named=True)
    for m in LEFT_ONE.finditer(text):
        group = "who" if m.group("who") else "who2"
        add(kind_of(m.group("what")) if m.group("what") else "killed", 1.0, m.start(group), m.end(group))
    for m in ONE_PERSON.finditer(text):
        kind = "killed" if m.group("died") else kind_of(m.group("what"))
        if m.group("rel") and kind in ("injured", "shot") and DIED_AFTER.search(text[m.end():m.end() + 150]):
            kind = "killed"  # "a woman who was wounded in Sunday's shooting has died"
        add(kind, 1.0, m.start("who"), m.end("who"), _is_part(text, m.start("who"), m.end("who")))
    return sorted(found, key=lambda c: c.start)


def _pair_value(words: str) -> float | None:
    """The number a member of a pair starts with: "a woman" is one, "two civilians" two."""
    if re.match(r"(?i)an?\b(?!\s+dozen)", words):
        return 1.0
    lead = re.match(NUM_BODY, words)
    return number(lead.group(0)) if lead else None


def _plain_gap(gap: str) -> bool:
    """Words between a subject and "has died" that do not start a clause of their own."""
    words = [w.lower() for w in re.findall(r"[\w'’-]+", gap)]
    return not any(w in ("said", "says", "and", "but", "when", "after", "before", "because", "while") for w in words)


def _age(text: str, start: int, end: int) -> bool:
    """"James Means, 15, was shot": a number set off by commas after a name is an age."""
    return text[max(0, start - 2):start] == ", " and text[end:end + 1] == ","


def _is_part(text: str, start: int, end: int) -> bool:
    return bool(PART_CUES.search(text[max(0, start - 40):start]) or PART_AFTER.match(text[end:end + 12]))


def totals(counts: list[Count]) -> dict[str, Count]:
    """The count a passage gives for all of a happening, per kind.

    A part ("including two civilians") is never the total; a count of
    someone beats none, and a part of someone leaves no total of none ("no
    one was hurt by the blast" beside "two boys were wounded" or "two of her
    sons were wounded": the none is about something else); a count of all ("five
    people") beats a count of a kind of people ("two civilians"); among
    those left, the largest (parts add up to it).

    The people shot ("five people were shot") are no kind of their own: with
    no injured count stated, those shot less those killed are the injured
    (the count keeps the span of the shot phrase), when that leaves anyone;
    such a difference is marked ``subgroup`` so that resolution never sets
    it against another report's figure (it is a floor there).
    """
    out: dict[str, Count] = {}
    for c in counts:
        if c.part:
            continue
        best = out.get(c.kind)
        if best is None or (c.value > 0, not c.subgroup, c.value) > (best.value > 0, not best.subgroup, best.value):
            out[c.kind] = c
    for kind in [k for k, c in out.items() if c.value == 0]:
        if any(c.kind == kind and c.value > 0 for c in counts):  # "two of her sons were wounded": not none
            del out[kind]
    shot = out.pop("shot", None)
    if shot is not None and "injured" not in out:
        left = shot.value - (out["killed"].value if "killed" in out else 0)
        if left > 0:
            # a difference, not a figure a report states: like a count of a kind of people it is never
            # set against another report's figure as a disagreement (resolve/events.py Figure.loose)
            out["injured"] = Count("injured", left, shot.start, shot.end, shot.text, subgroup=True)
    return out


def attach_counts(doc, events: list[EventMention]) -> None:
    """Give each count stated in ``doc`` to the act it belongs to (``EventMention.counts``).

    See :func:`attach_in_text`; this reads the doc's text, sentences and dated time expressions.
    """
    counted = [m for m in events if m.type in COUNTED_TYPES]
    if not counted:
        return
    dated = [t.start for t in (getattr(doc._, "times", None) or []) if t.type in ("DATE", "TIME")]
    attach_in_text(doc_text(doc), [(s.start_char, s.end_char) for s in doc.sents], dated, counted)


def attach_in_text(text: str, sentences: list[tuple[int, int]], dated: list[int], counted: list[EventMention]) -> None:
    """Give each count stated in ``text`` to the act it belongs to, from the text's sentences
    (character spans), the starts of its day or time expressions and the acts a count may belong to.

    The act is a harm or arrest mention in the count's sentence (the nearest
    one), else, when the sentence states no time of its own ("In 1960 a
    quake killed 12,000" is another happening), the nearest such mention
    before it in its paragraph; a count with neither stays unattached (we do
    not guess whose count it is). Kept apart from the spaCy doc so that a
    kept ledger's counts can be replayed from its stored mentions
    (``scripts/replay_counts.py``).
    """
    for sent_start, sent_end in sentences:
        for c in read_counts(text[sent_start:sent_end], sent_start):
            if is_statistic(text, c, sent_start, sent_end):
                continue
            own_time = any(sent_start <= start < sent_end for start in dated)
            owner = _owner(text, c, sent_start, sent_end, counted, own_time)
            if owner is not None:
                owner.counts.append(c)
    _drop_shot_without_deaths(text, counted)


def _drop_shot_without_deaths(text: str, counted: list[EventMention]) -> None:
    """Those shot give the injured only less those killed (:func:`totals`): when the report tells a
    death (DEATH_CUE) but no act of it has a count of the dead (none is a count: "no one was
    killed"), the shot counts are dropped. Measured on the GVC dev pile: accuracy unchanged,
    25 fewer injured counts stated, the share of stated injured counts that are right
    0.656 -> 0.689. So are they when the report counts as many dead as shot ("she was shot"
    beside "Tamara Wells, 16, died"): the shot are the dead, whichever act each count
    went to."""
    attached = [c for m in counted for c in m.counts if not c.part]
    shot = max((c.value for c in attached if c.kind == "shot"), default=None)
    if shot is None:
        return
    killed = max((c.value for c in attached if c.kind == "killed"), default=None)
    if killed is None and not DEATH_CUE.search(text):
        return
    if killed is not None and killed < shot:  # none killed is a count too
        return
    for m in counted:
        m.counts[:] = [c for c in m.counts if c.kind != "shot"]


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
    """The act a count belongs to; a sentence that states its own time tells its own happening,
    unless the one it counts is someone already told of (:func:`_told_before`)."""
    in_sentence = [m for m in counted if sent_start <= m.trigger.start < sent_end]
    if in_sentence:
        owner = min(in_sentence, key=lambda m: abs(m.trigger.start - c.start))
        return None if _plural_act(text, owner) else owner
    if _told_before(text, c):
        harm = [m for m in counted if m.trigger.start < c.start and m.type in HARM_TYPES]
        if harm:
            return max(harm, key=lambda m: m.trigger.start)
    if own_time:
        return None
    para = text.rfind("\n\n", 0, c.start) + 1
    before = [m for m in counted if para <= m.trigger.start < c.start]
    return max(before, key=lambda m: m.trigger.start) if before else None


def _told_before(text: str, c: Count) -> bool:
    """"He later died at the hospital", "the child died Sunday", "that man later died": one person
    named by a pronoun or a definite noun is someone the report has already told of, so the count
    goes on the story's last harm act before it, in any paragraph and whatever time its sentence
    states. Most local reports give each sentence its own paragraph, and 46 of the GVC dev
    articles' one dead were such sentences, left unattached before round 5."""
    if c.value != 1 or c.kind not in ("killed", "injured", "shot"):
        return False
    words = c.text.lower().split()
    if words and words[0] in ("he", "she"):
        return True
    before = text[max(0, c.start - 12):c.start].lower().split()
    return (words and words[0] in DEFINITE) or bool(before and before[-1] in DEFINITE)
