"""How reliable each outlet's reporting looks, and the evidence for it.

No outlet is judged by its name or by a list of domains: the score is built
from what the ledger saw the outlet do, and every signal is stored with its
value, its weight, its contribution, the counts behind it, a few examples a
reader can open (article ids) and a one-line explanation, so a reader can
check each one and disagree with the weighting.

score = BASELINE + sum(weight x share x confidence), clipped to [0, 1]. Each
share is in [0, 1] and counted over articles, headlines, statements or
events; its confidence n / (n + 2) grows with the n *reports* the share rests
on, not with the statements or events inside them: twenty quotes in one
article are one writer's habit seen once (FakeNewsCorpus: one breitbart.com
article with four named quotes out-scored seventeen Washington Examiner
reports, 0.567 vs 0.565, on a statement count of 4). So an outlet seen once
stays near the baseline instead of at an extreme (a wrong verdict shown to a
reader costs more than a cautious one), and the outlet's own confidence,
n / (n + 2) over its original reports, is shown beside its score
(:func:`evidence_of`). A signal the ledger holds no evidence for (an outlet
without quotes has no sourcing share) is shown as such and adds nothing.

Signals and why each weight:

* ``spam`` (-0.30): share of its articles carrying commercial spam blocks
  (get-rich and crypto offers, "Featured post" link farms) the cleaner
  removed, or asking readers to send money to a crypto wallet. The strongest sign a site is not doing journalism, and rare on
  news pages; it alone takes a spam site below a clean outlet.
* ``sensational`` (-0.25): share of its headlines with sensational markers
  (a shouted "BREAKING:" label, words in capitals, "!", a question, speaking
  to the reader, stock clickbait words; see :mod:`newsledger.assess.markers`).
  Professional desks rarely write such headlines; partisan blogs and content
  farms do in most posts. One marker is enough, so one stray question costs
  an outlet a share of one headline, not more.
* ``vague_sources`` (-0.40): share of its attributed statements credited to
  nobody a reader could check ("sources on the ground", "insiders", "people
  tell us", "reports say", "experts"). Larger weight because the share is
  small even where the habit is strong (a blog at 0.2 is far worse than a
  paper at 0.03), and a claim nobody can check is what a reader most needs
  to be warned about.
* ``named_sources`` (+0.10): share of its attributed statements whose source
  names a person or an organisation. Small weight: professional reporting also
  quotes officials and residents without names, so this separates less.
* ``sourced_reports`` (+0.15): share of its original reports (of at least
  ``MIN_REPORT_WORDS`` words: a scraped index page or a teaser is no report)
  that name at least two different sources (people or organisations they
  attribute statements to, or name right before a verb of saying: "which the
  interior ministry now says ..."; someone only described, "a senior Senate
  aide", is not named; one body under two labels counts once). The
  newsroom's two-source practice, counted per
  report: a statement share is swamped by one long interview, while a report
  a reader can check against two named sources is the unit of sourcing.
* ``unsourced_reports`` (-0.15): share of those reports that attribute
  nothing to anybody named: commentary, rumour or a rewrite gives the reader
  nothing to check. A report naming exactly one source counts for neither.
  Same weight as its twin: naming nobody is as telling as naming two.
* ``corroborated`` (+0.20): share of the events in its own reports that at
  least one other independent outlet also reports. Counts only its original
  reports, since a reprint carries another outlet's reporting, and only
  events the ledger shows: a mention below the display threshold, negated or
  hypothetical on either side is no report of a happening (on FakeNewsCorpus
  two of the three "corroborated" events rested on such mentions joined to
  unrelated sentences: a hypothetical "shell out $1.6 trillion" beside
  "respond to this attack", a 0.2-confidence "request" beside "Trump has
  demanded"). Partisan and spam sites
  often ride on real events, so this cannot carry the score alone, and a
  page carrying spam blocks earns none.
* ``outlier`` (-0.30): facts (a date, a place, a toll) on which the outlet
  stands against a majority of at least two other outlets, per original
  report. A one-against-one disagreement counts against neither side: the
  ledger cannot tell who is right, and the evidence lists it as unresolved.
  A figure the report credits to a named source ("according to the health
  ministry, 296") is that source's claim, shown as ``cited``, not counted.
* ``uncredited_copies`` (-0.15): share of its articles that copy another
  outlet's report without naming that outlet, or the agency both carry
  (``credits_in``). Carrying a credited wire story
  is normal practice and costs nothing.
* ``reprinted`` (+0.10): share of its original reports that other outlets
  chose to carry: other editors vouch for the reporting (wire agencies).
* ``repairs`` (-0.05): share of its articles with encoding damage, a sign of
  careless republishing; weak on its own.

The weights were set by the reasoning above, not fitted: domain labels of
public datasets (``newsledger eval outlets``) are used only to measure.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from newsledger.assess.markers import headline_markers, is_vague_source
from newsledger.clean.solicitation import SPAM_BLOCK_REASONS, WALLET_HINT, payment_solicitation
from newsledger.resolve.dedup import names_outlet
from newsledger.store import writer
from newsledger.store.db import Store

BASELINE = 0.5
# Each share is trusted in proportion n / (n + PRIOR_ITEMS): one headline out
# of one moves the score a third as much as the same share over many.
PRIOR_ITEMS = 2
WEIGHTS = {
    "spam": -0.30,
    "sensational": -0.25,
    "vague_sources": -0.40,
    "named_sources": 0.10,
    "sourced_reports": 0.15,
    "unsourced_reports": -0.15,
    "corroborated": 0.20,
    "outlier": -0.30,
    "uncredited_copies": -0.15,
    "reprinted": 0.10,
    "repairs": -0.05,
}
WHY = {
    "spam": "commercial spam blocks (offers, link farms) are not journalism",
    "sensational": "shouted, clickbait or outrage headlines sell a story rather than report it",
    "vague_sources": "claims credited to nobody a reader could check",
    "named_sources": "statements a reader can trace to a named person or organisation",
    "sourced_reports": "a report a reader can check against two named sources",
    "unsourced_reports": "a report naming no source gives the reader nothing to check",
    "corroborated": "other independent outlets report the same events",
    "outlier": "stands alone against a majority of other outlets on a stated fact",
    "uncredited_copies": "copies another outlet's report without naming it",
    "reprinted": "other outlets chose to carry its reports",
    "repairs": "encoding damage suggests careless republishing",
}
# Each signal as a reader names it in the report (the stored name stays in outlet_signals.signal).
LABELS = {
    "spam": "spam blocks",
    "sensational": "sensational headlines",
    "vague_sources": "vague sources",
    "named_sources": "named sources",
    "sourced_reports": "reports naming 2+ sources",
    "unsourced_reports": "reports naming no source",
    "corroborated": "corroborated events",
    "outlier": "outlier on disputed facts",
    "uncredited_copies": "uncredited copies",
    "reprinted": "reprinted by others",
    "repairs": "encoding repairs",
}
SPAM_REASONS = SPAM_BLOCK_REASONS  # the cleaner's spam-block reasons, one list for every stage
# A removed header that only points to the outlet's own other stories
# ("Related stories:", "TRENDING STORIES", "Most read") is navigation, not
# promotion: on the GVC dev pile all 5 "spam" flags were such lines. The
# cleaner now gives them their own reason (``related-links``); this guard
# keeps ledgers cleaned before that from counting them.
NAVIGATION_HEADER = re.compile(
    r"^\W*(?:related|trending|popular|most (?:read|popular|viewed)|more|latest|top|you (?:may|might) also like)"
    r"(?: (?:posts?|stories|articles|content|links|reading|news|headlines|videos?))?\W*$",
    re.IGNORECASE,
)
EXAMPLES = 3
# A report long enough to carry its sourcing: about a short news item. Scraped
# index pages, teasers and captions (FakeNewsCorpus has pages of 99-350
# characters whose "title" is the site's name) are no reports to judge.
MIN_REPORT_WORDS = 100
# How many different named sources make a report "sourced": the two-source practice.
SOURCES_PER_REPORT = 2
# What a reader is told about how much the ledger has seen of an outlet
# (its original reports): at most LITTLE is little, at least MUCH is much.
LITTLE_EVIDENCE = 2
MUCH_EVIDENCE = 10
# Entity labels that make an attribution's source a named one.
NAMED_LABELS = ("PERSON", "ORG", "GPE", "FAC")
PRONOUNS = frozenset("he she it they him her them".split())


@dataclass
class Signal:
    """One piece of evidence about an outlet: a share, its weight, what it rests on.

    ``says`` reads as a sentence with the counts filled in, e.g.
    "{hits} of {total} headlines carry sensational markers".
    """

    name: str
    hits: int
    total: int
    says: str
    examples: list[Any] = field(default_factory=list)
    # How many reports the share rests on, when it is counted over things
    # inside reports (statements, events); None: the items are reports.
    reports: int | None = None

    @property
    def value(self) -> float | None:
        return min(1.0, self.hits / self.total) if self.total else None

    @property
    def basis(self) -> int:
        """The reports the share rests on: its items, or the reports they come from."""
        return self.total if self.reports is None else min(self.reports, self.total)

    @property
    def confidence(self) -> float:
        """How much the share is trusted: n / (n + PRIOR_ITEMS) over the n reports behind it, so one article cannot swing a score."""
        return self.basis / (self.basis + PRIOR_ITEMS)

    @property
    def contribution(self) -> float:
        return 0.0 if self.value is None else WEIGHTS[self.name] * self.value * self.confidence

    def as_evidence(self) -> dict[str, Any]:
        value = self.value
        return {
            "signal": self.name,
            "value": None if value is None else round(value, 3),
            "weight": WEIGHTS[self.name],
            "confidence": round(self.confidence, 3),
            "contribution": round(self.contribution, 3),
            "count": self.hits,
            "of": self.total,
            "explanation": self.explanation(),
            "examples": self.examples[:EXAMPLES],
        }

    def explanation(self) -> str:
        """One line a reader can read: the counts, why the signal matters, what it added."""
        if self.value is None:
            return f"no evidence ({self.says.format(hits=0, total=0)}); {WHY[self.name]}; adds nothing"
        added = round(self.contribution, 2) + 0.0
        over = "" if self.reports is None else f" from {_reports(self.basis)}"
        return (
            f"{self.says.format(hits=self.hits, total=self.total)}: {WHY[self.name]} "
            f"({added:+.2f} = weight {WEIGHTS[self.name]:+.2f} x share {self.value:.2f} x confidence {self.confidence:.2f}{over})"
        )


def _reports(n: int) -> str:
    return f"{n} report" + ("" if n == 1 else "s")


@dataclass
class OutletFacts:
    """What the ledger holds about one outlet, counted."""

    articles: int = 0
    originals: int = 0
    titled: int = 0
    sensational: list[dict] = field(default_factory=list)
    marker_counts: Counter = field(default_factory=Counter)
    spam: list[dict] = field(default_factory=list)
    repaired: int = 0
    copies_of_others: int = 0
    uncredited: list[dict] = field(default_factory=list)
    reprinted: list[str] = field(default_factory=list)
    attributions: int = 0
    attributed_reports: set[str] = field(default_factory=set)
    named: int = 0
    vague: list[dict] = field(default_factory=list)
    reports: set[str] = field(default_factory=set)
    sourced: list[dict] = field(default_factory=list)
    unsourced: list[dict] = field(default_factory=list)
    events: int = 0
    event_reports: int = 0
    corroborated: int = 0
    contested: list[dict] = field(default_factory=list)


def assess_outlets(store: Store, only_changed: bool = False, outlets: Iterable[str] | None = None) -> set[str]:
    """Rebuild ``outlets``, ``outlet_signals`` and ``outlet_disputes`` from the evidence in the ledger; returns the outlets rewritten.

    ``only_changed``: only the rows of outlets whose assessment differs from
    the stored one are rewritten (an incremental resolution: the other
    outlets' rows are left alone, so the write is short and the result is
    the whole rebuild's). Otherwise every row is rewritten and every
    assessed outlet returned. ``outlets`` (with ``only_changed``): assess
    only these, from all their evidence (an incremental resolution passes
    the outlets of the stories it redid, :func:`newsledger.resolve.run.outlets_in`):
    reading every article's headline and every quote took 24 s of a
    resolution at 100k articles (profiled), for four outlets of forty touched.
    """
    only = None if outlets is None or not only_changed else sorted(set(outlets))
    facts: dict[str, OutletFacts] = defaultdict(OutletFacts)
    _count_articles(store, facts, only)
    _count_spam(store, facts, only)
    _count_reprints(store, facts, only)
    _count_attributions(store, facts, only)
    _count_events(store, facts, only)
    for outlet, contested in contested_facts(store).items():
        if only is None or outlet in only:
            facts[outlet].contested = contested
    assessed = sorted((outlet, f) for outlet, f in facts.items() if f.articles)
    rows = {
        "outlets": [outlet_row(outlet, f) for outlet, f in assessed],
        "outlet_signals": [signal_row(outlet, s) for outlet, f in assessed for s in signals_of(f)],
        "outlet_disputes": [dispute_row(outlet, c) for outlet, f in assessed for c in f.contested],
    }
    if not only_changed:
        for table, table_rows in rows.items():
            writer.replace_rows(store, table, table_rows)
        return {outlet for outlet, _ in assessed}
    changed = _changed_outlets(store, rows, only)
    for table, table_rows in rows.items():
        writer.replace_rows_of(store, table, "outlet", sorted(changed), [r for r in table_rows if r["outlet"] in changed])
    return changed


def _changed_outlets(store: Store, rows: dict[str, list[dict[str, Any]]], only: list[str] | None = None) -> set[str]:
    """Outlets (of ``only``, when given) whose new rows (in any of the three tables) differ from the stored ones,
    or that are no longer assessed."""
    changed: set[str] = set()
    where, params = _only("outlet", only, "WHERE")
    for table, table_rows in rows.items():
        cols = list(table_rows[0]) if table_rows else None
        stored: dict[str, list] = defaultdict(list)
        for r in store.rows(f"SELECT {', '.join(cols) if cols else '*'} FROM {table} {where}", params):
            stored[r["outlet"]].append(tuple(_comparable(r[c]) for c in (cols or r)))
        new: dict[str, list] = defaultdict(list)
        for r in table_rows:
            new[r["outlet"]].append(tuple(_comparable(r[c]) for c in cols))
        changed |= {o for o in set(stored) | set(new) if sorted(stored.get(o, []), key=repr) != sorted(new.get(o, []), key=repr)}
    return changed


def _comparable(value: Any) -> Any:
    """A stored value and a freshly computed one compare equal (floats as stored, JSON as text)."""
    if isinstance(value, float):
        return round(value, 9)
    return value


def signals_of(f: OutletFacts) -> list[Signal]:
    outliers = [c for c in f.contested if c["side"] == "outlier"]
    return [
        Signal("spam", len(f.spam), f.articles, "{hits} of {total} articles carry spam blocks", f.spam),
        Signal("sensational", len(f.sensational), f.titled, "{hits} of {total} headlines carry sensational markers" + _marker_detail(f), f.sensational),
        Signal("vague_sources", len(f.vague), f.attributions, "{hits} of {total} attributed statements credit vague, unnamed sources", f.vague,
               reports=len(f.attributed_reports)),
        Signal("named_sources", f.named, f.attributions, "{hits} of {total} attributed statements name their source",
               reports=len(f.attributed_reports)),
        Signal("sourced_reports", len(f.sourced), len(f.reports),
               f"{{hits}} of {{total}} original reports name at least {SOURCES_PER_REPORT} different sources", f.sourced),
        Signal("unsourced_reports", len(f.unsourced), len(f.reports), "{hits} of {total} original reports name no source at all", f.unsourced),
        Signal("corroborated", f.corroborated, f.events,
               "{hits} of {total} events shown from its own reports are also reported by another independent outlet",
               reports=f.event_reports),
        Signal("outlier", len(outliers), f.originals, "{hits} disputed fact(s) where it stands against a majority, over {total} original reports", outliers),
        Signal("uncredited_copies", len(f.uncredited), f.articles, "{hits} of {total} articles copy another outlet's report without naming it", f.uncredited),
        Signal("reprinted", len(f.reprinted), f.originals, "{hits} of {total} original reports were carried by other outlets", f.reprinted),
        Signal("repairs", f.repaired, f.articles, "{hits} of {total} articles needed encoding repairs"),
    ]


def score_of(f: OutletFacts) -> float:
    """BASELINE plus every signal's contribution, clipped to [0, 1]."""
    return round(max(0.0, min(1.0, BASELINE + sum(s.contribution for s in signals_of(f)))), 3)


def outlet_row(outlet: str, f: OutletFacts) -> dict[str, Any]:
    return {
        "outlet": outlet, "score": score_of(f), "n_articles": f.articles, "n_originals": f.originals,
        "n_copies_of_others": f.copies_of_others, "n_events": f.events, "n_events_corroborated": f.corroborated,
        "n_disputed": len(f.contested), "n_disputed_unresolved": sum(1 for c in f.contested if c["side"] == "unresolved"),
    }


def signal_row(outlet: str, signal: Signal) -> dict[str, Any]:
    e = signal.as_evidence()
    return {
        "outlet": outlet, "signal": e["signal"], "value": e["value"], "weight": e["weight"], "confidence": e["confidence"],
        "contribution": e["contribution"], "n_hits": e["count"], "n_total": e["of"], "explanation": e["explanation"],
        "examples": json.dumps(e["examples"], default=str),
    }


def dispute_row(outlet: str, c: dict[str, Any]) -> dict[str, Any]:
    return {"outlet": outlet, "event_id": c["event"], "kind": c["kind"], "value": c["value"], "article_id": c["article"],
            "side": c["side"], "credited_to": c.get("credited_to")}


def evidence_of(n_originals: int) -> dict[str, Any]:
    """How much the ledger has seen of an outlet, as a reader is told it beside the score.

    The outlet's confidence is n / (n + PRIOR_ITEMS) over its original
    reports, the same shrinkage every signal gets: with one or two reports
    the score stays near the baseline whatever they show, and should be read
    as "not enough seen", not as "average".
    """
    n = n_originals or 0
    level = "little" if n <= LITTLE_EVIDENCE else "much" if n >= MUCH_EVIDENCE else "some"
    says = {
        "little": f"little evidence ({_reports(n)} of its own): held near {BASELINE}" if n else
                  f"no report of its own (only copies of other outlets' reports): held at {BASELINE}",
        "some": f"some evidence ({_reports(n)} of its own)",
        "much": f"much evidence ({_reports(n)} of its own)",
    }[level]
    return {"reports": n, "confidence": round(n / (n + PRIOR_ITEMS), 3), "level": level, "says": says}


def _marker_detail(f: OutletFacts) -> str:
    markers = ", ".join(f"{name} x{n}" for name, n in f.marker_counts.most_common())
    return f" ({markers})" if markers else ""


# ---------------------------------------------------------------------------
# Counting what the ledger holds


def _only(column: str, outlets: list[str] | None, keyword: str = "AND") -> tuple[str, list]:
    """SQL keeping the rows of these outlets (all when None), and its parameters."""
    return ("", []) if outlets is None else (f" {keyword} list_contains(?, {column})", [outlets])


def _count_articles(store: Store, facts: dict[str, OutletFacts], only: list[str] | None = None) -> None:
    """Headlines, encoding repairs, and copies of other outlets' reports (credited or not)."""
    where, params = _only("a.outlet", only)
    rows = store.rows(
        "SELECT a.article_id AS id, a.outlet AS source, a.title, a.repairs, a.authors, a.copy_of_id AS duplicate_of, "
        "o.outlet AS original_outlet, CASE WHEN a.copy_of_id IS NULL THEN len(string_split_regex(trim(a.text), '\\s+')) END AS words, "
        "CASE WHEN regexp_matches(coalesce(a.title, ''), '[A-Z]{3,}') OR (a.copy_of_id IS NOT NULL "
        "AND o.outlet IS DISTINCT FROM a.outlet) THEN a.text END AS text, "
        "CASE WHEN a.copy_of_id IS NOT NULL AND o.outlet IS DISTINCT FROM a.outlet THEN o.text END AS original_text "
        f"FROM articles a LEFT JOIN articles o ON o.article_id = a.copy_of_id WHERE a.outlet IS NOT NULL{where} ORDER BY a.seq",
        params,
    )
    for r in rows:
        f = facts[r["source"]]
        f.articles += 1
        f.originals += r["duplicate_of"] is None
        if (r["words"] or 0) >= MIN_REPORT_WORDS:
            f.reports.add(r["id"])
        f.repaired += (r["repairs"] or 0) > 0
        if r["title"]:
            f.titled += 1
            markers = headline_markers(r["title"], r["text"] or "")
            if markers:
                f.sensational.append({"article": r["id"], "title": r["title"], "markers": markers})
                f.marker_counts.update(markers)
        if r["duplicate_of"] and r["original_outlet"] and r["original_outlet"] != r["source"]:
            f.copies_of_others += 1
            if not names_outlet(r["original_outlet"], r["text"] or "", r["authors"] or ()) and not (
                credits_in(r["text"] or "") & credits_in(r["original_text"] or "")
            ):
                f.uncredited.append({"article": r["id"], "copy_of": r["duplicate_of"], "outlet": r["original_outlet"]})


# Where a report says whose reporting it carries: an agency in a dateline
# ("DENVER (AP) —", "MOSCOW, Dec. 29 (Northline Wire) —") or a credit line.
DATELINE_CREDIT = re.compile(r"\((?:the )?([A-Z][A-Za-z&.' -]{0,40}?)\)\s*[-—–:]")
CREDIT_LINE = re.compile(
    r"(?i:copyright|©|\(c\))\s+(?:\d{4}\s+)?(?i:the\s+)?([A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3})"
    r"|\b(?:the )?(Associated Press|AP|Reuters|AFP|Agence France-Presse)\b"
)


def credits_in(text: str) -> set[str]:
    """The agencies a report credits for its reporting, lower-cased.

    Two outlets that both run one agency's story are near-copies of each
    other; when each credits that agency, neither copied the other without
    credit (the GVC dev pile had two local stations running one AP story,
    each flagged as an uncredited copy of the other).
    """
    found = {m.group(1) for m in DATELINE_CREDIT.finditer(text)}
    found |= {m.group(1) or m.group(2) for m in CREDIT_LINE.finditer(text)}
    names = {" ".join(f.split()).lower() for f in found if f}
    return {"associated press" if n == "ap" else n for n in names}


def _count_spam(store: Store, facts: dict[str, OutletFacts], only: list[str] | None = None) -> None:
    """Articles with spam blocks the cleaner removed, or asking readers to pay into a crypto wallet."""
    spam: dict[str, dict] = {}
    where, params = _only("a.outlet", only)
    rows = store.rows(
        "SELECT a.outlet AS source, r.article_id, r.line_text AS line FROM removed_lines r "
        "JOIN articles a ON a.article_id = r.article_id "
        f"WHERE a.outlet IS NOT NULL AND r.reason IN ({', '.join('?' for _ in SPAM_REASONS)}){where} "
        "ORDER BY r.article_id, r.line_text",
        list(SPAM_REASONS) + params,
    )
    for r in rows:
        if not NAVIGATION_HEADER.match(r["line"] or "") and r["article_id"] not in spam:
            spam[r["article_id"]] = {"source": r["source"], "article": r["article_id"], "line": r["line"][:120]}
    rows = store.rows(
        f"SELECT outlet AS source, article_id AS id, text FROM articles a WHERE outlet IS NOT NULL AND regexp_matches(text, ?){where}",
        [WALLET_HINT] + params,
    )
    for r in rows:
        line = payment_solicitation(r["text"])
        if line and r["id"] not in spam:
            spam[r["id"]] = {"source": r["source"], "article": r["id"], "line": line[:120]}
    for article_id in sorted(spam):
        found = spam[article_id]
        facts[found.pop("source")].spam.append(found)


def _count_reprints(store: Store, facts: dict[str, OutletFacts], only: list[str] | None = None) -> None:
    where, params = _only("o.outlet", only)
    rows = store.rows(
        "SELECT DISTINCT o.outlet AS source, o.article_id AS id FROM articles c JOIN articles o ON o.article_id = c.copy_of_id "
        f"WHERE o.outlet IS NOT NULL AND c.outlet IS DISTINCT FROM o.outlet{where} ORDER BY o.article_id",
        params,
    )
    for r in rows:
        facts[r["source"]].reprinted.append(r["id"])


def _count_attributions(store: Store, facts: dict[str, OutletFacts], only: list[str] | None = None) -> None:
    """Attributed statements in the outlet's own reports: named, vague, or neither."""
    labels = ", ".join(f"'{label}'" for label in NAMED_LABELS)
    where, params = _only("a.outlet", only)
    rows = store.rows(
        "SELECT a.outlet AS source, q.article_id, q.speaker_text AS source_text, q.speaker_id AS speaker, "
        "q.content_text AS content, "
        "EXISTS (SELECT 1 FROM entities e WHERE e.article_id = q.article_id AND e.entity_start < q.speaker_end "
        f"AND e.entity_end > q.speaker_start AND e.label IN ({labels})) AS has_name "
        "FROM quotes q JOIN articles a ON a.article_id = q.article_id "
        f"WHERE a.outlet IS NOT NULL AND a.copy_of_id IS NULL AND q.speaker_start IS NOT NULL{where} ORDER BY q.article_id, q.quote_no",
        params,
    )
    sources: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        if is_page_furniture(r["source_text"], r["content"]):
            continue
        f = facts[r["source"]]
        f.attributions += 1
        f.attributed_reports.add(r["article_id"])
        named = (is_named_source(r["source_text"], r["speaker"], bool(r["has_name"])) or is_checkable_source(r["source_text"])) \
            and not is_anonymous_source(r["source_text"])
        f.named += named
        if named:
            add_source(sources[r["article_id"]], source_key(r["source_text"], r["speaker"]), r["source_text"])
        if is_vague_source(r["source_text"], named):
            f.vague.append({"article": r["article_id"], "speaker": r["source_text"]})
    _stated_sources(store, sources, only)
    names = dict(store.con.execute("SELECT actor_id, name FROM actors WHERE name IS NOT NULL").fetchall())
    for f in facts.values():
        _judge_sourcing(f, sources, names)


def source_key(source_text: str | None, speaker: str | None) -> str:
    """One key per source a report names: the actor the quote reader resolved, else the words of the source phrase."""
    return speaker or " ".join((source_text or "").lower().split())


# Where a source phrase's description of the source begins: "Anna Korhonen, a 29-year-old student who
# helped organise the march", "Senator John McCain, the Republican chairman of ...". The name is before it.
APPOSITIVE = re.compile(r",\s+(?:a|an|the|who|which|whose|one of)\b|,\s*$")


def source_label(source_text: str | None) -> str:
    """A source as the outlet evidence lists it: its name without the description that follows it.

    The examples are a list of sources; "naming Police, Anna Korhonen, a
    29-year-old student who helped organise the march" read as three sources.
    """
    text = " ".join((source_text or "").split())
    cut = APPOSITIVE.search(text)
    return (text[: cut.start()] if cut and cut.start() > 0 else text).strip(" ,")


def add_source(found: dict[str, str], key: str, source_text: str | None) -> None:
    """Record one source a report names under its key; a pronoun's label gives way to the name the report uses.

    "It said ..." resolved to the Kremlin was listed as the source "It" when
    it came before "the Kremlin said" in the report.
    """
    label = source_label(source_text)
    if key not in found or (found[key].lower() in PRONOUNS and label.lower() not in PRONOUNS):
        found[key] = label


# The head words of a described source that still points to one a reader can check:
# an organisation's spokesperson, or a document ("a statement posted on the Kremlin website").
ATTRIBUTABLE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson statement report letter filing document release transcript readout "
    "website post video interview".split()
)
INDEFINITE = frozenset("a an one another some".split())


