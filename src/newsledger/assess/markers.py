"""Per-article markers an outlet's reliability is read from: sensational headlines, vague sources.

Each marker is a small, named rule a reader can check against the headline
or the attribution it fired on; none looks at an outlet's name.
"""

from __future__ import annotations

import re

# "BREAKING:", "FINALLY:", "WATCH NOW:": a shouted label opening the headline.
LABEL_PREFIX = re.compile(r"^\W*[A-Z]{3,}(?: [A-Z]{2,}){0,2}\s*[:!|]\s*\S")
# Labels that are not shouting. A desk's own update or correction notice
# ("UPDATE: Suspect charged") tells the reader the story changed; an agency
# named before a colon ("NOPD: 3 killed in ...", "HPD: ...", "KING: ...") says
# whose statement the headline reports, the headline form of "police said".
# On the GVC dev pile these were 18 of the 21 sensational flags.
DESK_LABELS = frozenset("UPDATE UPDATED UPDATES CORRECTION CORRECTED CLARIFICATION".split())
# Police departments and sheriff's offices abbreviate themselves this way (APD, NYPD, JPSO).
AGENCY_ACRONYM = re.compile(r"^[A-Z]{1,4}(?:PD|SO)$")
# A word in capitals inside a headline that is not itself in capitals ("Putin THANKS Trump").
CAPS_WORD = re.compile(r"\b[A-Z]{4,}\b")
# A headline in capitals throughout needs this many words to count as shouting.
MIN_CAPS_HEADLINE_WORDS = 4
# Teasing the reader with what is withheld (the "curiosity gap"): "The Death
# Toll They Aren't Telling You", "You Won't Believe", "Wait Until You See".
# Service headlines ("How to Back Up Your Data") address the reader too, and
# are not counted.
CURIOSITY_GAP = re.compile(
    r"\byou(?:['’]ll| will)? (?:won['’]?t|wont|will never|can['’]?t|cannot|need to|have to|must) (?:believe|see|know|miss|guess|imagine)\b|"
    r"(?:\bnot|n['’]t|\bnever) (?:tell(?:ing)?|show(?:ing)?) you\b|"
    r"\b(?:when|until|what|before) you (?:see|find out|hear|learn|read)\b|"
    r"\bwill (?:shock|amaze|stun|surprise|blow) you\b|"
    r"\bwhat (?:they|the media|the government) (?:don['’]?t|doesn['’]?t|won['’]?t) want you\b",
    re.IGNORECASE,
)
# Quoted words in a headline are the speaker's, not the outlet's.
QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|(?<!\w)['‘][^'‘’]*['’](?!\w)")
# Stock words and phrases of clickbait and outrage headlines.
HYPE = re.compile(
    r"\b(?:shock(?:ing|er)?|stunning|bombshell|explosive|destroys?|slams?|epic|insane|unbelievable|"
    r"jaw[- ]dropping|mind[- ]blowing|exposed|busted|must[- ](?:see|watch|read)|goes viral|"
    r"what happens next|the truth about|wake up|mainstream media|msm|silenced|cover[- ]?up)\b",
    re.IGNORECASE,
)


def headline_markers(title: str | None, text: str = "") -> list[str]:
    """The sensational markers in a headline, each named; words quoted in it are left out.

    * ``label-prefix``: a shouted label opens it ("BREAKING:", "FINALLY:");
    * ``caps``: a word shouted in capitals that the article itself writes as
      an ordinary lower-case word ("THANKS" beside "thanked"; acronyms and
      tickers such as NATO, TTIP or BOKU never are), or a whole headline in capitals;
    * ``exclamation``: an exclamation mark;
    * ``question``: a headline that is a question ("Who Really Pays?");
    * ``curiosity-gap``: it teases the reader with what is withheld
      ("...They Aren't Telling You", "You Won't Believe...");
    * ``hype``: stock clickbait or outrage words ("shocking", "slams", "bombshell").
    """
    headline = " ".join((title or "").split())
    own = " ".join(QUOTED.sub(" ", headline).split())
    if not own:
        return []
    found = []
    label = LABEL_PREFIX.match(own)
    if label and not _label_is_notice_or_source(own, text):
        found.append("label-prefix")
    if _shouts(own, headline, text):
        found.append("caps")
    if "!" in own:
        found.append("exclamation")
    if headline.rstrip(" \"'”’").endswith("?") and own.endswith("?"):
        found.append("question")
    if CURIOSITY_GAP.search(own):
        found.append("curiosity-gap")
    if HYPE.search(own):
        found.append("hype")
    return found


def _label_is_notice_or_source(own: str, text: str) -> bool:
    """The opening label is a desk's update notice or names who said it: not shouting.

    A one-word label is a source when it is a police agency's acronym, or
    when the article writes the same word as a name or an acronym inside a
    sentence ("... said NOPD", "King wrote"), never in lower case.
    """
    words = re.findall(r"[A-Z]+", own.split(":", 1)[0].split("|", 1)[0])
    if len(words) != 1:
        return False
    word = words[0]
    if word in DESK_LABELS or AGENCY_ACRONYM.match(word):
        return True
    if re.search(rf"\b{word.lower()}\b", text):
        return False
    return any(m.start() > 0 and not re.search(r"[.!?\n]\s*$", text[: m.start()])
               for m in re.finditer(rf"\b(?:{word}|{word.title()})\b", text))


def _shouts(own: str, headline: str, text: str) -> bool:
    letters = [c for c in own if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return len(own.split()) >= MIN_CAPS_HEADLINE_WORDS
    rest = LABEL_PREFIX.sub("", own, count=1) if LABEL_PREFIX.match(own) else own
    shouted = CAPS_WORD.findall(rest)
    if not shouted:
        return False
    body = "\n".join(line for line in text.splitlines() if " ".join(line.split()) != headline)
    ordinary = set(re.findall(r"\b[a-z]+\b", NOT_PROSE.sub(" ", body)))
    return any(_written_ordinarily(word.lower(), ordinary) for word in shouted)


# Addresses, handles, hashtags and tickers in a body are not prose: "alpsoutdoorz.com", "#isis", "$boku".
NOT_PROSE = re.compile(r"\S*(?:[/@#$_]|\.[A-Za-z])\S*")
# A shouted word matches an ordinary one sharing this many first letters ("THANKS" ~ "thanked").
STEM_LETTERS = 5


def _written_ordinarily(word: str, ordinary: set[str]) -> bool:
    if word in ordinary:
        return True
    stem = word[:STEM_LETTERS]
    return len(word) > STEM_LETTERS and any(w.startswith(stem) for w in ordinary)


# Attributions that name nobody a reader could check: "sources say", "insiders
# tell us", "people in the intelligence world", "reports say", "experts".
# A report in the singular ("the report", "a 2011 HUD report") is a document
# a reader can look up, so only the plural is vague.
VAGUE_HEADS = frozenset(
    "sources source insiders insider people reports rumours rumors rumour rumor experts expert "
    "analysts observers".split()
)
# Professional desks also rely on unnamed sources, but say who they are and
# why they are unnamed: "two people familiar with the talks", "a source with
# knowledge of the plan", "officials who spoke on condition of anonymity".
QUALIFIED = re.compile(
    r"\b(?:familiar with|(?:with |who have |who has )?knowledge of|briefed on|close to the (?:talks|matter|negotiations|investigation)|"
    r"condition of anonymity|not authori[sz]ed|asked not to be (?:named|identified)|declined to be (?:named|identified)|"
    r"(?:two|three|four|five|several|multiple)\b)",
    re.IGNORECASE,
)
# Where a source phrase's head noun ends: a preposition, a relative clause, a comma.
_HEAD_END = re.compile(r"\s*(?:,|\(|\b(?:in|on|at|of|from|with|close to|who|which|that|familiar|inside|within)\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def source_head(source_text: str | None) -> str | None:
    """The head word of an attribution's source phrase: "Sources on the ground" -> "sources"."""
    phrase = " ".join((source_text or "").split())
    cut = _HEAD_END.search(phrase)
    words = _WORD.findall(phrase[: cut.start()] if cut and cut.start() > 0 else phrase)
    return words[-1].lower() if words else None


def is_vague_source(source_text: str | None, named: bool) -> bool:
    """An attribution to nobody in particular: not named, headed by a vague word, and not qualified.

    "Sources on the ground" and "insiders" are vague; "two people familiar
    with the talks" is an unnamed but qualified source, the practice of
    professional desks, and is not counted.
    """
    if named or source_head(source_text) not in VAGUE_HEADS:
        return False
    return not QUALIFIED.search(source_text or "")
