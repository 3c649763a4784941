"""Event mentions from all articles become events, with corroboration and contradictions.

Two mentions are one event when they have the same type and compatible modes
(a call is not a meeting), share a participant (actor, its government family
or its country; inside one story a text-only name within another's name:
"the Foreign Ministry" ~ "Russia's Foreign Ministry"), and their dates agree at the
precision both give, and they sit in the same story or pin the same specific
date. Mentions are only compared inside blocks (type x story, type x year), so
the cost grows with the size of the blocks, not the square of the ledger.

Independence: every article is first mapped to its original (copies, wire
reprints and near-duplicates point to it), then originals from one outlet
count once. An event reported by one independent source is flagged.

Contradictions: mentions of one event that give different day dates, places
or counts ("killed 2,000" vs "killed 3,100") are recorded with both spans.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Collection

from newsledger.model import display_name
from newsledger.store.db import Store

# Dates that differ by at most this many days inside one story, for the same
# type and participants, are the same happening reported inconsistently.
DATE_SLACK_DAYS = 3


@dataclass
class Mention:
    id: str
    article: str
    type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    date: str | None
    date_source: str | None
    precision: str | None
    location: str | None
    modality: str | None
    confidence: float
    story: str | None
    source: str | None
    root: str
    published: Any
    seq: int
    trigger: tuple[int, int, str]
    sentence: tuple[int, int]
    location_span: tuple[int | None, int | None]
    time_span: tuple[int | None, int | None]
    participants: set[str] = field(default_factory=set)
    sides: frozenset[str] = frozenset()
    index: int = -1
    frame: str | None = None
    counts: list = field(default_factory=list)  # nlp.counts.Count stated for this mention
    frame_date: Any = None  # the article's time frame (publication date, or inferred / borrowed from its story)
    day_words: str | None = None  # the words of the time expression its day came from ("Sunday", "Aug. 3")
    weak_vote: bool = False  # folded in on weak evidence: neither votes for its event's day nor takes part in its disputes
    folded: bool = False  # joined to another line by ``fold_weak_day_lines``: names no party of it (``line_participants``)
    spam_page: bool = False  # its page carried spam (``spam_pages``): kept in the event, but no source of it
    countries: dict = field(default_factory=dict)  # party id -> its country, for the parties it names
    no: int = -1  # its place in its article's reading order (``event_mentions.mention_no``; ids say nothing of it)


def load_counts(store: Store, mention_ids: list[str] | None = None) -> dict[str, list]:
    """mention id -> the counts stored for it (``mention_counts``), for every mention or the given ones."""
    from newsledger.nlp.counts import Count

    out: dict[str, list] = defaultdict(list)
    where, params = ("WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))", [mention_ids]) if mention_ids is not None else ("", [])
    for r in store.rows(f"SELECT * FROM mention_counts {where} ORDER BY mention_id, count_no", params):
        out[r["mention_id"]].append(Count(r["kind"], r["value"], r["count_start"], r["count_end"], r["count_text"] or "",
                                          bool(r["part"]), bool(r["subgroup"])))
    return out


def load_mentions(store: Store, where: str = "", params: list | None = None) -> list[Mention]:
    """Every stored mention (or those ``where`` selects, over ``m`` mentions and ``a`` articles), with its
    article's story, outlet, original, dates and time frame, in ingest order."""
    from newsledger.store.dates import to_value

    families = {
        r["actor_id"]: (r["family"], r["country"]) for r in store.rows("SELECT actor_id, family, country FROM actors")
    }
    rows = store.rows(
        "SELECT m.*, a.story_id, a.outlet, coalesce(a.copy_of_id, a.article_id) AS root, a.published, a.seq AS article_seq, "
        "t.frame_from AS frame, t.frame_date FROM event_mentions m JOIN articles a ON a.article_id = m.article_id "
        f"LEFT JOIN article_time_frames t ON t.article_id = m.article_id {'WHERE ' + where if where else ''} "
        "ORDER BY a.seq, m.mention_no",
        params or [],
    )
    counts = load_counts(store, [r["mention_id"] for r in rows] if where else None)
    out = []
    for r in rows:
        m = Mention(
            id=r["mention_id"],
            article=r["article_id"],
            type=r["event_type"],
            mode=r["mode"],
            actors=list(r["actor_ids"] or []),
            recipients=list(r["recipient_ids"] or []),
            date=to_value(r["event_date"], r["date_precision"]),
            date_source=r["date_from"],
            precision=r["date_precision"],
            location=r["place"],
            modality=r["modality"],
            confidence=r["confidence"] or 0.0,
            story=r["story_id"],
            source=r["outlet"],
            root=r["root"],
            published=r["published"],
            seq=r["article_seq"],
            trigger=(r["trigger_start"], r["trigger_end"], r["trigger_text"]),
            sentence=(r["sentence_start"], r["sentence_end"]),
            location_span=(r["place_start"], r["place_end"]),
            time_span=(r["time_start"], r["time_end"]),
            frame=r["frame"],
            counts=counts.get(r["mention_id"], []),
            frame_date=r["frame_date"],
            no=r["mention_no"],
        )
        m.participants = participant_keys(m.actors + m.recipients, families)
        m.sides = sides_of(m.actors + m.recipients, families)
        m.countries = {p: families.get(p, (None, None))[1] for p in m.actors + m.recipients}
        out.append(m)
    return out


def spam_pages(store: Store, article_ids: Collection[str]) -> set[str]:
    """Those of ``article_ids`` whose page carried spam: a commercial block the cleaner removed
    (``clean.solicitation.SPAM_BLOCK_REASONS``) or a line asking readers to pay into a crypto wallet.

    The same pages the outlet assessment counts under ``spam`` (``assess.outlets._count_spam``), whose
    line tells the reader "pages carrying spam blocks earn no corroboration": on the demo the
    crypto-spam site's two pages were still counted as an independent source of three main events and
    gave the shown evidence of two (one a headline). The wallet test is the assessment's own text rule
    (``clean.solicitation.payment_solicitation``, a pure function of the text), so the two views agree."""
    from newsledger.clean.solicitation import SPAM_BLOCK_REASONS, WALLET_HINT, payment_solicitation

    ids = sorted(set(article_ids))
    if not ids:
        return set()
    found = {r[0] for r in store.con.execute(
        f"SELECT DISTINCT article_id FROM removed_lines WHERE reason IN ({', '.join('?' for _ in SPAM_BLOCK_REASONS)}) "
        "AND article_id IN (SELECT unnest(?::VARCHAR[]))", [*SPAM_BLOCK_REASONS, ids]).fetchall()}
    for article_id, text in store.con.execute(
        "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[])) AND regexp_matches(text, ?)",
        [ids, WALLET_HINT]).fetchall():
        if payment_solicitation(text or ""):
            found.add(article_id)
    return found


# Text-only actors that name nobody in particular ("the two leaders", "officials",
# "the men"): they can stand for anyone, so they neither match nor clash by
# name; their country ("Russian officials"), when known, still counts.
GENERIC_GROUP_WORDS = {
    "leader", "leaders", "official", "officials", "man", "men", "president", "presidents", "side", "sides",
    "government", "governments", "country", "countries", "people", "delegation", "delegations",
    "minister", "ministers", "counterpart", "counterparts", "party", "parties", "administration",
    # people a local report does not name: every shooting has a man, a victim and the police
    "woman", "women", "boy", "boys", "girl", "girls", "teen", "teens", "teenager", "teenagers", "child",
    "children", "person", "persons", "victim", "victims", "suspect", "suspects", "gunman", "gunmen", "shooter",
    "police", "officer", "officers", "deputy", "deputies", "authorities", "residents", "resident", "student",
    "students", "family", "relatives", "witnesses", "neighbors", "protesters", "friend", "friends",
}


def is_generic(actor: str) -> bool:
    """An ``x:`` actor whose head word is a generic group noun ("x:two-leaders", "x:officials")."""
    return actor.startswith("x:") and actor.rsplit("-", 1)[-1].removeprefix("x:") in GENERIC_GROUP_WORDS


def participant_keys(actor_ids: list[str], families: dict[str, tuple[str | None, str | None]]) -> set[str]:
    """An actor matches itself, its family (Trump ~ the White House) and, weakly, its country."""
    keys = set()
    for actor in actor_ids:
        if not is_generic(actor):
            keys.add(actor)
        family, country = families.get(actor, (None, None))
        if family:
            keys.add(f"family:{family}")
        if country:
            keys.add(f"country:{country}")
    return keys


def sides_of(actor_ids: list[str], families: dict[str, tuple[str | None, str | None]]) -> frozenset[str]:
    """Who takes part, at the level of governments and countries.

    Trump and the White House are one side; a text-only actor with no country
    ("the two leaders") says nothing about sides and is left out.
    """
    sides = set()
    for actor in actor_ids:
        family, country = families.get(actor, (None, None))
        if family or country:
            sides.add(family or f"country:{country}")
        elif not actor.startswith("x:"):
            sides.add(actor)
    return frozenset(sides)


def sides_compatible(a: Mention, b: Mention) -> bool:
    """One mention's sides must include the other's: Trump-Putin and Trump-Abe are two calls.

    A side known only by its country ("country:RUS": "Russian intelligence
    officers") is covered by a government of that country ("RUS:GOV": "officers
    of Russia's GRU" coded to the state): the same party written at two levels
    of detail. Without this the demo's indictment split in two lines once the
    actor reader gave one report's recipients their country.
    """
    return not a.sides or not b.sides or _sides_covered(a.sides, b.sides) or _sides_covered(b.sides, a.sides)


def _sides_covered(small: frozenset[str], big: frozenset[str]) -> bool:
    """Every side of ``small`` is in ``big``, a bare country also by any side of that country."""
    countries = {side.removeprefix("country:").split(":")[0] for side in big}
    return all(side in big or (side.startswith("country:") and side.removeprefix("country:") in countries) for side in small)


def dates_compatible(a: Mention, b: Mention) -> bool | None:
    """True when both dates agree at the shared precision, False when they clash, None if either is unknown."""
    if not a.date or not b.date or not _is_date(a.date) or not _is_date(b.date):
        return None
    n = min(len(a.date), len(b.date))
    return a.date[:n] == b.date[:n]


def _is_date(value: str) -> bool:
    return bool(re.match(r"^\d{4}(-\d\d(-\d\d)?)?$", value))


def day_gap(a: str, b: str) -> int | None:
    import datetime as dt

    if len(a) != 10 or len(b) != 10:
        return None
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


# What did not (or not yet) happen is a different event from what did.
UNREAL = {"future", "hypothetical", "negated"}


def modalities_compatible(a: Mention, b: Mention) -> bool:
    if previews(a, b) or previews(b, a):
        return True
    return (a.modality in UNREAL) == (b.modality in UNREAL) and (a.modality not in UNREAL or a.modality == b.modality)


def previews(plan: Mention, done: Mention) -> bool:
    """``plan`` announces, for the day it states, the happening ``done`` tells as having happened that day.

    A report filed the day before ("the two presidents are due to meet on
    Monday") and the reports of the meeting itself tell one happening; on the
    demo the announcement stood as a second, "future" summit line on the
    summit's own day. Only a day the announcement itself states (its own time
    expression), the same day, inside one story, and told in a report filed
    before that day: a plan without a day, one for another day (a postponed
    meeting), or a plan dated by the day it was agreed ("agreed on Saturday to
    meet") stays its own line.
    """
    filed = plan.published or plan.frame_date
    return (plan.modality == "future" and done.modality == "asserted" and plan.date_source == "time"
            and plan.story is not None and plan.story == done.story
            and bool(plan.date) and len(plan.date) == 10 and plan.date == done.date
            and filed is not None and str(filed)[:10] < plan.date)


