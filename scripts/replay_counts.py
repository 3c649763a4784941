"""Replay the counts component (nlp/counts.py) on a kept ledger, without re-running the rest of the NLP.

    python scripts/replay_counts.py KEPT.duckdb OUT.duckdb [--sentences CACHE.json]
    newsledger eval incidents ../shared/data/gvc --reuse OUT.duckdb [--resolve]

Copies KEPT to OUT and rewrites OUT's ``mention_counts`` from the stored
texts, event mentions and time expressions, with :func:`attach_in_text` (the
function the events component calls). Sentences come from the spaCy model
alone (the pipeline without our components splits them as the full one
does: the components add no sentence boundaries); they are parsed once and
cached in CACHE, keyed by article id. A fresh ``eval incidents`` run gives
the same counts (checked on the GVC dev pile: identical count figures); use
this only while the other components are unchanged.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import duckdb

from newsledger.model import EventMention, Span
from newsledger.nlp.counts import COUNTED_TYPES, attach_in_text


def sentences(db: str, cache: str | None) -> dict[str, list[tuple[int, int]]]:
    """article id -> its sentences' character spans, parsed once (cached when ``cache`` is given)."""
    if cache and Path(cache).exists():
        return {k: [tuple(s) for s in v] for k, v in json.loads(Path(cache).read_text()).items()}
    from newsledger.nlp.pipeline import build_pipeline

    con = duckdb.connect(db, read_only=True)
    rows = con.execute("SELECT article_id, text FROM articles ORDER BY article_id").fetchall()
    con.close()
    nlp = build_pipeline(components=[])
    out = {aid: [(s.start_char, s.end_char) for s in doc.sents]
           for (aid, _), doc in zip(rows, nlp.pipe((t for _, t in rows), batch_size=16))}
    if cache:
        Path(cache).write_text(json.dumps(out))
    return out


def replay(db: str, sents: dict[str, list[tuple[int, int]]]) -> int:
    """Rewrite ``mention_counts`` in ``db``; returns how many counts were attached."""
    con = duckdb.connect(db)
    texts = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
    dated: dict[str, list[int]] = {}
    for aid, start in con.execute("SELECT article_id, time_start FROM times WHERE timex_type IN ('DATE', 'TIME')").fetchall():
        dated.setdefault(aid, []).append(start)
    mentions: dict[str, list[tuple[str, EventMention]]] = {}
    for mid, aid, typ, ts, te, tt, ss, se, modality, conf in con.execute(
        "SELECT mention_id, article_id, event_type, trigger_start, trigger_end, trigger_text, sentence_start, sentence_end, "
        "modality, confidence FROM event_mentions ORDER BY article_id, mention_no"
    ).fetchall():
        if typ in COUNTED_TYPES and ts is not None:
            m = EventMention(typ, None, [], [], Span(ts, te, tt or ""), Span(ss, se, ""), None, None, None, None, modality, conf)
            mentions.setdefault(aid, []).append((mid, m))
    rows = []
    for aid, group in mentions.items():
        attach_in_text(texts[aid], sents.get(aid, []), dated.get(aid, []), [m for _, m in group])
        for mid, m in group:
            rows += [(mid, j, aid, c.kind, c.value, c.part, c.subgroup, c.start, c.end, c.text) for j, c in enumerate(m.counts)]
    con.execute("DELETE FROM mention_counts")
    if rows:
        con.executemany("INSERT INTO mention_counts (mention_id, count_no, article_id, kind, value, part, subgroup, "
                        "count_start, count_end, count_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kept")
    ap.add_argument("out")
    ap.add_argument("--sentences", help="cache of the sentence spans (JSON), written on first use")
    args = ap.parse_args()
    sents = sentences(args.kept, args.sentences)
    shutil.copyfile(args.kept, args.out)
    print(f"{replay(args.out, sents)} counts attached -> {args.out}")


if __name__ == "__main__":
    main()
