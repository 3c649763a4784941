"""Map a JSON/CSV record with whatever field names it uses onto a ``RawDocument``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache

from ..model import RawDocument
from .dates import parse_published
from .errors import IngestError

# Common names of each field in news dumps (news-please, NewsAPI, scrapers, Kaggle sets).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "uuid", "doc_id"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article", "maintext"),
    "url": ("url", "link"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_publish"),
    "source": ("source", "domain", "site", "outlet", "publisher", "sitename"),
    "authors": ("authors", "author"),
}
# Keys inside a nested object that hold its scalar meaning ({"$oid": ...}, {"name": ...}).
_SCALAR_KEYS = ("$oid", "$date", "name", "title", "text", "value")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTHOR_SEPARATORS = re.compile(r"\s*[,;]\s*")


def parse_field_map(items: list[str]) -> dict[str, str]:
    """Parse ``FIELD=COLUMN`` items (from ``--field``) into a mapping, rejecting typos loudly."""
    mapping: dict[str, str] = {}
    known = ", ".join(FIELD_ALIASES)
    for item in items:
        field, sep, column = item.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not field or not column:
            raise ValueError(f"bad field mapping {item!r}: expected FIELD=COLUMN, e.g. text=body")
        if field not in FIELD_ALIASES:
            raise ValueError(f"bad field mapping {item!r}: unknown field {field!r} (known: {known})")
        if field in mapping and mapping[field] != column:
            raise ValueError(f"bad field mapping {item!r}: {field!r} is already mapped to {mapping[field]!r}")
        mapping[field] = column
    return mapping


@lru_cache(maxsize=4096)
def normalise_key(key: str) -> str:
    """Compare field names loosely: ``publishedAt`` == ``published_at`` == ``Published At``."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


class FieldResolver:
    """Find which key of a record holds each document field, honouring a field map."""

    def __init__(self, field_map: Mapping[str, str] | None = None):
        self.field_map = dict(field_map or {})

    def candidates(self, field: str) -> tuple[str, ...]:
        if field in self.field_map:
            return (self.field_map[field],)
        return FIELD_ALIASES[field]

    def key_for(self, field: str, keys: Mapping[str, str]) -> str | None:
        """The record key for ``field``; ``keys`` comes from :func:`key_index`."""
        for name in self.candidates(field):
            real = keys.get(name) or keys.get(normalise_key(name))
            if real is not None:
                return real
        return None

    def describe(self, field: str) -> str:
        if field in self.field_map:
            return f"{self.field_map[field]!r} (from the field map)"
        return "/".join(FIELD_ALIASES[field])


def key_index(keys) -> dict[str, str]:
    """Real key -> itself, then normalised key -> first real key with that normalisation."""
    real = [key for key in keys if isinstance(key, str)]
    index = {key: key for key in real}
    for key in real:
        index.setdefault(normalise_key(key), key)
    return index


def _scalar(value: object) -> object:
    if isinstance(value, Mapping):
        for key in _SCALAR_KEYS:
            if key in value:
                return value[key]
        return None
    return value


def as_string(value: object, joiner: str = ", ") -> str | None:
    """A metadata value as one stripped string (lists joined), or None when blank."""
    value = _scalar(value)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [as_string(v) for v in value]
        value = joiner.join(p for p in parts if p)
    text = str(value).strip()
    return text or None


def as_authors(value: object) -> list[str]:
    """Authors from a list or a comma/semicolon-separated string, de-duplicated in order."""
    value = _scalar(value)
    if value is None:
        return []
    raw = value if isinstance(value, (list, tuple)) else _AUTHOR_SEPARATORS.split(str(value))
    names = [as_string(v) for v in raw]
    return list(dict.fromkeys(n for n in names if n))


def as_body(value: object) -> str | None:
    """The article text as given (paragraph lists joined by blank lines); None when blank."""
    value = _scalar(value)
    if isinstance(value, (list, tuple)):
        value = "\n\n".join(str(_scalar(v)) for v in value if _scalar(v) is not None)
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def looks_like_html(text: str) -> bool:
    """Record text that starts with a tag and has markup is raw HTML for the cleaner."""
    stripped = text.lstrip()
    return stripped.startswith("<") and _HTML_TAG.search(stripped[:5000]) is not None


def record_to_document(
    record: Mapping, path: str, locator: str, resolver: FieldResolver
) -> RawDocument | IngestError:
    """One record -> one document; ``locator`` ("line=3", "row=3") names it when it has no id."""
    keys = key_index(record.keys())

    def get(field: str) -> object:
        key = resolver.key_for(field, keys)
        return record.get(key) if key is not None else None

    external_id = as_string(get("id"))
    origin = f"{path}#id={external_id}" if external_id else f"{path}#{locator}"
    text_key = resolver.key_for("text", keys)
    if text_key is None:
        return IngestError(origin, f"no text field (looked for {resolver.describe('text')})")
    body = as_body(record.get(text_key))
    if body is None:
        return IngestError(origin, f"empty text in field {text_key!r}")
    published = parse_published(_scalar(get("published")))
    return RawDocument(
        origin=origin,
        content=body,
        kind="html" if looks_like_html(body) else "text",
        raw_sha256=hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest(),
        title=as_string(get("title")),
        published=published,
        published_from="metadata" if published else None,
        source=as_string(get("source")),
        url=as_string(get("url")),
        authors=as_authors(get("authors")),
        external_id=external_id,
    )