def same_event(a: Mention, b: Mention) -> bool:
    if a.type != b.type or not modes_compatible(a, b):
        return False
    if a.type not in AREA_TYPES and places_clash(a.location, b.location):
        return False
    if not modalities_compatible(a, b):
        return False
    if a.participants and b.participants and not shared_participants(a, b):
        return False
    if not sides_compatible(a, b):
        return False
    if not a.participants and not b.participants and a.story != b.story:
        return False
    agree = dates_compatible(a, b)
    same_story = a.story is not None and a.story == b.story
    if agree is False and same_story and _borrowed_day_apart(a, b):
        agree = None  # a hazard's day borrowed from a nearby sentence says nothing against the story's hazard
    if agree is None:
        return same_story
    if agree:
        specific = min(len(a.date), len(b.date)) >= 7 or (a.modality == "recap" and b.modality == "recap")
        strong = _strong_participants(a, b)
        return same_story or (specific and strong)
    # Different days are one happening told inconsistently only when something
    # else names it: shared named participants, or the same place stated by both.
    gap = day_gap(a.date, b.date)
    unnamed = not (a.participants - _countries(a)) and not (b.participants - _countries(b))
    named = _strong_participants(a, b) or _same_stated_place(a, b) or (a.type in AREA_TYPES and unnamed)
    return same_story and gap is not None and gap <= DATE_SLACK_DAYS and named


# Happenings that cover an area: a quake or a storm strikes many towns at once,
# so two towns do not make two of them, and one story's reports a few days apart
# about an unnamed hazard are one hazard told inconsistently.
AREA_TYPES = {"DISASTER"}
# Where a mention's day came from when its own clause states none: a nearby sentence, the report's frame.
BORROWED_DAY_SOURCES = {"discourse", "frame", "published", "story"}


def borrowed_hazard_day(m: Mention) -> bool:
    """A hazard told as having happened, on a day its own clause does not state.

    "Families gathered on Tuesday evening to pray for the victims of last
    week's earthquake, which has killed more than 2,900" took Tuesday from its
    sentence's other clause; in the story of that quake it made a second quake
    line on the demo, four days after the first. Inside one story such a day
    neither separates the hazard from the story's own nor joins two events.
    """
    return (m.type in AREA_TYPES and m.modality == "asserted" and m.date_source in BORROWED_DAY_SOURCES
            and bool(m.story) and bool(m.date) and len(m.date) == 10)


def hazard_day_pair(a: Mention, b: Mention) -> bool:
    """Two tellings of a hazard of one kind told as done on one day: the events they are in may be
    one hazard across stories (``join_hazards_across_stories``)."""
    return (a.type in AREA_TYPES and a.type == b.type and modes_compatible(a, b)
            and a.modality == "asserted" and b.modality == "asserted"
            and bool(a.date) and len(a.date or "") == 10 and a.date == b.date)


def _one_hazard(a: tuple, b: tuple) -> bool:
    """Two hazard events (day, mode, stories, own day stated, countries) that may be one across stories."""
    return (not (a[2] & b[2]) and a[1] == b[1] and (a[3] or b[3]) and not _countries_apart(a[4], b[4]))


def _countries_apart(a: set[str], b: set[str]) -> bool:
    """Both name countries, and none in common."""
    return bool(a) and bool(b) and not (a & b)


# How far a borrowed day may lie from the other telling's day: a story's follow-ups within two weeks.
BORROWED_DAY_SLACK_DAYS = 14


def _borrowed_day_apart(a: Mention, b: Mention) -> bool:
    """Two tellings of a hazard that happened, days apart only because one of them borrowed its day
    (a recap of an older quake, or a day further off, is still another happening)."""
    if not (borrowed_hazard_day(a) or borrowed_hazard_day(b)) or a.modality != "asserted" or b.modality != "asserted":
        return False
    gap = day_gap(a.date or "", b.date or "")
    return gap is not None and gap <= BORROWED_DAY_SLACK_DAYS


# Words that make a place name an area rather than a town: not precise enough to tell two happenings apart.
AREA_WORDS = re.compile(r"\b(?:county|parish|province|region|district|state|borough|township|valley|area|zone)\b", re.I)


def _place_parts(place: str) -> list[str]:
    return [p.strip().lower().removeprefix("the ") for p in place.split(",") if p.strip()]


def places_clash(a: str | None, b: str | None) -> bool:
    """Two places that cannot be where one happening happened: two towns, or two parts of a town.

    "Englewood, Chicago" and "Chicago" agree (one is in the other); "Chicago"
    and "Evanston" clash, and so do "Englewood, Chicago" and "Roseland,
    Chicago". States, countries, counties and provinces never clash: they are
    too coarse, and an epicentre "in Gaziantep province" and one "in the
    Pazarcik district" are one quake told two ways.
    """
    if not a or not b:
        return False
    return _places_clash(a, b)


@lru_cache(maxsize=1 << 16)
def _places_clash(a: str, b: str) -> bool:
    """:func:`places_clash` of two given places, remembered: ``cluster`` asks it of every pair of two
    groups' places (60% of its time on 7,400 mentions of the 100k benchmark ledger, over a few hundred places)."""
    from newsledger.nlp.event_context import is_region

    pa, pb = _place_parts(a), _place_parts(b)
    if any(is_region(p) or AREA_WORDS.search(p) for p in pa[:1] + pb[:1]):
        return False
    if _contained(pa, pb) or _contained(pb, pa):
        return False
    return True


def _contained(inner: list[str], outer: list[str]) -> bool:
    """Every part of ``inner`` names a part of ``outer`` (by containment: "Englewood" ~ "West Englewood")."""
    return all(any(i in o or o in i for o in outer) for i in inner)


# A place precise enough to name one happening: a site in a town ("Englewood, Chicago",
# "600 block of Main Street"); a whole town has many shootings a week.
SITE_WORDS = re.compile(r",|\d|\b(?:street|st\.|avenue|ave\.|road|rd\.|boulevard|blvd|drive|lane|block|highway|park|mall|school|club|bar)\b", re.I)


def _same_stated_place(a: Mention, b: Mention) -> bool:
    """Both sentences name the same site (not just the same town)."""
    return bool(_explicit(a) and _explicit(b) and SITE_WORDS.search(a.location) and SITE_WORDS.search(b.location)
                and not places_clash(a.location, b.location)
                and (_contained(_place_parts(a.location), _place_parts(b.location))
                     or _contained(_place_parts(b.location), _place_parts(a.location))))


def _explicit(m: Mention) -> bool:
    start, _ = m.location_span
    s0, s1 = m.sentence
    return bool(m.location) and start is not None and s0 is not None and s0 <= start < (s1 or start + 1)


def _countries(m: Mention) -> set[str]:
    """Country keys, and countries standing as actors: the weak part of who took part."""
    return {k for k in m.participants if k.startswith("country:") or k.isupper() or k.startswith("family:")}


def _strong_participants(a: Mention, b: Mention) -> bool:
    """Shared actors or families, not just a shared country."""
    shared = shared_participants(a, b)
    return any(not k.startswith("country:") for k in shared)


# A text-only actor ("x:foreign-ministry") is the same as one whose name holds all
# of its words ("rus-foreign-ministry", "x:united-states-federal-grand-jury") when
# it has at least this many words: one word ("x:ministry") names too many.
MIN_CONTAINED_WORDS = 2


def shared_participants(a: Mention, b: Mention) -> set[str]:
    """Participants both mentions name: the same key, or a text-only name inside the other's name.

    One outlet writes "the Foreign Ministry" where another writes "Russia's
    Foreign Ministry", and "a federal grand jury" where another writes "a U.S.
    federal grand jury": exact keys made two THREATEN lines of one warning and
    two indictments of one happening on the demo. A text-only name of two or
    more words whose words all appear, in order, in the other name is that
    actor; generic groups ("officials") never take part (``participant_keys``).
    Only inside one story: across stories a shared "x:police-department" in
    two cities' reports of one day must not join two shootings.
    """
    shared = a.participants & b.participants
    if a.story is None or a.story != b.story:
        return shared
    for x in a.participants - shared:
        for y in b.participants - shared:
            if _name_contains(x, y) or _name_contains(y, x):
                shared.add(x)
    return shared


def _name_words(key: str) -> list[str] | None:
    """The words of an actor key ("x:federal-grand-jury" -> federal, grand, jury); None for families and countries."""
    if key.startswith(("country:", "family:")) or key.isupper():
        return None
    return key.removeprefix("x:").split("-")


def _name_contains(inner: str, outer: str) -> bool:
    """``inner`` is a text-only name of two or more words found, in order, inside ``outer``'s name."""
    if not inner.startswith("x:"):
        return False
    small, big = _name_words(inner), _name_words(outer)
    if not small or not big or len(small) < MIN_CONTAINED_WORDS or len(small) >= len(big):
        return False
    return any(big[i:i + len(small)] == small for i in range(len(big) - len(small) + 1))


# A call and a meeting are two happenings. The coder gives an in-person meeting
# no CONSULT mode, so a mode-less "meeting" would join the phone call of the same
# day through any mode-less "conversation"; its trigger word says what it is.
MEETING_TRIGGERS = frozenset({"meet", "meets", "met", "meeting", "meetings", "summit", "summits", "face-to-face"})
CLASHING_KINDS = frozenset({"phone", "in-person"})


def contact_kind(m: Mention) -> str | None:
    """A mention's mode, or "in-person" for a mode-less CONSULT told by a meeting word."""
    if m.mode:
        return m.mode
    word = (m.trigger[2] or "").lower() if m.trigger else ""
    return "in-person" if m.type == "CONSULT" and word in MEETING_TRIGGERS else None


def modes_compatible(a: Mention, b: Mention) -> bool:
    """Two modes differ only when both are given, or when one is a call and the other a meeting."""
    if a.mode and b.mode:
        return a.mode == b.mode
    return {contact_kind(a), contact_kind(b)} != CLASHING_KINDS


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)
        return min(ri, rj)