def is_anonymous_source(source_text: str | None) -> bool:
    """A source described but not named: "a senior Senate aide", "one official", "a member of a volunteer rescue group".

    An entity inside the description ("Senate", "Casablanca") made these read
    as named sources on the demo; the person speaking is still unnamed. A
    spokesperson or a document of a body is attributable to it and stays named.
    """
    words = re.findall(r"[\w'’-]+", source_label(source_text).lower())
    return bool(words) and words[0] in INDEFINITE and not ATTRIBUTABLE_HEADS & set(words)


# A source named right before a verb of saying, in the report's own sentence: "which the Moroccan interior
# ministry now says has killed more than 2,900 people", "Dan Coats, put out a statement", "Bob Corker,
# criticised the president's remarks". The quote reader reads statements with a content clause; these
# carry a stance or a figure without one, and a report naming them names its sources.
STATED_BY = re.compile(
    r",?\s+(?:now\s+|also\s+|later\s+|has\s+|had\s+)?"
    r"(?:says|said|told|reported|confirmed|announced|stated|warned|denied|criticised|criticized|condemned|measured|estimated|"
    r"(?:put out|issued|released|published) a statement)\b"
)
# "Neither government said ...", "no official said ...": a source that said nothing.
NEGATED_BEFORE = re.compile(r"\b(?:neither|nor|no|not)\s+$", re.IGNORECASE)
# Entity labels of a source stated before a verb of saying (a GROUP only when headed by an organisation word).
STATED_LABELS = ("PERSON", "ORG", "GROUP")


