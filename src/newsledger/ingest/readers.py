"""Pick a reader for each input (by extension, or by sniffing content) and stream documents."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import sys
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from ..model import RawDocument
from .decode import SNIFF_BYTES, bom_encoding, decode_html, decode_text, refuse_binary
from .errors import DEFAULT_MAX_BYTES, IngestError, Refused, over_limit, reason_for, too_large
from .fields import FIELD_ALIASES, FieldResolver, looks_like_html
from .records import iter_csv, iter_json, iter_json_lines
from .streams import open_text, peek, read_upto
from .walk import iter_files
from .warc import iter_warc

Item = RawDocument | IngestError

STDIN_ORIGIN = "<stdin>"
FORMATS_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
}
# Formats where the whole file is one article, so the size limit applies to the file.
ARTICLE_FORMATS = {"text", "html"}
_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"
_READ_ERRORS = (Refused, OSError, EOFError, zlib.error, UnicodeError)


@dataclass
class _Options:
    resolver: FieldResolver
    max_bytes: int


def format_of(path: str) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None means "sniff the content"."""
    name = os.path.basename(path).lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return FORMATS_BY_EXTENSION.get(os.path.splitext(name)[1]), gzipped


def sniff_format(head: bytes) -> str:
    """Format of a stream from its first bytes: gzip, warc, html, json or text."""
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    if head.startswith(_WARC_MAGIC):
        return "warc"
    refuse_binary(head)
    text = head.decode(bom_encoding(head) or "utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        return "json"
    if looks_like_html(text):
        return "html"
    return "text"


def _read_article(stream: BinaryIO, origin: str, kind: str, max_bytes: int) -> RawDocument:
    data = read_upto(stream, max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(over_limit(max_bytes))
    if not data.strip():
        raise Refused("empty file")
    content = decode_text(data) if kind == "text" else decode_html(data)
    if not content.strip():
        raise Refused("empty file")
    return RawDocument(origin=origin, content=content, kind=kind, raw_sha256=hashlib.sha256(data).hexdigest())


def _read_as(fmt: str, stream: BinaryIO, origin: str, options: _Options) -> Iterator[Item]:
    if fmt in ARTICLE_FORMATS:
        yield _read_article(stream, origin, fmt, options.max_bytes)
    elif fmt == "warc":
        yield from iter_warc(stream, origin, options.max_bytes)
    else:
        readers = {
            "jsonl": iter_json_lines,
            "json": iter_json,
            "csv": iter_csv,
            "tsv": partial(iter_csv, delimiter="\t"),
        }
        yield from _at_least_one(readers[fmt](open_text(stream), origin, options.resolver, options.max_bytes), origin)


def _at_least_one(items: Iterator[Item], origin: str) -> Iterator[Item]:
    """A record file that holds no records ("[]", a header row alone) is one error, not silence."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield IngestError(origin, "no records in the file")


def _read_sniffed(
    stream: BinaryIO, origin: str, options: _Options, size: int | None, inside_gzip: bool = False
) -> Iterator[Item]:
    """Read a stream of unknown format; ``size`` (a lower bound when compressed) refuses huge articles unread."""
    head, stream = peek(stream, SNIFF_BYTES)
    if not head:
        raise Refused("empty file")
    fmt = sniff_format(head)
    if fmt == "gzip":
        if inside_gzip:
            raise Refused("nested gzip streams are not supported")
        yield from _read_sniffed(gzip.GzipFile(fileobj=stream), origin, options, size, inside_gzip=True)
        return
    if fmt in ARTICLE_FORMATS and size is not None and size > options.max_bytes:
        raise Refused(too_large(size, options.max_bytes))
    yield from _read_as(fmt, stream, origin, options)


def _read_file(path: str, options: _Options) -> Iterator[Item]:
    """One file: size checks via stat before any read, then the format's reader."""
    fmt, gzipped = format_of(path)
    size = os.stat(path).st_size
    if size == 0:
        raise Refused("empty file")
    if fmt in ARTICLE_FORMATS and size > options.max_bytes:
        raise Refused(too_large(size, options.max_bytes))
    with open(path, "rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
        if fmt is None:
            yield from _read_sniffed(stream, path, options, size)
        else:
            yield from _read_as(fmt, stream, path, options)


def _guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn a failure while reading one input into one error, keeping what was read before it.

    Anything else a reader or a parsing library raises is still one error
    line, named as ours to fix, so one odd file never stops a 100k-file run.
    """
    try:
        yield from items
    except _READ_ERRORS as exc:
        yield IngestError(origin, reason_for(exc))
    except Exception as exc:
        yield IngestError(origin, f"internal error reading this input ({type(exc).__name__}: {exc}); please report it")


def foreign_extension(path: str) -> bool:
    """A name with an extension we do not read (README.md, logo.png): not a news file.

    Skipped inside directories, as ``find -name`` would; a file named
    explicitly is still sniffed, and refused if it is not text.
    """
    fmt, gzipped = format_of(path)
    name = os.path.basename(path)
    stem = name[:-3] if gzipped else name
    return fmt is None and bool(os.path.splitext(stem)[1])


def _read_path(path: str, options: _Options) -> Iterator[Item]:
    for item in iter_files(path):
        if isinstance(item, IngestError):
            yield item
        elif item == path or not foreign_extension(item):
            yield from _guarded(item, _read_file(item, options))


def _with_defaults(doc: RawDocument, source: str | None, published: dt.date | None) -> RawDocument:
    if doc.source is None and source:
        doc.source = source
    if doc.published is None and published is not None:
        doc.published, doc.published_from = published, "flag"
    return doc


def _check_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    unknown = sorted(set(field_map or {}) - set(FIELD_ALIASES))
    if unknown:
        raise ValueError(f"unknown field(s) in field map: {', '.join(unknown)} (known: {', '.join(FIELD_ALIASES)})")
    return dict(field_map or {})


def iter_documents(
    paths: list[str],
    *,
    field_map: dict[str, str] | None = None,
    source: str | None = None,
    published: dt.date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[RawDocument | IngestError]:
    """Stream documents (and errors, in order) from files, directories and "-" (stdin).

    ``source`` and ``published`` fill documents that lack them
    (``published_from="flag"``); ``field_map`` renames record fields
    ("text" -> column); ``max_bytes`` caps one article.
    """
    options = _Options(FieldResolver(_check_field_map(field_map)), max_bytes)
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            items = _guarded(STDIN_ORIGIN, _read_sniffed(stream, STDIN_ORIGIN, options, None))
        else:
            items = _read_path(path, options)
        for item in items:
            yield item if isinstance(item, IngestError) else _with_defaults(item, source, published)