class _EventUnion(_Union):
    """Union-find that keeps each event's sides, so a vague mention cannot bridge two events.

    "Trump talks" fits both "Trump called Putin" and "Trump called Abe";
    joining pairwise would chain the two calls into one event.
    """

    def __init__(self, mentions: list[Mention]):
        super().__init__(len(mentions))
        self.sides = {i: m.sides for i, m in enumerate(mentions)}
        self.places = {i: ({m.location} if m.location and m.type not in AREA_TYPES else set()) for i, m in enumerate(mentions)}
        self.days = {i: ({m.date} if m.date and len(m.date) == 10 and _is_date(m.date) and not borrowed_hazard_day(m)
                         else set()) for i, m in enumerate(mentions)}
        self.kinds = {i: ({k} if (k := contact_kind(m)) in CLASHING_KINDS else set()) for i, m in enumerate(mentions)}
        self.named = {i: bool(m.participants) for i, m in enumerate(mentions)}

    def can_join(self, i: int, j: int) -> bool:
        """Sides nest, no place of one event clashes with one of the other, and their days agree.

        A vague mention ("this year", a place-less "shooting") fits many events;
        without these checks it would chain a July shooting to an April one.
        Days may differ (within DATE_SLACK_DAYS) only when ``i`` and ``j``
        themselves give the different days, so ``same_event`` judged them.
        """
        ri, rj = self.find(i), self.find(j)
        a, b = self.sides[ri], self.sides[rj]
        if not (not a or not b or _sides_covered(a, b) or _sides_covered(b, a)):
            return False
        if any(places_clash(p, q) for p in self.places[ri] for q in self.places[rj]):
            return False
        if self.kinds[ri] | self.kinds[rj] == CLASHING_KINDS:
            return False  # a mode-less "conversation" must not bridge a call and a meeting
        if self._bare_meeting(ri, rj) or self._bare_meeting(rj, ri):
            return False
        days = self.days[ri] | self.days[rj]
        if len(days) <= 1:
            return True
        if not (self.days[i] and self.days[j]) and not (days <= self.days[i] | self.days[j]):
            return False
        ordered = sorted(days)
        return (day_gap(ordered[0], ordered[-1]) or 0) <= DATE_SLACK_DAYS

    def _bare_meeting(self, ri: int, rj: int) -> bool:
        """Group ``ri`` is only a meeting nobody is named in, and ``rj`` is a named happening of no meeting word.

        "asked their aides to look for a date and a place for a first meeting"
        names no one; by its day and story alone it joined "Trump also spoke
        with Abe, Merkel and Hollande" on the demo. With no participant, only
        its word ties it to a happening: it joins a meeting.
        """
        return (self.kinds[ri] == {"in-person"} and not self.named[ri]
                and "in-person" not in self.kinds[rj] and self.named[rj])

    def join(self, i: int, j: int) -> int:
        ri, rj = self.find(i), self.find(j)
        merged, places, days = self.sides[ri] | self.sides[rj], self.places[ri] | self.places[rj], self.days[ri] | self.days[rj]
        kinds, named = self.kinds[ri] | self.kinds[rj], self.named[ri] or self.named[rj]
        root = super().join(i, j)
        self.sides[root], self.places[root], self.days[root], self.kinds[root] = merged, places, days, kinds
        self.named[root] = named
        return root


def cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Dated mentions are joined first; undated ones then attach to one event each.

    Letting undated mentions join in the same pass would chain events through
    them: "injured" (no date) would bridge a 2004 recap and a 2023 quake.
    """
    for i, m in enumerate(mentions):
        m.index = i
    told = {(m.type, m.story) for m in mentions if m.story and m.date_source in STATED_DAY_SOURCES}
    dated = [i for i, m in enumerate(mentions) if m.date and _is_date(m.date) and not _dated_by_filing(m, told)]
    undated = [i for i, m in enumerate(mentions) if not (m.date and _is_date(m.date)) or _dated_by_filing(m, told)]
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in dated:
        m = mentions[i]
        blocks[(m.type, "year", m.date[:4])].append(i)
        if m.story:
            blocks[(m.type, "story", m.story)].append(i)
    union = _EventUnion(mentions)
    for block, members in blocks.items():
        pairs = _year_block_pairs(members, mentions) if block[1] == "year" else _all_pairs(members)
        for i, j in pairs:
            if union.find(i) != union.find(j) and union.can_join(i, j) and same_event(mentions[i], mentions[j]):
                union.join(i, j)
    by_story: dict[tuple, list[int]] = defaultdict(list)
    for i in dated:
        by_story[(mentions[i].type, mentions[i].story)].append(i)
    loose: dict[tuple, list[int]] = defaultdict(list)
    for i in undated:
        m = mentions[i]
        candidates = [mentions[j] for j in by_story.get((m.type, m.story), []) if union.can_join(i, j)] if m.story else []
        host = _best_host(m, candidates)
        if host is not None:
            union.join(host.index, i)
        else:
            loose[(m.type, m.story or m.article)].append(i)
    for members in loose.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if union.find(i) != union.find(j) and union.can_join(i, j) and same_event(mentions[i], mentions[j]):
                    union.join(i, j)
    groups: dict[int, list[Mention]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[union.find(i)].append(m)
    return join_hazards_across_stories(list(groups.values()))


def join_hazards_across_stories(groups: list[list[Mention]]) -> list[list[Mention]]:
    """One hazard told in two stories is one event: same kind, same day, one of them dating it in
    its own clause, no countries apart, and no other candidate that day.

    A community's fund-raising report tells "the earthquake of Feb. 6" that
    five outlets report in the quake's own story. A hazard names no party, so
    the named-participant test that joins other acts across stories
    (``same_event``) never held, and the report stood as a second quake line
    on the demo. Mention by mention the join failed too: the story's own
    mentions borrow their day from nearby sentences, and the one stated in
    a clause (a spam page's "Tuesday, 7 February") is a day late, so the
    union's day check refused it. Events are compared instead, by the day
    each shows (``_best_date``); the day must be one a mention of either
    event states in its own clause (not a borrowed one), the modes the same,
    and the countries the two name (if both name any) shared. A group with
    two such candidates (two same-day quakes of other stories) joins neither, and
    neither of them joins it.
    """
    shown: dict[int, tuple] = {}
    by_day: dict[tuple, list[int]] = defaultdict(list)
    for n, g in enumerate(groups):
        if g[0].type not in AREA_TYPES or not any(m.modality == "asserted" for m in g):
            continue
        day, precision = _best_date(g)
        if precision != "day" or day is None:
            continue
        own = any(m.date == day and m.date_source == STATED_DAY_SOURCES[0] for m in g)
        countries = set().union(*(_countries(m) for m in g))
        shown[n] = (day, _majority([m.mode for m in g if m.mode]), {m.story for m in g}, own, countries)
        by_day[(g[0].type, day)].append(n)
    merged: dict[int, int] = {}
    for members in by_day.values():
        fits = {n: [k for k in members if k != n and _one_hazard(shown[n], shown[k])] for n in members}
        for n in members:
            if len(fits[n]) == 1 and fits[fits[n][0]] == [n] and n not in merged and fits[n][0] not in merged:
                big, small = sorted((n, fits[n][0]), key=lambda k: -len(groups[k]))
                merged[small] = big
    return [g + [m for k, into in merged.items() if into == n for m in groups[k]]
            for n, g in enumerate(groups) if n not in merged]


# ---------------------------------------------------------------------------
# One happening, one line: weak days inside a story about one happening

# A day the report's own words fix: a month and a day ("on Aug. 3", "July 25, 2016", "3 August", "8/3").
# Everything else ("Sunday", "last night", "Christmas", a day borrowed from another sentence or the
# publication day) is resolved against a reference the report or the pipeline chose, and may be wrong.
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
ABSOLUTE_DAY = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH_WORD}|\b\d{{1,2}}/\d{{1,2}}\b", re.I)
# Reports of a story that must give one day for its act, in their own sentences, before the story is about one happening.
MIN_AGREEING_REPORTS = 2
# A report whose days for the act lie this far or further from the day the other reports agree on
# resolved its relative days against a wrong reference (a page date 30 days late, a weekday put in
# the previous week): on GVC dev such gaps were 6, 7, 14 and 28-30 days.
SHIFTED_REFERENCE_DAYS = 6
# Acts a story is about and that happen once: a shooting. Statements, arrests, meetings and protests
# recur on later days of a story ("issued a statement Wednesday", "marched to City Hall on Tuesday",
# "met with residents Monday night"): on GVC dev 23 such lines of other types would have been folded,
# most of them a later act. A quake's borrowed days are handled by ``borrowed_hazard_day``; its
# aftershock is told on a later day as a quake, so DISASTER is left out.
ONE_HAPPENING_TYPES = frozenset({"ASSAULT"})
# A weak day at most one day before the story's day is the same night told from the other side of midnight.
EARLY_SLACK_DAYS = 1


def load_day_words(store: Store, mentions: list[Mention]) -> None:
    """Give each mention the words of the time expression its day came from (``times.time_text``)."""
    ids = [m.id for m in mentions if m.time_span[0] is not None]
    if not ids:
        return
    words = dict(store.con.execute(
        "SELECT m.mention_id, t.time_text FROM event_mentions m JOIN times t "
        "ON t.article_id = m.article_id AND t.time_start = m.time_start "
        "WHERE m.mention_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
    for m in mentions:
        m.day_words = words.get(m.id)


# A weekday named alone ("Monday morning", "about 2 a.m. Sunday"): no month-day, and no "last"/"next"/"this"
# that would say which week the writer meant.
BARE_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
WEEK_WORD = re.compile(r"\b(?:last|past|previous|next|this|coming)\b", re.I)
# A bare weekday read this many days before its report's reference day is the weekday after that day.
WEEK_BACK_DAYS = 6
# The report's own shooting lies on its reference day or the night before it.
FRESH_REPORT_DAYS = 1


def _bare_weekday(m: Mention) -> bool:
    words = m.day_words or ""
    return (BARE_WEEKDAY.search(words) is not None and ABSOLUTE_DAY.search(words) is None
            and WEEK_WORD.search(words) is None)


def _days_from_reference(m: Mention) -> int | None:
    if not (m.frame_date and m.date and len(m.date) == 10 and _is_date(m.date)):
        return None
    return (_to_day(m.date) - m.frame_date).days


def next_day_updates(mentions: list[Mention]) -> int:
    """Named heuristic **next-day update**: a bare weekday six days before its report's reference day is the
    day after that day, when the report's own shooting or its story says so.

    A local page is often updated the morning after it went up and keeps its
    first date: "Police were still searching for him Monday morning" on a page
    dated Sunday, "was arraigned Wednesday" on a page dated Tuesday. The
    weekday resolver reads a past-tense weekday in the week before the
    reference, so the arrest, the hearing or the search came out six days
    before the shooting the same report dates on the page's day. On GVC dev
    34 reports name a bare weekday six days before their page date: in the
    20 published on their incident's day it is the next day; in the
    follow-ups published a week later it is the shooting itself ("the Friday
    shooting" in a Thursday report). Two readings tell them apart:

    * **fresh report** (:func:`_fresh_report`): the report's own shooting,
      told as done on a day its words state, lies on its reference day or
      the night before, and none of the far mentions is a shooting: its
      other acts cannot come six days before it;
    * **the story says** (:func:`_story_says_next_day`): the far mentions
      include the shooting, and another report of the story states the
      shooting's day within a day of the next-day reading and none within a
      day of the week-back reading (a follow-up's story has its shooting a
      week back, so it stays).

    The far mentions move to the reference day plus one, in memory: they
    then cluster and vote on that day; the stored mention keeps the day its
    words were read as. On GVC dev (fresh ledger of this branch) the rule
    fires in 13 reports (8 fresh, 5 by the story), 127 mentions; every one
    was read and is the day after ("The community center was closed Tuesday"
    on a Monday page, "Update, 10:42 a.m. Monday" on a Sunday page); none of
    the 7 follow-ups fires. Returns the number of mentions re-dated.
    """
    by_article: dict[str, list[Mention]] = defaultdict(list)
    by_story: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article].append(m)
        if m.story:
            by_story[m.story].append(m)
    moved = 0
    for group in by_article.values():
        far = [m for m in group if m.date_source in STATED_DAY_SOURCES and _bare_weekday(m)
               and _days_from_reference(m) == -WEEK_BACK_DAYS]
        if not far:
            continue
        reference = far[0].frame_date
        if not (_fresh_report(group, far) or _story_says_next_day(far, by_story.get(far[0].story, []), reference)):
            continue
        for m in far:
            m.date = (reference + dt.timedelta(days=1)).isoformat()
            moved += 1
    return moved


def _own_days(mentions: list[Mention]) -> list[Mention]:
    """The shootings (one-happening acts) told as done on a day the words state."""
    return [m for m in mentions if m.type in ONE_HAPPENING_TYPES and _told_done(m) and m.date_source in STATED_DAY_SOURCES]


def _fresh_report(group: list[Mention], far: list[Mention]) -> bool:
    if any(m.type in ONE_HAPPENING_TYPES for m in far):
        return False
    offsets = {_days_from_reference(m) for m in _own_days(group)}
    return bool(offsets) and offsets <= set(range(-FRESH_REPORT_DAYS, 1))


def _story_says_next_day(far: list[Mention], story: list[Mention], reference) -> bool:
    if not any(m.type in ONE_HAPPENING_TYPES for m in far):
        return False
    root = far[0].root
    others = [_to_day(m.date) for m in _own_days(story) if m.root != root]
    later, earlier = reference + dt.timedelta(days=1), reference - dt.timedelta(days=WEEK_BACK_DAYS)
    return (any(abs((d - later).days) <= EARLY_SLACK_DAYS for d in others)
            and not any(abs((d - earlier).days) <= EARLY_SLACK_DAYS for d in others))


def states_absolute_day(m: Mention) -> bool:
    """The report's words name the act's month and day, in its sentence or nearby: a day no reference
    date can shift ("on Nov. 27", told in the paragraph before, dates an earlier shooting, not a slip)."""
    return (m.date_source in STATED_DAY_SOURCES and bool(m.date) and len(m.date) == 10
            and bool(m.day_words) and ABSOLUTE_DAY.search(m.day_words) is not None)


def _told_done(m: Mention) -> bool:
    return m.modality == "asserted" and bool(m.date) and len(m.date) == 10 and _is_date(m.date)


def report_days(mentions: list[Mention]) -> dict[str, tuple[str, bool]]:
    """Each original report's day for the act (copies vote with it): the day most of its mentions
    state in their own sentence, else the day most of them are told nearby; and whether that
    day rests on an absolute date. The first told wins a tie (as in ``_reports_majority``)."""
    per_report: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    absolute: dict[str, set[str]] = defaultdict(set)
    for m in sorted(mentions, key=lambda m: (m.seq, m.trigger[0] or 0)):
        if _told_done(m) and m.date_source in STATED_DAY_SOURCES:
            per_report[m.root][m.date_source][m.date] += 1
            if states_absolute_day(m):
                absolute[m.root].add(m.date)
    out = {}
    for root, tiers in per_report.items():
        source = next(s for s in STATED_DAY_SOURCES if tiers.get(s))
        day = tiers[source].most_common(1)[0][0]
        out[root] = (day, day in absolute[root])
    return out


def story_day(mentions: list[Mention]) -> tuple[str | None, set[str], bool]:
    """The day a story's reports agree on for one type of act, the reports with a shifted reference,
    and whether the reports tell two happenings of the type.

    The story is about one happening of the type when at least
    ``MIN_AGREEING_REPORTS`` original reports give one day (give or take a
    day), more reports than give any other day. A report whose day lies
    ``SHIFTED_REFERENCE_DAYS`` or more away, resting on no absolute date of
    its own, resolved its relative days against a wrong date (the page's
    metadata a month late, a weekday put in the week before): its reference
    is unreliable. A far report stating the month and day is another
    happening, and counts against the agreement; so do two or more far
    reports agreeing on their day (one report's reference may be wrong, two
    telling one other day tell another happening: two Oakland shootings two
    weeks apart, joined in one story).
    """
    days = report_days(mentions)
    if len(days) < MIN_AGREEING_REPORTS:
        return None, set(), False
    votes = Counter(day for day, _ in days.values())
    top = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    agree, shifted, other = 0, set(), 0
    for root, (day, absolute) in days.items():
        gap = day_gap(day, top)
        if gap is not None and gap <= 1:
            agree += 1
        elif gap is not None and gap >= SHIFTED_REFERENCE_DAYS and not absolute:
            shifted.add(root)
        else:
            other += 1
    far_days = [days[root][0] for root in shifted]
    if any(sum(1 for d in far_days if (day_gap(d, x) or 0) <= 1) >= MIN_AGREEING_REPORTS for x in far_days):
        return None, set(), True
    if agree < MIN_AGREEING_REPORTS or agree <= other + len(shifted):
        return None, set(), False
    return top, shifted, False


def _weak_day_fits(m: Mention, day: str, shifted: set[str]) -> bool:
    """``m``'s day is weak evidence that can be the story's ``day`` misread.

    A day the act's sentence states absolutely is never weak. Otherwise a
    report with a shifted reference may be any distance off; any other
    report tells the act on the story's day or later (the day of a later
    clause, a caption, the publication: an act is not told before it
    happened), within ``BORROWED_DAY_SLACK_DAYS``. A day earlier than the
    story's is an earlier happening (a recap), unless it is the night
    before.
    """
    if not m.date or len(m.date) != 10 or not _is_date(m.date):
        return True  # undated: its day says nothing
    if m.date == day:
        return True
    if states_absolute_day(m):
        return False
    if m.root in shifted:
        return True
    gap = (_to_day(m.date) - _to_day(day)).days
    return -EARLY_SLACK_DAYS <= gap <= BORROWED_DAY_SLACK_DAYS


def _to_day(value: str):
    import datetime as dt

    return dt.date.fromisoformat(value)


def _line_clashes(line: list[Mention], host: list[Mention]) -> bool:
    """Something other than the day says the two lines are two happenings: a place of the line that no
    place of the host line contains or sits in, two kinds of weapon or contact (as each line shows it),
    named participants the host line does not name, or sides that do not nest."""
    if line[0].type not in AREA_TYPES:
        places = {m.location for m in host if m.location}
        if places and any(all(places_clash(m.location, p) for p in places) for m in line if m.location):
            return True
    mode_a, mode_b = _majority([m.mode for m in line]), _majority([m.mode for m in host])
    if mode_a and mode_b and mode_a != mode_b:
        return True
    named = [m for m in line if m.participants - _countries(m)]
    if named and any(m.participants - _countries(m) for m in host):
        if not any(shared_participants(a, b) for a in named for b in host):
            return True
    sides_a, sides_b = frozenset().union(*(m.sides for m in line)), frozenset().union(*(m.sides for m in host))
    return bool(sides_a and sides_b and not (_sides_covered(sides_a, sides_b) or _sides_covered(sides_b, sides_a)))


def _corroborated_apart(line: list[Mention], day: str, shifted: set[str]) -> bool:
    """Two or more reports state the line's own (other) day in their sentences: not one report's slip."""
    roots = {m.root for m in line if m.date_source == "time" and m.date and m.date != day and m.root not in shifted}
    return len(roots) >= MIN_AGREEING_REPORTS


def fold_weak_day_lines(groups: list[list[Mention]]) -> list[list[Mention]]:
    """Inside a story about one happening of a type, a line of that type standing apart only by a weak day joins it.

    On GVC dev 41% of the single-shooting stories showed the shooting as 2+
    ASSAULT lines, 24% on 2+ days: "Sunday" resolved against a page date a
    month late, "the shotgun he got for Christmas", a video caption dated by
    the page. ``same_event`` rightly keeps two days apart when nothing else
    ties the mentions; here the story's reports themselves say which day the
    act was (:func:`story_day`), so a line whose every day is weak evidence
    for that day (:func:`_weak_day_fits`), told as done, with no clash of
    place, mode, participants or sides (:func:`_line_clashes`) and not
    stated on its own day by two reports, joins the story's line of that
    day. Its mentions, and those of reports with a shifted reference, get
    ``weak_vote``: they neither vote for the event's day nor take part in its
    contradictions or count updates, so a fold adds a report to the line but
    never a dispute. On GVC dev (re-resolved r4d ledger): stories with 2+
    days 24.0% -> 16.8%, main-event date 0.853 -> 0.873 (published later
    0.816 -> 0.849), no fold across gold incidents (docs/EVALUATION.md,
    "One happening, one line").
    """
    by_block: dict[tuple, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        if g[0].story and g[0].type in ONE_HAPPENING_TYPES:
            by_block[(g[0].type, g[0].story)].append(i)
    verdicts = {key: story_day([m for i in members for m in groups[i]]) for key, members in by_block.items()}
    two_happenings = {story for (_, story), (_, _, two) in verdicts.items() if two}
    folded: dict[int, int] = {}
    for key, members in by_block.items():
        day, shifted, _ = verdicts[key]
        if day is None or key[1] in two_happenings:
            continue  # a story telling two happenings of some type: none of its reports is taken as shifted
        host_of = _fold_block([groups[i] for i in members], day, shifted)
        for x, y in host_of.items():
            folded[members[x]] = members[y]
    out = []
    for i, g in enumerate(groups):
        if i in folded:
            continue
        for j, h in folded.items():
            if h == i:
                for m in groups[j]:
                    m.folded = True
                g = g + groups[j]
        out.append(g)
    return out


def _fold_block(block: list[list[Mention]], day: str, shifted: set[str]) -> dict[int, int]:
    """Within one story's lines of one type, whose reports agree on ``day``: which line (index) joins which host line."""
    for g in block:
        for m in g:
            if m.root in shifted and not states_absolute_day(m):
                m.weak_vote = True
    host = max(range(len(block)), key=lambda i: (len({m.root for m in block[i] if m.date == day}), -i))
    out = {}
    for i, line in enumerate(block):
        if i == host or not any(m.modality == "asserted" for m in line):
            continue  # a line told only as a recap, a plan or a denial stays its own
        if all(m.date == day for m in line if m.date and _is_date(m.date) and len(m.date) == 10):
            continue  # apart on the story's own day: for a reason other than its day
        if not all(_weak_day_fits(m, day, shifted) for m in line) or _corroborated_apart(line, day, shifted):
            continue
        if _line_clashes(line, block[host]):
            continue
        for m in line:
            m.weak_vote = True
        out[i] = host
    return out
def _all_pairs(members: list[int]):
    """Every pair of a block, in block order."""
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            yield i, j


def _year_block_pairs(members: list[int], mentions: list[Mention]):
    """The pairs of a (type, year) block :func:`same_event` may join, in the order :func:`_all_pairs` gives them.

    Across stories ``same_event`` joins only mentions sharing a
    :func:`cross_story_keys` key; inside a story, any two. The pairs left out
    are ones it refuses, and a refused pair changes nothing (``can_join`` and
    ``find`` only read), so the clusters are those of every pair compared.
    Comparing every pair of a type's year cost 14 minutes on the 100k
    benchmark ledger (a resolution scope of 87,000 mentions; issue 12).
    """
    by_story: dict[str, list[int]] = defaultdict(list)
    by_key: dict[tuple, list[int]] = defaultdict(list)
    keys = []
    for x, i in enumerate(members):
        m = mentions[i]
        if m.story:
            by_story[m.story].append(x)
        own = cross_story_keys(m.type, m.date, m.modality, m.participants)
        for key in own:
            by_key[key].append(x)
        keys.append(own)
    for x, i in enumerate(members):
        m = mentions[i]
        later = {y for y in by_story.get(m.story, ()) if y > x} if m.story else set()
        for key in keys[x]:
            later.update(y for y in by_key[key] if y > x)
        for y in sorted(later):
            yield i, members[y]


def cross_story_keys(event_type: str, date: str | None, modality: str | None, participants: set[str]) -> set[tuple]:
    """Keys two mentions of different stories share whenever :func:`same_event` may join them.

    Across stories ``same_event`` joins only dates that agree at month
    precision or finer (or two recaps agreeing on their year) with a
    participant in common that is more than a country. So a mention's keys
    are (type, year-month, participant) for each such participant, and
    (type, year, 'recap', participant) for a recap, and (type, day, 'hazard')
    for an area hazard told as done on a day (``join_hazards_across_stories``:
    a quake names no party); mentions sharing no key are never one event.
    Undated mentions join only within their story.
    """
    if not date or not _is_date(date):
        return set()
    strong = [k for k in participants if not k.startswith("country:")]
    keys: set[tuple] = set()
    if len(date) >= 7:
        keys.update((event_type, date[:7], k) for k in strong)
    if modality == "recap":
        keys.update((event_type, date[:4], "recap", k) for k in strong)
    if event_type in AREA_TYPES and modality == "asserted" and len(date) == 10:
        keys.add((event_type, date, "hazard"))  # a hazard names no party: join_hazards_across_stories
    return keys


def _best_host(m: Mention, candidates: list[Mention]) -> Mention | None:
    """The dated mention an undated one most plausibly retells: same article first, then one whose day
    a report states (not only its publication day), then most shared actors.

    "The Kremlin said on Saturday that Putin and Trump had agreed" (no day of
    its own) went, by its two named leaders, to a blog's "Trump ... agreed"
    dated only by the blog's publication the next day, and made a second
    agreement line on the demo beside the one five outlets date on the call's day.
    """
    best, best_key = None, None
    if m.date and m.date_source in FILING_DAY_SOURCES:
        m = replace(m, date=None)  # the day it was filed says nothing of the act's (``_dated_by_filing``)
    for c in candidates:
        if not same_event(m, c) or _recap_for_news(m, c):
            continue
        key = (c.article == m.article, c.date_source in STATED_DAY_SOURCES, len(shared_participants(m, c)),
               c.modality == m.modality, -c.seq)
        if best_key is None or key > best_key:
            best, best_key = c, key
    return best


# Where a mention's day comes from when the report tells none: its publication, its frame, its story.
FILING_DAY_SOURCES = {"published", "frame", "story"}


def _dated_by_filing(m: Mention, told: set[tuple]) -> bool:
    """An act told as done whose only day is its report's filing, in a story where reports tell a day
    for acts of its type: it is placed like an undated telling, on the act it retells.

    A blog posted the day after the call ("Trump ... picked up the phone ...
    and agreed to go after ISIS together", no day in the post) stood as its
    own agreement line on the demo, a day late, once the wire's undated "the
    Kremlin said ... had agreed" no longer bridged it to the five outlets'
    agreement. Only within DATE_SLACK_DAYS of the host's day (the union's day
    check); otherwise, or with no host, it keeps its filing day.
    """
    return (m.modality == "asserted" and m.date_source in FILING_DAY_SOURCES and bool(m.date)
            and (m.type, m.story) in told)


def _recap_for_news(m: Mention, host: Mention) -> bool:
    """An undated act told as the report's news cannot be an old happening the report recalls.

    "The FSB said it had detained two men" (no day: it is told as earlier than
    its saying) attached, by story and type alone, to the arrest of the
    December 2017 plot the same wire recalls, and "the ministry said 1,200
    people had been injured" to the 1960 Agadir quake, each making the recap
    an asserted happening of the report. Only a recap takes an undated recap.
    """
    return host.modality == "recap" and m.modality != "recap"


def independent_count(items: list[Mention] | list[dict]) -> tuple[list[str], int]:
    """(outlets, independent sources): outlets count, not copies.

    * A copy and its original are one report (one ``root``); it counts under
      the outlet of the original (``root_source`` when the item carries it,
      else the root article's own outlet when it is among the items), since a
      reprint carries another outlet's reporting. A root seen only through
      its copies, with its outlet unknown here, counts once on its own.
    * One outlet counts once, however many reports it filed.
    * Reports whose outlet is unknown may all come from one outlet, so
      together they add at most one source: "unknown outlet" never counts twice.
    """
    root_outlet: dict[str, str | None] = {}
    outlets: set[str] = set()
    for it in items:
        root, source, article = _field(it, "root"), _field(it, "source"), _field(it, "article")
        if source:
            outlets.add(source)
        known = _field(it, "root_source", _MISSING)
        if known is not _MISSING:
            root_outlet[root] = known
        elif article == root or root not in root_outlet:
            root_outlet[root] = source if article == root else f"copied:{root}"
    named = {o for o in root_outlet.values() if o}
    return sorted(outlets), len(named) + (None in root_outlet.values())


def outlet_voices(group: list[Mention]) -> list[Mention]:
    """The mentions whose outlets count as sources of the line: not an undated telling that cannot be
    shown to be the same act (:func:`same_act_undated`), not a telling of a plan in a line told as
    done (:func:`told_as_done`), not a spam page beside other pages (:func:`vetted_pages`). All
    mentions stay in the event.

    On the demo the Turkey quake's "Dozens of countries have sent rescue teams" (dated) drew in a
    wire's undated, low-confidence "rescue teams and soldiers had been sent to the affected
    provinces" (Turkey's own teams), and the line showed two independent outlets for one report's
    act. A hazard names no party, so every telling of it counts (one hazard per story)."""
    return vetted_pages(told_as_done(_same_act_voices(shown_voices(group))))


def shown_voices(group: list[Mention]) -> list[Mention]:
    """The tellings the default view shows (:func:`shown_tellings`) when a line has any: a mention too weak to
    be shown is kept in the event but neither makes its outlet a source of the line nor dates it.

    Demo read, round 8: The Morning Dispatch counted as a source of Putin's thanks through "Good morning, and
    welcome to the last Dispatch ..." (trigger "welcome", 0.105), the Capitol Standard as a source of a phone call
    through "Trump has called Putin several times since taking office" (0.45), and the US tip-off to Russia took
    the day of the thank-you call from two hidden White House lines about "the value of sharing information".
    A reader opening the line sees only the shown passages; the count rests on them (the day does not:
    :func:`line_date`), and on the weak tellings that state the line's own day (:func:`tells_the_shown_day`)."""
    shown = shown_tellings(group)
    if len(shown) == len(group):
        return shown
    return shown + [m for m in group if m not in shown and tells_the_shown_day(m, shown)]


def tells_the_shown_day(m: Mention, shown: list[Mention]) -> bool:
    """A telling too weak to be shown that still counts its outlet: asserted, it states in its own sentence
    (``date_source`` "time") the very day of a shown telling of the line told as done, at day precision, with a
    compatible mode (a call is no meeting).

    reader10 N15: the 0.5 cut dropped the Daily Ledger's "ended their first phone conversation on Saturday"
    (0.19), Harbor's "thanked Donald Trump ... in a phone call on Sunday" (0.19) and truthpatriot's "On Friday the
    Treasury Department slapped sanctions" (0.30) from lines they plainly tell. Confidence does not separate them
    from junk (a greeting at 0.105, a habitual "has called Putin several times" at 0.45), but a day of the act's
    own sentence does: on the demo the rule counts those 3 and none of the 17 other weak tellings of shown lines
    (the greeting, the habitual call, headlines, "the latest in a series ... this year" are dated from the
    discourse, the publication or another day). A weak telling dated only from nearby sentences stays uncounted
    (the Daily Ledger's Trump–Merkel calls: missed, and listed by the report as a weaker passage)."""
    if m.modality != "asserted" or m.date_source != "time" or m.precision != "day" or not m.date:
        return False
    return any(s.date == m.date and s.precision == "day" and s.modality not in UNREAL and modes_compatible(m, s)
               for s in shown)


def _same_act_voices(group: list[Mention]) -> list[Mention]:
    dated = [m for m in group if m.date]
    if not dated or len(dated) == len(group) or group[0].type in AREA_TYPES:
        return group
    named = set().union(*(m.participants for m in dated))
    return [m for m in group if m.date or same_act_undated(m, named)]


def told_as_done(group: list[Mention]) -> list[Mention]:
    """In a line some report tells as having happened, the tellings that say it happened: a report of
    the plan ("the two presidents are due to meet on Monday", modality future), of what might happen
    or of what did not is no source of the happening.

    On the demo a wire filed the day before the Helsinki summit joined the summit's line
    (:func:`previews`) and was counted as a fourth independent source of a meeting it could not have
    seen. A line told only as a plan keeps its tellings."""
    real = [m for m in group if m.modality not in UNREAL]
    return real or group


def vetted_pages(group: list[Mention]) -> list[Mention]:
    """The tellings from pages without spam (:func:`spam_pages`), when there are any: a spam page adds no
    source to a line other pages tell (the outlet assessment's "pages carrying spam blocks earn no
    corroboration"); a line only spam pages tell keeps them as its source."""
    clean = [m for m in group if not m.spam_page]
    return clean or group


def same_act_undated(m: Mention, named: set[str]) -> bool:
    """An undated telling joined to a dated line is the same act when it names a party the dated
    tellings name (an actor, its family or country; generic groups are no party), or when its coding
    is as confident as the default view asks (``settings.EVENT_MIN_CONFIDENCE``): a weak, undated
    mention with other parties is kept in the event but adds no outlet."""
    from newsledger import settings

    return bool(m.participants & named) or m.confidence >= settings.EVENT_MIN_CONFIDENCE


_MISSING = object()


def _field(item: Mention | dict, name: str, default: Any = None) -> Any:
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


def _best_date(group: list[Mention]) -> tuple[str | None, str | None]:
    """The most precise date most reports give, from the best-grounded mentions.

    A day a report states, in the sentence ("time") or nearby ("discourse"),
    beats days borrowed from publication; among the stated days, the day most
    independent reports give (:func:`_reports_majority`), each report voting
    with its best-grounded mentions. Otherwise the most precise value most
    mentions give.

    The two stated tiers vote together, by report, rather than "time" winning
    outright: on the demo pile one spam page's "on Tuesday, 7 February" (a
    day stated in the sentence) outvoted four outlets' "before dawn on
    Monday" (days the reports tell around the act), and the quake of five
    outlets was shown a day late.
    """
    dated = [m for m in group if m.date and _is_date(m.date)]
    if not dated:
        return None, "unknown"
    stated_days = [m for m in dated if m.date_source in STATED_DAY_SOURCES and len(m.date) == 10
                   and m.modality != "recap"]
    if stated_days and _mostly_told_without_a_day(group, stated_days):
        return None, "unknown"
    if stated_days:
        return _reports_majority(stated_days), "day"
    top = max(len(m.date) for m in dated)
    votes = Counter(m.date for m in dated if len(m.date) == top)
    date = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date), "unknown")
    return date, precision