def _stated_sources(store: Store, sources: dict[str, dict[str, str]], only: list[str] | None = None) -> None:
    """Add to each original report's sources the people and organisations it names right before a verb of saying.

    On the demo a newsletter naming the intelligence director's statement and
    two senators' criticism read as "naming no source at all", and a vigil
    report citing the interior ministry's toll as naming one source.
    """
    where, params = _only("a.outlet", only)
    rows = store.rows(
        "SELECT e.article_id, e.entity_text, e.label, e.actor_id, e.entity_start, e.entity_end, "
        "substr(a.text, e.entity_end + 1, 60) AS after, "
        "substr(a.text, greatest(1, e.entity_start - 11), least(e.entity_start, 12)) AS before "
        "FROM entities e JOIN articles a ON a.article_id = e.article_id "
        f"WHERE a.outlet IS NOT NULL AND a.copy_of_id IS NULL AND e.label IN {STATED_LABELS}{where} "
        "ORDER BY e.article_id, e.entity_start",
        params,
    )
    following: dict | None = None  # the next entity of the same report, read backwards, and whether it is stated
    named: list[dict] = []
    for r in reversed(rows):
        stated = bool(STATED_BY.match(r["after"] or "")) or _listed_before(r, following)
        following = {**r, "stated": stated}
        if not stated or NEGATED_BEFORE.search(r["before"] or ""):
            continue
        if r["label"] == "GROUP" and not is_checkable_source(r["entity_text"]):
            continue
        named.append(r)
    for r in reversed(named):  # in the report's order
        add_source(sources[r["article_id"]], r["actor_id"] or " ".join(r["entity_text"].lower().split()), r["entity_text"])


