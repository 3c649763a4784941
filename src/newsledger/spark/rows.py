"""Documents and drafts to Parquet rows and back, losslessly (see :mod:`newsledger.spark.layout`).

The executors write what :func:`newsledger.prepare.prepare` made; the driver
must get back the very objects a local run holds, so every field of
``RawDocument`` and ``PreparedArticle`` has its column, and a timestamp keeps
its offset (or its absence of one) as ISO text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from newsledger.model import RawDocument, Removal
from newsledger.prepare import PreparedArticle

_RAW_FIELDS = [f.name for f in dataclasses.fields(RawDocument)]
_DRAFT_FIELDS = [f.name for f in dataclasses.fields(PreparedArticle) if f.name != "raw"]


def raw_row(raw: RawDocument) -> dict[str, Any]:
    row = {name: getattr(raw, name) for name in _RAW_FIELDS}
    row["fetched"] = raw.fetched.isoformat() if raw.fetched is not None else None
    row["authors"] = list(raw.authors or [])
    row["warnings"] = list(raw.warnings or [])
    return row


def raw_from_row(row: dict[str, Any]) -> RawDocument:
    values = {name: row.get(name) for name in _RAW_FIELDS}
    values["fetched"] = dt.datetime.fromisoformat(row["fetched"]) if row.get("fetched") else None
    values["authors"] = list(row.get("authors") or [])
    values["warnings"] = list(row.get("warnings") or [])
    return RawDocument(**values)


def draft_row(article: PreparedArticle) -> dict[str, Any]:
    row = {name: getattr(article, name) for name in _DRAFT_FIELDS}
    row["removed"] = [dataclasses.asdict(r) for r in article.removed]
    row["authors"] = list(article.authors or [])
    return row


def draft_from_row(row: dict[str, Any], raw: RawDocument) -> PreparedArticle:
    values = {name: row.get(name) for name in _DRAFT_FIELDS}
    values["removed"] = [Removal(**r) for r in row.get("removed") or []]
    values["authors"] = list(row.get("authors") or [])
    return PreparedArticle(raw=raw, **values)
