"""Map a JSON/CSV record with whatever field names it uses onto a ``RawDocument``."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from functools import lru_cache

from ..model import RawDocument
from .dates import read_published
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
# A bad value quoted in a warning is cut to this length.
_MAX_SHOWN_CHARS = 80


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


def json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages ("a JSON number")."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return "null" if value is None else "string"


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


def body_of(value: object, key: str) -> tuple[str | None, str | None]:
    """(article text, None) or (None, why not): text is a string or a list of paragraph strings.

    A number, a boolean or an object with no text inside is a mistake in the
    dump (a wrong column mapped, a nested structure), never an article:
    ``str(12345)`` would store "12345" as a report.
    """
    value = _text_inside(value)
    if isinstance(value, (list, tuple)):
        paragraphs = [_text_inside(v) for v in value if v is not None]
        wrong = next((p for p in paragraphs if not isinstance(p, str)), None)
        if wrong is not None:
            return None, f"field {key!r} is an array holding a JSON {json_type(wrong)}, not text"
        value = "\n\n".join(paragraphs)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, f"empty text in field {key!r}"
    if not isinstance(value, str):
        return None, f"field {key!r} is a JSON {json_type(value)}, not text"
    return value, None


def _text_inside(value: object) -> object:
    """An object's string under a scalar key ({"text": "..."}), else the value itself."""
    if isinstance(value, Mapping):
        return next((value[k] for k in _SCALAR_KEYS if isinstance(value.get(k), str)), value)
    return value


def as_body(value: object) -> str | None:
    """The article text as given (paragraph lists joined by blank lines); None when blank or not text."""
    return body_of(value, "text")[0]


def _metadata(value: object, key: str | None, warnings: list[str]) -> object:
    """A metadata value usable as text, or None with a warning when it is a boolean or an empty object."""
    scalar = _scalar(value)
    if value is not None and (isinstance(scalar, bool) or (scalar is None and isinstance(value, Mapping))):
        warnings.append(f"ignored field {key!r}: a JSON {json_type(value)}, not text")
        return None
    return value


def _shown(value: object) -> str:
    """A value as it appears in a message: quoted strings, JSON for the rest, cut short."""
    shown = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return shown if len(shown) <= _MAX_SHOWN_CHARS else shown[: _MAX_SHOWN_CHARS - 1] + "…"


def _published(value: object, key: str | None, warnings: list[str]):
    day, problem = read_published(_scalar(value) if _has_scalar_key(value) else value)
    if problem:
        warnings.append(f"publication date {_shown(value)} in field {key!r} {problem}; stored without a date")
    return day


def _has_scalar_key(value: object) -> bool:
    return isinstance(value, Mapping) and any(k in value for k in _SCALAR_KEYS)


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
    body, problem = body_of(record.get(text_key), text_key)
    if problem:
        return IngestError(origin, problem)
    warnings: list[str] = []
    published = _published(get("published"), resolver.key_for("published", keys), warnings)
    meta = {f: _metadata(get(f), resolver.key_for(f, keys), warnings) for f in ("title", "source", "url", "authors")}
    return RawDocument(
        origin=origin,
        content=body,
        kind="html" if looks_like_html(body) else "text",
        raw_sha256=hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest(),
        title=as_string(meta["title"]),
        published=published,
        published_from="metadata" if published else None,
        source=as_string(meta["source"]),
        url=as_string(meta["url"]),
        authors=as_authors(meta["authors"]),
        external_id=external_id,
        warnings=warnings,
    )