# Between two names of one list: "John McCain and Bob Corker", "Spain, France and Israel".
LIST_JOIN = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+)$")


def _listed_before(r: dict, following: dict | None) -> bool:
    """The entity is a name in a list whose next name is stated before a verb of saying: "John McCain and Bob
    Corker, criticised" names both senators, not only the last."""
    if not following or not following["stated"] or following["article_id"] != r["article_id"]:
        return False
    gap = following["entity_start"] - r["entity_end"]
    return 0 < gap <= len(r["after"] or "") and bool(LIST_JOIN.match((r["after"] or "")[:gap]))


_DETERMINERS = frozenset("the a an".split())


def _name_words(label: str) -> set[str]:
    return {w for w in re.findall(r"[\w'’-]+", label.lower().replace(".", "")) if w not in _DETERMINERS}


def distinct_sources(labels: list[str]) -> list[str]:
    """The sources of one report, each body or person once: a label whose words are all in another's is the same source.

    "The ministry" after "the interior ministry", "John McCain" beside
    "Senator John McCain of Arizona": one body and one person, each listed
    twice on the demo. The longer label is kept.
    """
    kept: list[str] = []
    for label in sorted(labels, key=lambda x: -len(_name_words(x))):
        words = _name_words(label)
        if words and not any(words <= _name_words(k) for k in kept):
            kept.append(label)
    return sorted(kept, key=labels.index)