def _mostly_told_without_a_day(group: list[Mention], stated_days: list[Mention]) -> bool:
    """More reports tell the act with no day than give it a day from a nearby sentence, and none
    states a day in the act's own clause.

    An act a report tells as earlier than its saying ("the FSB said it had
    detained two men") has no day (``nlp.events.context._reported_earlier``);
    on the demo one blog's "the warning led to arrests", dated by the call's
    "On Sunday" in the sentence before, lent that day to the detentions five
    reports tell without one. Each report votes once (copies with their
    original), as in ``_reports_majority``.
    """
    if any(m.date_source == STATED_DAY_SOURCES[0] for m in stated_days):
        return False
    with_day = {m.root for m in stated_days}
    silent = {m.root for m in group if m.modality == "asserted" and not m.date} - with_day
    return len(silent) > len(with_day)


# Days a report states for an act, best-grounded first: in the act's own sentence, then told nearby.
STATED_DAY_SOURCES = ("time", "discourse")


def _reports_majority(mentions: list[Mention]) -> str:
    """The day most reports give: each original report (copies count with it) votes once, for the
    day most of its best-grounded mentions give (its days stated in the sentence if it has any,
    else those told nearby; the first told on a tie); on a tie between days, the day more reports
    state in the sentence, then the earliest.

    A report that retells its act many times, or a roundup that dates several
    shootings, used to outvote the other outlets mention by mention. On GVC dev
    one vote per report dated 4 more main events on the incident day and lost
    none (event date 0.847 -> 0.853, published later 0.808 -> 0.816; resolution
    only, on the ledger of branch dates4).
    """
    per_report: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for m in sorted(mentions, key=lambda m: (m.seq, m.trigger[0] or 0)):  # text order: the first told wins a tie
        per_report[m.root][m.date_source][m.date] += 1
    votes: Counter = Counter()
    in_sentence: Counter = Counter()
    for tiers in per_report.values():
        source = next(s for s in STATED_DAY_SOURCES if tiers.get(s))
        day = tiers[source].most_common(1)[0][0]
        votes[day] += 1
        in_sentence[day] += source == STATED_DAY_SOURCES[0]
    return sorted(votes.items(), key=lambda kv: (-kv[1], -in_sentence[kv[0]], kv[0]))[0][0]


