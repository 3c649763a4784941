"""How reliable each outlet's reporting looks, and the evidence for it.

No outlet is judged by its name or a list: the score is built from what the
ledger saw it do. Each signal is kept as evidence so a reader can disagree
with the weighting:
- corroborated: share of its events that at least one other independent source also reports;
- contradicted: facts on which it stands with the minority of outlets (a tie counts half to each side);
  the majority is not proof, so the evidence also lists every contradiction it is party to;
- copies: share of its articles that copy another outlet's earlier report (not wrong, but not independent);
- spam: boilerplate removed for spam offers or "featured post" blocks, per article;
- repairs: articles with encoding damage (a sign of careless republishing, weak on its own).
"""

from __future__ import annotations

from newsledger.store.db import Store

WEIGHTS = {"corroborated": 0.5, "contradicted": -0.3, "copies": -0.1, "spam": -0.3, "repairs": -0.05}
BASELINE = 0.5


def assess_outlets(store: Store) -> int:
    rows = store.rows(
        """
        WITH art AS (
            SELECT source, count(*) AS n, count(duplicate_of) AS copies, count(*) FILTER (WHERE repairs > 0) AS repaired
            FROM articles WHERE source IS NOT NULL GROUP BY source
        ), spam AS (
            SELECT a.source, count(DISTINCT a.id) AS n FROM removed_lines r JOIN articles a ON a.id = r.article_id
            WHERE r.reason IN ('spam-offer', 'featured-post') GROUP BY a.source
        ), ev AS (
            SELECT a.source, count(DISTINCT e.id) AS n,
                   count(DISTINCT e.id) FILTER (WHERE e.independent_sources >= 2) AS corroborated
            FROM mentions m JOIN articles a ON a.id = m.article_id JOIN events e ON e.id = m.event
            GROUP BY a.source
        ), con AS (
            SELECT a.source, count(*) AS n FROM contradictions c JOIN articles a ON a.id IN (c.article_a, c.article_b)
            GROUP BY a.source
        )
        SELECT art.source, art.n, art.copies, art.repaired, coalesce(spam.n, 0) AS spam,
               coalesce(ev.n, 0) AS events, coalesce(ev.corroborated, 0) AS corroborated, coalesce(con.n, 0) AS contradictions
        FROM art LEFT JOIN spam USING (source) LEFT JOIN ev USING (source) LEFT JOIN con USING (source)
        ORDER BY art.source
        """
    )
    minority = minority_counts(store)
    store.con.execute("DELETE FROM outlets")
    out = []
    for r in rows:
        n = max(r["n"], 1)
        signals = {
            "corroborated": r["corroborated"] / r["events"] if r["events"] else 0.0,
            "contradicted": min(1.0, minority.get(r["source"], 0.0) / max(r["events"], 1)),
            "copies": r["copies"] / n,
            "spam": r["spam"] / n,
            "repairs": r["repaired"] / n,
        }
        score = BASELINE + sum(WEIGHTS[k] * v for k, v in signals.items())
        evidence = {
            "articles": r["n"], "copies": r["copies"], "articles_with_spam": r["spam"], "articles_repaired": r["repaired"],
            "events": r["events"], "events_corroborated": r["corroborated"], "contradictions": r["contradictions"],
            "facts_in_minority": minority.get(r["source"], 0.0),
            "signals": {k: round(v, 3) for k, v in signals.items()}, "weights": WEIGHTS,
        }
        out.append({"source": r["source"], "n_articles": r["n"], "score": round(max(0.0, min(1.0, score)), 3), "evidence": evidence})
    store.insert_many("outlets", out)
    return len(out)


def minority_counts(store: Store) -> dict[str, float]:
    """Per outlet: disputed facts on which fewer outlets share its value (ties count half)."""
    rows = store.rows(
        "SELECT c.event, c.kind, a.source AS source_a, c.value_a, b.source AS source_b, c.value_b FROM contradictions c "
        "JOIN articles a ON a.id = c.article_a JOIN articles b ON b.id = c.article_b"
    )
    stated: dict[tuple[str, str], dict[str, set[str]]] = {}
    for r in rows:
        facts = stated.setdefault((r["event"], r["kind"]), {})
        for source, value in ((r["source_a"], r["value_a"]), (r["source_b"], r["value_b"])):
            if source:
                facts.setdefault(value, set()).add(source)
    counts: dict[str, float] = {}
    for values in stated.values():
        if not values:
            continue
        sizes = sorted({len(v) for v in values.values()})
        top = sizes[-1]
        winners = [v for v, outlets in values.items() if len(outlets) == top]
        for value, outlets in values.items():
            share = 0.5 if len(winners) > 1 and value in winners else (0.0 if value in winners else 1.0)
            for outlet in outlets:
                counts[outlet] = counts.get(outlet, 0.0) + share
    return counts