def _judge_sourcing(f: OutletFacts, sources: dict[str, dict[str, str]], names: dict[str, str] | None = None) -> None:
    """Each of the outlet's original reports: sourced (two or more named sources), unsourced (none), or neither."""
    for article in sorted(f.reports):
        found = sources.get(article, {})
        # A pronoun no name stood beside ("It said ...") is listed by the actor it was resolved to.
        labels = [(names or {}).get(key, label) if label.lower() in PRONOUNS else label for key, label in found.items()]
        named = distinct_sources(labels)
        if len(named) >= SOURCES_PER_REPORT:
            f.sourced.append({"article": article, "sources": named[:4]})
        elif not named:
            f.unsourced.append({"article": article})


# A newsletter's sign-up box or a page's navigation read as a statement ("By submitting this form,
# you agree to receive emails from Morning Dispatch Media", "Forwarded this email? Sign up here"):
# the page talking about itself, not a source. The cleaner removes most such lines; one that stays
# must not count as sourcing, named or vague.
PAGE_FURNITURE = re.compile(
    r"\b(?:sign[- ]?up|subscribe|unsubscribe|newsletter|in your inbox|privacy policy|terms of (?:use|service)|"
    r"log ?in|register (?:here|now)|forwarded this (?:e-?mail|message)|view in (?:your )?browser|manage preferences|"
    r"share this (?:story|article|post)|follow us|click here)\b",
    re.IGNORECASE,
)