def _best_place(group: list[Mention]) -> str | None:
    """Where the event happened: the place most sentences state, the most specific on a tie."""
    stated = [m.location for m in group if _explicit(m)]
    values = stated or [m.location for m in group if m.location]
    if not values:
        return None
    return sorted(Counter(values).items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _majority(values: list[Any]) -> Any:
    values = [v for v in values if v]
    if not values:
        return None
    return sorted(Counter(values).items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def line_participants(group: list[Mention], kinds: dict[str, str | None] | None = None) -> tuple[list[str], list[str]]:
    """The actors and recipients a line shows, from its mentions (round 6).

    - **Folded mentions name no party on a side the line's own mentions fill.** A line
      :func:`fold_weak_day_lines` joined to the story's line stood apart for a weak day; it adds its
      report to the line but its participants were read in sentences about something that may be
      another happening ("a 37-year-old Shelton man was killed in the gunfire", from a courant report
      dated a day late, joined Bridgeport's 13-injured house-party line). Its actors and recipients
      are used only where the line's own mentions (those that carry the line's day) name none.
    - **A party the line's reports tell as hurt is no doer of it**: in a one-happening line (an
      ASSAULT) a named person (``kinds``: actor id -> kind) that at least as many reports name only
      as hurt as name it a doer is shown as a recipient only. Only named persons: a generic noun
      ("person", "man") has one id for different people across reports ("the person shot", "the
      person who shot the man"), and the rule took the shooter out of a GVC line.
    """
    own, added = [m for m in group if not m.folded], [m for m in group if m.folded]
    if not own:
        own, added = group, []
    actors = _ranked([a for m in own for a in m.actors]) or _ranked([a for m in added for a in m.actors])
    recipients = _ranked([r for m in own for r in m.recipients]) or _ranked([r for m in added for r in m.recipients])
    if group[0].type in ONE_HAPPENING_TYPES:
        actors = [a for a in actors if (kinds or {}).get(a) != "person" or not _told_as_hurt(group, a)]
    actors, recipients = sides_from_one_way_tellings(own, actors, recipients)
    return actors, [r for r in recipients if r not in actors]


def _mutual(m: Mention) -> bool:
    """A telling with the same parties on both sides: "cooperation between Moscow and Washington"."""
    return bool(m.actors) and set(m.actors) == set(m.recipients)


def _one_way(m: Mention) -> bool:
    """A telling with a doer and a different receiver: "American intelligence tipped off the Russians"."""
    return bool(m.actors) and bool(m.recipients) and not set(m.actors) & set(m.recipients)


def sides_from_one_way_tellings(group: list[Mention], actors: list[str], recipients: list[str]) -> tuple[list[str], list[str]]:
    """A party a mutual telling names goes to the side the line's one-way tellings put its country on,
    when the line would otherwise show one country on both sides.

    A mutual telling ("a rare moment of cooperation between Moscow and Washington") lists both parties
    as doers, so beside a one-way telling of the act ("American intelligence had tipped off the
    Russians") the demo showed "COOPERATE: Russia, United States, American intelligence → Russians":
    Russia passing a warning to itself. Only parties no one-way telling names are moved, only to a
    country the one-way tellings put on the receiving side alone, and only when a country is on both
    sides: a line of mutual tellings alone ("Trump and Putin met") and a domestic act told one way
    ("Russian police detained Russians") keep their parties."""
    one_way = [m for m in group if _one_way(m)]
    if not one_way or not any(_mutual(m) for m in group):
        return actors, recipients
    country = {p: c for m in group for p, c in m.countries.items() if c}
    if not {country.get(a) for a in actors} & {country.get(r) for r in recipients} - {None}:
        return actors, recipients
    acting = {country.get(a) for m in one_way for a in m.actors} - {None}
    receiving = {country.get(r) for m in one_way for r in m.recipients} - {None}
    told_one_way = {p for m in one_way for p in m.actors + m.recipients}
    moved = [a for a in actors if a not in told_one_way and country.get(a) in receiving - acting]
    return [a for a in actors if a not in moved], recipients + [a for a in moved if a not in recipients]


def shown_tellings(group: list[Mention]) -> list[Mention]:
    """The mentions the default view shows (``settings.EVENT_MIN_CONFIDENCE``, not negated); all of
    them when it shows none, as ``event_overview`` tells such an event."""
    from newsledger import settings

    shown = [m for m in group if m.confidence >= settings.EVENT_MIN_CONFIDENCE and m.modality != "negated"]
    return shown or group


def shown_parties(group: list[Mention], actors: list[str], recipients: list[str]) -> tuple[list[str], list[str]]:
    """The line's actors and recipients that its shown mentions name (as ``event_overview`` lists them).

    The summary (``show``, JSON, the web timeline's tooltip) was built from every mention and named
    parties only hidden mentions name: "Donald Trump and Vladimir Putin CONSULT indictment" from a
    0.17-confidence "The summit followed Friday's indictment", "countries AID rescue teams,
    soldiers" from a hidden telling of Turkey's own deployment."""
    named = {p for m in shown_tellings(group) for p in m.actors + m.recipients}
    return [a for a in actors if a in named], [r for r in recipients if r in named]


def _told_as_hurt(group: list[Mention], actor: str) -> bool:
    """At least as many reports (copies counted once) name ``actor`` only as one hurt as name it a doer.

    A report naming it both ways ("shot his wife and then himself") counts for neither side."""
    acting = {m.root for m in group if actor in m.actors}
    hurt = {m.root for m in group if actor in m.recipients} - acting
    return bool(hurt) and len(hurt) >= len(acting)


def _ranked(ids: list[str]) -> list[str]:
    return [k for k, _ in sorted(Counter(ids).items(), key=lambda kv: (-kv[1], kv[0]))]


def event_id(group: list[Mention]) -> str:
    first = min(group, key=lambda m: (m.seq, m.no))  # the first told in the first report (mention ids are digests)
    return "e" + hashlib.sha1(first.id.encode()).hexdigest()[:10]


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "dozen": 12, "hundred": 100, "thousand": 1000,
}
# A count followed (within a few words) by what it counts: the facts outlets get wrong most.
COUNT_PATTERN = re.compile(
    r"(?<![\d.,])(?<!magnitude )\b(?P<num>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(NUMBER_WORDS) + r")(?![.,]?\d)\s+(?:(?!and\b|or\b|but\b)\w+\s+){0,3}?"
    r"(?P<what>people|persons|dead|deaths|killed|died|injured|wounded|casualties|victims|arrested|detained|"
    r"protesters|soldiers|civilians|troops)\b",
    re.IGNORECASE,
)
VERB_FIRST_PATTERN = re.compile(
    r"\b(?P<what>killed|killing|kills|injured|injuring|wounded|wounding|arrested|detained)\s+"
    r"(?:at least |more than |nearly |over |about |some |almost |up to )?(?P<num>\d{1,3}(?:,\d{3})+|\d+|"
    + "|".join(NUMBER_WORDS) + r")\b(?![.,]\d)",
    re.IGNORECASE,
)
VERB_KIND = {"kill": "deaths", "injur": "injured", "wound": "injured", "arrest": "arrests", "detain": "arrests"}
TOLL_PATTERN = re.compile(
    r"\b(?P<what>death toll|toll|number of (?:dead|deaths|victims))\s+(?:\w+\s+){0,3}?"
    r"(?:to|at|of|reached|passed|topped|exceeded)\s+(?:more than |at least |nearly |over |about |almost |above )?"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+)",
    re.IGNORECASE,
)
MAGNITUDE_PATTERN = re.compile(
    r"\bmagnitude(?:[- ]of)?\s*(?P<num>\d(?:\.\d)?)|(?P<num2>\d\.\d)[- ]magnitude"
    r"|\bmagnitude\s+of\s+(?:the\s+|its\s+)?(?:\w+\s+){0,2}?(?:at|as|was|to)\s+(?P<num3>\d(?:\.\d)?)\b",
    re.IGNORECASE,
)
COUNT_KIND = {
    "dead": "deaths", "deaths": "deaths", "killed": "deaths", "died": "deaths", "victims": "deaths",
    "injured": "injured", "wounded": "injured", "casualties": "casualties", "arrested": "arrests", "detained": "arrests",
}


def counts_in(text: str) -> dict[str, tuple[float, int, int]]:
    """Counts stated in a passage: kind -> (value, start, end) relative to the passage.

    Verb-first phrasing ("killed at least 1,500") is read before number-first
    ("1,500 people were killed"), and the first statement of a kind wins.
    """
    found: dict[str, tuple[float, int, int]] = {}
    for m in VERB_FIRST_PATTERN.finditer(text):
        kind = next(v for k, v in VERB_KIND.items() if m.group("what").lower().startswith(k))
        found.setdefault(kind, (_number(m.group("num")), m.start("num"), m.end("num")))
    for m in TOLL_PATTERN.finditer(text):
        found.setdefault("deaths", (_number(m.group("num")), m.start("num"), m.end("num")))
    for m in COUNT_PATTERN.finditer(text):
        kind = COUNT_KIND.get(m.group("what").lower())
        if kind is None:
            tail = text[m.end() : m.end() + 40].lower()
            kind = next((COUNT_KIND[w] for w in COUNT_KIND if re.search(rf"\b{w}\b", tail)), None)
        if kind:
            found.setdefault(kind, (_number(m.group("num")), m.start("num"), m.end("num")))
    for m in MAGNITUDE_PATTERN.finditer(text):
        group = next(g for g in ("num", "num2", "num3") if m.group(g))
        found.setdefault("magnitude", (float(m.group(group)), m.start(group), m.end(group)))
    return found


def _number(token: str) -> float:
    token = token.lower().replace(",", "")
    return float(NUMBER_WORDS.get(token, token))