def is_page_furniture(source_text: str | None, content: str | None) -> bool:
    """An attribution that is the page speaking about itself (sign-up boxes, navigation), not a statement of a source.

    Its source phrase is such a line, or the page addresses the reader ("you", "we") with one. A named
    speaker's words may mention signing up ("call any officer, sign up", a police chief said on the GVC
    pile): those stay statements.
    """
    if PAGE_FURNITURE.search(source_text or ""):
        return True
    speaker = " ".join((source_text or "").lower().split())
    return speaker in ("", "you", "we", "i", "us") and bool(PAGE_FURNITURE.search(content or ""))


def is_named_source(source_text: str | None, speaker: str | None, has_name: bool) -> bool:
    """A source naming a person or organisation, or a pronoun the quote reader resolved to a known actor.

    :func:`_count_attributions` also counts a source a reader can look up
    without a name the parser tags ("the interior ministry said":
    :func:`is_checkable_source`); on the demo a wire's quake report crediting
    its toll to the interior ministry read as naming no source.
    """
    if has_name:
        return True
    pronoun = (source_text or "").strip().lower() in PRONOUNS
    return pronoun and bool(speaker) and not speaker.startswith("x:")


def _count_events(store: Store, facts: dict[str, OutletFacts], only: list[str] | None = None) -> None:
    """Events shown from the outlet's own reports, and those another independent outlet also reports.

    Only mentions the ledger shows count, on both sides (``mention_passages.shown``:
    at or above the display threshold, not negated, not reviewed wrong), and
    not hypothetical ones: a weak or hypothetical mention is no report that
    the happening took place, and joining two of them is not corroboration.
    Another outlet counts as in ``independent_count``: a copy under its
    original's outlet, reports of unknown outlets as one source. With
    ``only``, the events that any of these outlets reports (with all their
    reporters, so corroboration is counted as in a whole-ledger run).

    An outlet reports an event only when the event line counts it among its sources (``events.outlets``,
    from ``resolve.events.outlet_voices``: shown tellings, told as done, vetted pages): reader10 N14, Harbor's
    page counted "8 of 15 events corroborated" with the Helsinki meeting it had only previewed ("are due to
    meet on Monday", shown, modality future) while the meeting's line did not list Harbor (7 of 14). A weak
    telling the line counts (``resolve.events.tells_the_shown_day``) counts here too, for a shown event.

    A page carrying spam blocks earns no corroboration for the real events it
    wraps (its events still count in the total; it seconds no other outlet, as no line counts it): on the
    demo pile the crypto site gained +0.10 from riding a real quake's coverage. ``_count_spam`` runs first.
    """
    spam_pages = {s["article"] for f in facts.values() for s in f.spam}
    where, params = ("", []) if only is None else (
        " AND p.event_id IN (SELECT event_id FROM mention_passages WHERE list_contains(?, outlet))", [only])
    rows = store.rows(
        "SELECT DISTINCT p.event_id AS event, p.article_id AS article, p.outlet AS source, o.outlet AS root_source, "
        "p.article_id = p.original_article_id AS own, coalesce(list_contains(e.outlets, p.outlet), false) AS counted "
        "FROM mention_passages p JOIN articles o ON o.article_id = p.original_article_id "
        "JOIN events e ON e.event_id = p.event_id "
        "WHERE p.event_id IS NOT NULL AND coalesce(p.review_decision, '') <> 'wrong' "
        "AND (p.shown OR (list_contains(e.outlets, p.outlet) AND p.event_id IN "
        "(SELECT event_id FROM mention_passages WHERE shown))) "
        f"AND coalesce(p.modality, '') NOT IN ({', '.join(repr(m) for m in NOT_A_REPORT)}){where}",
        params,
    )
    rows = [r for r in rows if r["counted"] or r["article"] in spam_pages]
    reporters: dict[str, set[str | None]] = defaultdict(set)
    for r in rows:
        if r["counted"]:
            reporters[r["event"]].add(r["root_source"])
    events: dict[str, set[str]] = defaultdict(set)
    seconded: dict[str, set[str]] = defaultdict(set)
    reports: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if not (r["own"] and r["source"]) or (only is not None and r["source"] not in only):
            continue
        events[r["source"]].add(r["event"])
        reports[r["source"]].add(r["article"])
        others = reporters[r["event"]] - {r["source"]}
        if others and r["article"] not in spam_pages:
            seconded[r["source"]].add(r["event"])
    for source, evs in events.items():
        f = facts[source]
        f.events, f.corroborated, f.event_reports = len(evs), len(seconded[source]), len(reports[source])


# Modalities of a shown mention that do not report a happening as having taken place.
NOT_A_REPORT = ("hypothetical", "negated")


# ---------------------------------------------------------------------------
# Contradictions: who is the outlier

def contested_facts(store: Store) -> dict[str, list[dict]]:
    """Per outlet, every disputed fact it states, with its side: outlier, majority, cited or unresolved.

    The sides come from ``contradiction_reports`` (resolution decides them:
    :mod:`newsledger.resolve.disputes`): a value held by at least two
    outlets, more than any other, is the majority; every other value's
    outlets are outliers; without such a majority (one outlet against
    another) the fact is unresolved for everyone, so a contradiction counts
    against the outlier only, never against both sides. An outlier value the
    report credits to a named source ("the country's disaster agency AFAD
    said", "according to the U.S. Geological Survey") is the source's figure,
    not the outlet's own claim: its side is ``cited`` and it does not count
    against the outlet (on the demo both wire agencies were outliers only
    for figures they attributed to a national agency). A value credited to
    nobody checkable ("sources on the ground", "officials") still counts.
    An outlet stating several reports in one dispute counts once.
    """
    rows = store.rows(
        "SELECT c.event_id AS event, c.kind, r.article_id AS article, r.outlet, r.value, r.side, r.credited_to "
        "FROM contradiction_reports r JOIN contradictions c ON c.contradiction_id = r.contradiction_id "
        "WHERE r.outlet IS NOT NULL ORDER BY c.event_id, c.kind, r.article_id"
    )
    values: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    credits: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        values[(r["event"], r["kind"])][r["value"]].add(r["outlet"])
        if r["credited_to"]:
            credits[(r["event"], r["kind"])][r["value"]].add(r["credited_to"])
    out: dict[str, list[dict]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (r["outlet"], r["event"], r["kind"])
        if key in seen:
            continue
        seen.add(key)
        cited = r["credited_to"] if is_checkable_source(r["credited_to"]) else None
        disputed = credit_disputed(r["credited_to"], r["value"], credits[(r["event"], r["kind"])])
        side = judged_side(r["side"], r["credited_to"], disputed)
        others = {v: sorted(o) for v, o in values[(r["event"], r["kind"])].items() if v != r["value"]}
        out[r["outlet"]].append({"event": r["event"], "kind": r["kind"], "value": r["value"], "article": r["article"],
                                 "side": side, "others": others, "credited_to": cited})
    return dict(out)


def judged_side(side: str | None, credited_to: str | None, disputed: bool = False) -> str | None:
    """A report's side in a dispute as the ledger judges it: an outlier value credited to a checkable source is ``cited``.

    The one rule for both views: the outlet's evidence (:func:`contested_facts`)
    and the report's contradiction lines (``report.render``). On the demo the
    report labelled two agencies' magnitudes "[outlier]" while the outlets'
    pages said "outlier: none found".

    A credit other outlets dispute (``disputed``: they credit the same source
    with another value, :func:`credit_disputed`) is not the source's figure
    but the outlet's rendering of it, and the outlier stays an outlier.
    """
    return "cited" if side == "outlier" and is_checkable_source(credited_to) and not disputed else side


def credited_source_key(source_text: str | None) -> str:
    """A credited source folded for comparison: "The interior ministry" and "the interior ministry" are one source."""
    words = " ".join((source_text or "").split()).casefold().split(" ")
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).rstrip(".")