# A place counts as where the event happened only when the text says so
# directly ("struck near Gaziantep", "centred in ..."); other places in the
# sentence are often just mentioned, and comparing them makes false alarms.
PLACE_CUE = re.compile(
    r"\b(?:in|at|near|outside|centred in|centered in|epicentre in|epicenter in)(?: the)?\s+$", re.IGNORECASE
)


def _explicit_place(m: Mention, texts: dict[str, str]):
    start, end = m.location_span
    if not m.location or start is None or m.article not in texts or m.location in _country_names():
        return None
    before = texts[m.article][max(0, start - 24) : start]
    if not PLACE_CUE.search(before):
        return None
    return (m.location, (start, end))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Country names and capitals: too coarse (or too often metonyms) to contradict a place."""
    from newsledger.nlp.kb import load_kb

    names = set()
    for c in load_kb().countries.values():
        names.update([c.name, *c.names, *c.capitals])
    return frozenset(names)


# Counts that grow as reports come in (deaths, injuries, arrests) are read as
# a progression over the reports' days, not as a disagreement: see count_history.
EVOLVING = {"killed", "injured", "arrested"}
# Two same-day figures this far apart, the higher never reached by a later
# report, disagree for the same moment ("more than 20,000 dead" beside 7,800).
EVOLVING_FACTOR = 2.0
# A later report may round a figure down a little ("nearly 2,500" after "2,510"); a toll does not fall further.
DROP_TOLERANCE = 0.1
MAX_PAIRS_PER_FACT = 30


@dataclass
class Figure:
    """One original report's figure for one count of an event."""

    mention: Mention
    value: float
    span: tuple[int, int]
    at_least: bool = False  # "more than a dozen", "at least 12": a floor, not a figure
    # "dozens" (a guess in words) or "two younger kids" (a count of one kind of people, nlp.counts.Count.subgroup):
    # a floor that is never the lower figure of a same-day disagreement. On the GVC pile "the father killed two
    # younger kids ..., shot to death teenage stepchildren" stood against "killed four of his children".
    loose: bool = False

    @property
    def day(self):
        """As of when: the report's publication day, else the day its time frame gives."""
        return self.mention.published or self.mention.frame_date


# Words before a number that make it a floor or a round guess: "more than a
# dozen" and 18 agree. A floor is never contradicted by a higher figure.
FLOOR_CUE = re.compile(
    r"\b(?:more than|at least|over|upwards of|in excess of|nearly|almost|about|around|roughly|some|dozens of)\s+(?:a\s+)?$",
    re.IGNORECASE,
)
# A sentence that counts more than the one happening: a city's month or
# year, several shootings, a national statistic ("10 killed in separate
# shootings across Chicago", "62 officers were killed ... last year", "a spate
# of three shootings"). Its count is not this happening's figure.
AGGREGATE_CUE = re.compile(
    r"\b(?:separate|unrelated|other|several|multiple|two|three|four|five|\d+)\s+(?:\w+\s+)?(?:shootings|incidents|attacks)\b|"
    r"\b(?:this|last|that|so far this|the same period last|a|per|each)\s+(?:year|month)\b|"
    r"\bsince (?:january|the start of the year|\d{4})\b|\b(?:citywide|nationwide|statewide|across the (?:city|country|state|nation))\b|"
    r"\bin (?:19|20)\d\d\b|\bspate\b|\bwave of\b|\bstatistics?\b|\bper cent|\bpercent\b",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding a span: from the last full stop (or line break) before it to the next one after it."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[left : min(stops) if stops else len(text)]


# Pages whose paragraphs are not separated by blank lines have no paragraph
# lead; the first this many characters stand for it.
LEAD_CHARS_MAX = 1000


def is_happening_figure(text: str, start: int, end: int) -> bool:
    """A count that can be this happening's figure: stated in the lead, in a sentence that counts one happening.

    The lead tells the whole happening; counts further down are parts of it
    (the women among the wounded), other shootings the story recalls, or
    statistics. On the GVC dev pile, 17 of 18 count and date contradictions
    were such pairs (a reviewer's reading).
    """
    if start is None or start >= min(_lead_end(text), LEAD_CHARS_MAX):
        return False
    return not AGGREGATE_CUE.search(_sentence_around(text, start, end))


def contradictions(group: list[Mention], texts: dict[str, str], ev: str, silent: list[Mention] = ()) -> list[dict[str, Any]]:
    """The event's disputed facts: one row per fact (date, place, epicentre, a count) with the reports on each side.

    Dates, places and a quake's magnitude and epicentre: original reports
    that state different values. Counts of people killed, injured or
    arrested: only figures that cannot be a count growing over time
    (``count_history``). Grouping and sides: :mod:`newsledger.resolve.disputes`.
    """
    from newsledger.resolve.disputes import disputed_facts

    return disputed_facts(group, texts, ev, silent)


def _originals(group: list[Mention]) -> dict[str, list[Mention]]:
    by_root: dict[str, list[Mention]] = defaultdict(list)
    for m in group:
        if m.root == m.article:
            by_root[m.root].append(m)
    return by_root


def figures(by_root: dict[str, list[Mention]], texts: dict[str, str], kind: str) -> list[Figure]:
    """Each original report's figure for ``kind``: the total its counts give (nlp.counts.totals)."""
    from newsledger.nlp.counts import read_counts, totals

    out = []
    for mentions in by_root.values():
        mentions = [m for m in mentions if m.modality not in UNREAL and m.modality != "recap"]
        counts = [c for m in mentions for c in m.counts]
        if not counts:
            counts = [c for m in mentions for c in _sentence_counts(m, texts, read_counts)]
        if not counts and mentions and mentions[0].sentence[0] is None and mentions[0].article in texts:
            text = texts[mentions[0].article]  # a report told without the act (disputes.story_reports): its lead
            counts = read_counts(text[: min(_lead_end(text), LEAD_CHARS_MAX)])
        text = texts.get(mentions[0].article) if mentions else None
        if text is not None:
            counts = [c for c in counts if is_happening_figure(text, c.start, c.end)]
        total = totals(counts).get(kind)
        if total is not None and total.value > 0:  # "No officers were injured" counts a group, not the toll
            owner = next((m for m in mentions if total in m.counts), mentions[0])
            floor = text is not None and bool(FLOOR_CUE.search(text[max(0, total.start - 30) : total.start]))
            loose = "dozen" in total.text.lower() or total.subgroup
            out.append(Figure(owner, total.value, (total.start, total.end), floor or loose, loose))
    return out


def _sentence_counts(m: Mention, texts: dict[str, str], read_counts) -> list:
    start, end = m.sentence
    if start is None or m.article not in texts:
        return []
    return read_counts(texts[m.article][start:end], start)


def count_history(figs: list[Figure]) -> tuple[list[Figure], list[tuple[Figure, Figure]]]:
    """(updates, outliers) of one count over the reports of one event.

    Reports are ordered by publication day. A figure is an outlier, and
    recorded as a contradiction with the nearest lower report, when a later
    day's report gives less (a toll does not fall), or when a same-day report
    gives less than half of it and no later report ever reaches it. The other
    figures are updates: one per value, earliest first, which the report shows
    as a progression ("296 (9 Sep) -> 2,000 (10 Sep)").

    A same-day floor ("rose to more than 7,800") is a figure too: "more than
    20,000" the same day is more than twice it, and on the demo pile the
    planted 20,000 went unflagged while floors were exempt. Only a round
    guess in words ("dozens") or a count of one kind of people ("two
    younger kids") stays out of same-day comparisons (``Figure.loose``).
    """
    dated = sorted((f for f in figs if f.day is not None), key=lambda f: (f.day, f.value))
    outliers: list[tuple[Figure, Figure]] = []
    flagged: set[int] = set()
    for i, f in enumerate(dated):
        others = [g for g in dated if g is not f and g.mention.source != f.mention.source
                  and comparable(f.mention, g.mention, "count")]
        later = [g for g in others if g.day > f.day]
        fell = [g for g in later if g.value < f.value * (1 - DROP_TOLERANCE) and not g.at_least]
        low_same = [g for g in others if g.day == f.day and g.value > 0 and f.value / g.value >= EVOLVING_FACTOR
                    and not g.loose]
        reached = any(g.value >= f.value * (1 - DROP_TOLERANCE) for g in later)
        against = (low_same if not reached else []) + fell
        if against:
            other = min(against, key=lambda g: (abs((g.day - f.day).days), -g.value))
            outliers.append((f, other))
            flagged.add(i)
    updates: list[Figure] = []
    seen: set[float] = set()
    for i, f in enumerate(dated):
        if i not in flagged and f.value not in seen:
            seen.add(f.value)
            updates.append(f)
    return (updates if len(updates) >= 2 else []), outliers[:MAX_PAIRS_PER_FACT]


def count_updates(group: list[Mention], texts: dict[str, str], ev: str) -> list[dict[str, Any]]:
    """Rows of ``count_updates``: each count's progression over the event's reports."""
    by_root = _originals(group)
    rows = []
    for kind in sorted(EVOLVING):
        updates, _ = count_history(figures(by_root, texts, kind))
        rows += [{"event_id": ev, "kind": kind, "update_no": i, "as_of": f.day, "value": f.value,
                  "article_id": f.mention.article, "outlet": f.mention.source, "count_start": f.span[0], "count_end": f.span[1]}
                 for i, f in enumerate(updates)]
    return rows


# A time expression dates the act it is told with only when it sits next to
# its trigger: "was declared brain-dead at 5:10 p.m. Friday" is 100 characters
# from "shot" in the same sentence, and dates the declaration, not the shooting.
TIME_REACH = 60
# A new predicate between the trigger and the time ("shot ..., was declared dead Friday").
OTHER_PREDICATE = re.compile(r",\s+(?:[\w-]+\s+){0,2}?(?:was|were|is|are|has|have|had|died|said)\b", re.IGNORECASE)


# A mention dated from the article's discourse ("before dawn on Monday" 51
# characters after "struck", which the tagger did not attach) states its day
# as plainly as one dated from its own time expression once the checks below
# (lead, reach, no stop or new predicate between) hold: on the demo the wire's
# Monday against the spam site's "Tuesday, 7 February" was missed for this.
TEXT_DAY_SOURCES = {"discourse"}
# A wire dateline ("MARRAKESH, Sept. 9 (Harbor Press Agency) -") fixes the
# report's month and day; when a story lends the year only, the weekdays of
# its lead resolve as surely as in a dated report.
DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40},\s+(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b",
    re.MULTILINE,
)
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _dateline_fixes_day(text: str, frame_date) -> bool:
    """The report's own dateline, near its start, names the month and day of the date its story lent it."""
    hit = DATELINE.search(text[:400])
    if hit is None or frame_date is None or not hasattr(frame_date, "month"):
        return False
    return MONTHS.index(hit.group("month").lower()) + 1 == frame_date.month and int(hit.group("day")) == frame_date.day


def _stated_date(m: Mention, texts: dict[str, str] | None = None):
    """A day the article itself fixes for this act, in its lead; relative days resolved against a borrowed anchor do not count.

    Later paragraphs date what followed (an arrest, a probe, a death in
    hospital) as often as the happening, and a time expression far from the
    trigger dates another verb of the sentence: neither is compared. A
    borrowed anchor counts only when the report's own dateline fixes its
    day (``_dateline_fixes_day``): then only the year is borrowed.
    """
    if m.weak_vote:
        return None  # a day folded in as weak evidence, or from a report with a shifted reference
    text = (texts or {}).get(m.article)
    if m.frame == "story" and not (text is not None and _dateline_fixes_day(text, m.frame_date)):
        return None
    if not (m.date and len(m.date) == 10 and m.modality != "recap"):
        return None
    if not (m.date_source == "time" or (m.date_source in TEXT_DAY_SOURCES and text is not None)):
        return None
    start, end = m.time_span
    if start is None or m.trigger[0] is None:
        return None
    if text is not None:
        if start >= _lead_end(text):
            return None
        lo, hi = sorted((m.trigger[1], start)) if start >= m.trigger[0] else (end, m.trigger[0])
        if hi - lo > TIME_REACH or re.search(r"[;.!?]\s", text[lo:hi]) or OTHER_PREDICATE.search(text[lo:hi]):
            return None
    return (m.date, m.time_span)