def credit_disputed(credited_to: str | None, value: str, credits_by_value: dict[str, set[str] | list[str]]) -> bool:
    """Another value of the same dispute is credited to the same source: the outlets disagree on what the source said.

    On the demo Global News Digest credited the interior ministry with the
    Morocco quake striking "early on Saturday, 9 September", while Harbor
    Press Agency credited the same ministry with "late on Friday". The
    ministry cannot have said both; labelling the Saturday "[cited: credited
    to its source]" told the reader the ministry gave it and kept the
    outlet's own error from counting against it. ``credits_by_value``: each
    value of the dispute -> the sources its reports credit it to.
    """
    key = credited_source_key(credited_to)
    if not key:
        return False
    return any(key in {credited_source_key(c) for c in credits} for v, credits in credits_by_value.items() if v != value)


# Head words of a source a reader can look up even when it is not capitalised: "the interior ministry", "the health ministry".
ORGANISATION_HEADS = frozenset(
    "ministry agency survey institute institution department police government office service authority authorities "
    "centre center commission council army military observatory bureau administration".split()
)


def is_checkable_source(source_text: str | None) -> bool:
    """A source a reader could check: not vague, and naming someone (a capitalised name) or an organisation.

    "the U.S. Geological Survey", "AFAD", "the interior ministry" are;
    "officials", "state media", "sources on the ground" are not.
    """
    text = " ".join((source_text or "").split())
    if not text or is_vague_source(text, named=False):
        return False
    words = re.findall(r"[\w.'’-]+", text)
    capitalised = [w for w in words if w[0].isupper() and w.lower() not in ("the", "a", "an")]
    # "Residents" opening a sentence is capitalised too: one capitalised word counts only as an acronym ("AFAD").
    if len(capitalised) >= 2 or any(len(w) >= 2 and w.isupper() for w in capitalised):
        return True
    return any(w.lower().strip(".") in ORGANISATION_HEADS for w in words)


def minority_counts(store: Store) -> dict[str, int]:
    """Per outlet: disputed facts on which it stands alone against a majority (ties count for nobody)."""
    counts: dict[str, int] = {}
    for outlet, contested in contested_facts(store).items():
        n = sum(1 for c in contested if c["side"] == "outlier")
        if n:
            counts[outlet] = n
    return counts