def _count_of(m: Mention, texts: dict[str, str], kind: str):
    """A count of ``kind`` stated in the paragraph that tells the event (lead facts: in the lead)."""
    start, end = m.sentence
    if start is None or m.article not in texts:
        return None
    text = texts[m.article]
    hit, offset = None, 0
    if kind in LEAD_FACTS:
        hit = counts_in(text[: _lead_end(text)]).get(kind)
    if hit is None:
        offset = text.rfind("\n\n", 0, start) + 1
        para_end = text.find("\n\n", end)
        hit = counts_in(text[offset : len(text) if para_end < 0 else para_end]).get(kind)
    if hit is None:
        return None
    value, s, e = hit
    return (f"{value:g}", (offset + s, offset + e))


# Facts of the whole happening (a quake's magnitude) are stated first in the
# lead, often apart from the sentence our event mention came from; the lead's
# first statement is the article's value (a later "aftershock of magnitude 7.5"
# is another shock, not a second opinion on the main one).
LEAD_FACTS = {"magnitude"}
LEAD_PARAGRAPHS = 3


# A paragraph that does not end a sentence is a headline, a byline or a
# "Posted by ... | date" line: it is not one of the lead's paragraphs (a
# blog's toll sat in its fourth paragraph behind two such lines).
SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")


def _lead_end(text: str) -> int:
    """Where the lead ends: after LEAD_PARAGRAPHS paragraphs of prose (headline and byline lines not counted)."""
    end, counted = 0, 0
    while counted < LEAD_PARAGRAPHS:
        found = text.find("\n\n", end + 2)
        if found < 0:
            return len(text)
        counted += bool(SENTENCE_END.search(text[end:found]))
        end = found
    return end


def _same_place(a: str, b: str) -> bool:
    """Two stated places that can both be right: one inside the other, or one a region the other lies in.

    "Redstone Township" and "Pennsylvania", "South Los Angeles" and "John
    Muir Middle School, Los Angeles" are one place told at two levels; only
    places at one level that exclude each other (``places_clash``) disagree.
    """
    a, b = a.lower(), b.lower()
    return a in b or b in a or not places_clash(a, b)


def _consensus(mentions: list[Mention], value_of) -> tuple[str, tuple] | None:
    """What one article says: its single stated value, or None when it says several."""
    values = [v for v in (value_of(m) for m in mentions) if v is not None]
    if not values or len({v[0] for v in values}) > 1:
        return None
    return values[0]


def comparable(a: Mention, b: Mention, kind: str) -> bool:
    """Two reports can disagree about one happening only if their places do not say they tell two.

    Their days were judged when the mentions were joined (``same_event``):
    a day apart is one happening only with named participants or one site.
    """
    return a.type in AREA_TYPES or not places_clash(a.location, b.location)


def resolve_events(store: Store, stories: Collection[str] | None = None) -> int:
    """Rebuild events, contradictions and count updates from the stored mentions; returns the number of events rebuilt.

    ``stories``: rebuild only the events of these stories' mentions and of
    articles without a story (None: every event). The set must be closed:
    no mention outside it may be one event with a mention inside
    (:func:`newsledger.resolve.run.resolution_scope` closes it), so the
    events rebuilt are those a whole rebuild gives. The first mention of
    each (type, year) block outside the set is clustered along (and
    dropped), so the blocks are compared in the order a whole rebuild
    compares them (``cluster`` joins greedily, in block order).

    Reviewers' merges and splits of events are applied to the clusters
    (:func:`newsledger.resolve.reviews.apply_group_reviews`), so they hold
    at every resolution.
    """
    from newsledger.resolve.disputes import contradiction_rows, story_reports, write_contradictions
    from newsledger.resolve.reviews import apply_group_reviews, group_reviews
    from newsledger.store import writer
    from newsledger.store.dates import to_date

    mentions, outside = _mentions_in_scope(store, stories)
    spam = spam_pages(store, {m.article for m in mentions})
    for m in mentions:
        m.spam_page = m.article in spam
    load_day_words(store, mentions)
    next_day_updates(mentions)
    texts = _texts_of(store, sorted({m.article for m in mentions if m.id not in outside}))
    names = dict(store.con.execute("SELECT actor_id, name FROM actors").fetchall())
    kinds = dict(store.con.execute("SELECT actor_id, kind FROM actors").fetchall())
    events, links, clashes, updates = [], [], [], []
    clusters = [g for g in fold_weak_day_lines(cluster(mentions)) if not any(m.id in outside for m in g)]
    groups = apply_group_reviews(clusters, group_reviews(store, "event"), lambda m: m.id)
    silent = story_reports(groups)
    for group in groups:
        ev = event_id(group)
        date, precision = line_date(group)
        day, precision = to_date(date) if date else (None, None)
        outlets, independent = independent_count(outlet_voices(group))
        first = min(group, key=lambda m: (m.published is None, m.published or 0, m.seq))
        actors, recipients = line_participants(group, kinds)
        modality = _majority([m.modality for m in group if m.modality != "asserted"]) if all(
            m.modality != "asserted" for m in group
        ) else "asserted"
        mode, location = _majority([m.mode for m in group]), _best_place(group)
        events.append(
            {
                "event_id": ev,
                "event_type": group[0].type,
                "mode": mode,
                "actor_ids": actors,
                "recipient_ids": recipients,
                "event_date": day,
                "date_precision": precision,
                "place": location,
                "modality": modality,
                "story_id": _majority([m.story for m in group]),
                "story_ids": sorted({m.story for m in group if m.story}),
                "first_article_id": first.article,
                "first_reported": first.published,
                "n_mentions": len(group),
                "outlets": outlets,
                "independent_outlets": independent,
                "single_source": independent <= 1,
                "confidence": round(max(m.confidence for m in group), 3),
                "summary": summarise(group[0].type, mode, *shown_parties(group, actors, recipients), names,
                                     location=location),
            }
        )
        links += [(ev, m.id) for m in group]
        firm = _voters(group)
        clashes += contradictions(firm, texts, ev, silent.get(ev, []))
        updates += count_updates(firm, texts, ev)
    if stories is None:
        writer.replace_rows(store, "events", events)
        write_contradictions(store, clashes)
        writer.replace_rows(store, "count_updates", updates)
        writer.set_links(store, "event_mentions", "mention_id", "event_id", links)
    else:
        rows, reports = contradiction_rows(store, clashes)
        writer.replace_events_of(store, _scope_sql(stories), events, rows, updates, links, reports)
    return len(events)


def line_date(group: list[Mention]) -> tuple[str | None, str | None]:
    """The line's date and precision (:func:`_best_date`) from its voters (:func:`_voters`).

    Hidden mentions still vote: on GVC dev, letting only shown ones vote (round 8) lost the incident day of
    a report whose shown "a child had been accidentally shot" is told as earlier than the 911 call and
    undated, while its "the shooting was accidental" (0.48) states the day (event date 0.887 -> 0.885).
    The tip-off of the demo's W1 is left undated by the coder instead: a characterisation has no day of
    its own and a valued idea is no act (``nlp.events.coder``)."""
    return _best_date(_voters(group))


def _voters(group: list[Mention]) -> list[Mention]:
    """The mentions that date the event and take part in its disputes: not those folded in on weak
    evidence (``fold_weak_day_lines``), unless only they tell it."""
    return [m for m in group if not m.weak_vote] or group


def _scope_sql(stories: Collection[str]) -> tuple[str, list]:
    """SQL over articles ``a``: the article is in one of these stories, or in none."""
    return "(a.story_id IS NULL OR a.story_id IN (SELECT unnest(?::VARCHAR[])))", [sorted(stories)]


def _mentions_in_scope(store: Store, stories: Collection[str] | None) -> tuple[list[Mention], set[str]]:
    """The mentions to cluster, and the ids of those among them from outside ``stories`` (block-order markers)."""
    if stories is None:
        return load_mentions(store), set()
    where, params = _scope_sql(stories)
    inside = load_mentions(store, where, params)
    blocks = sorted({(m.type, m.date[:4]) for m in inside if m.date and _is_date(m.date)})
    if not blocks:
        return inside, set()
    first = [r[0] for r in store.con.execute(
        "SELECT arg_min(m.mention_id, a.seq * 100000 + m.mention_no) FROM event_mentions m "
        "JOIN articles a ON a.article_id = m.article_id "
        f"WHERE NOT {where} AND m.event_date IS NOT NULL AND m.date_precision IN ('day', 'month', 'year') "
        "AND list_contains(?, m.event_type || ':' || lpad(CAST(year(m.event_date) AS VARCHAR), 4, '0')) "
        "GROUP BY m.event_type, year(m.event_date)",
        params + [[f"{t}:{y}" for t, y in blocks]],
    ).fetchall()]
    markers = load_mentions(store, "m.mention_id IN (SELECT unnest(?::VARCHAR[]))", [first]) if first else []
    merged = sorted(inside + markers, key=lambda m: (m.seq, m.no))
    return merged, {m.id for m in markers}


def _texts_of(store: Store, article_ids: list[str]) -> dict[str, str]:
    return dict(store.con.execute(
        "SELECT article_id, text FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids]
    ).fetchall())


def summarise(kind: str, mode: str | None, actors: list[str], recipients: list[str], names: dict[str, str],
              location: str | None = None) -> str:
    """One line a reader can scan: who, the coded act, whom; a disaster by what struck where."""
    if kind == "DISASTER":
        return f"{mode or 'disaster'} (DISASTER)" + (f" in {location}" if location else "")
    shown_actors = distinct_names([display_name(a, names) for a in actors])
    shown_recipients = distinct_names([display_name(r, names) for r in recipients])
    who = (" and " if len(shown_actors) <= 2 else ", ").join(shown_actors[:2]) + _more(shown_actors, 2) or "someone"
    whom = ", ".join(shown_recipients[:2]) + _more(shown_recipients, 2)
    what = kind + (f"/{mode}" if mode else "")
    return f"{who} {what}" + (f" {whom}" if whom else "")


def distinct_names(shown: list[str]) -> list[str]:
    """The names of one side of a summary, each party once: a name whose words end another name of the
    same side is that party written shorter ("Foreign Ministry" beside "Russian Foreign Ministry",
    "federal grand jury" beside "United States federal grand jury", both seen on the demo)."""
    words = [name.lower().split() for name in shown]
    out = []
    for i, name in enumerate(shown):
        own = words[i]
        longer = any(j != i and len(other) > len(own) and other[-len(own):] == own for j, other in enumerate(words))
        if own and not longer and name not in out:
            out.append(name)
    return out


def _more(names: list[str], shown: int) -> str:
    """" and 2 more" when a summary names only the first parties of a side (the demo's call with four
    leaders read as a call with two)."""
    return f" and {len(names) - shown} more" if len(names) > shown else ""
