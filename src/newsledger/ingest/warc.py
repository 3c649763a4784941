"""WARC archives: every successful HTML response becomes one document.

warcio treats a cut-off stream as a normal end, so truncation is detected
here: a record whose payload stops short of its Content-Length, a header
left half-read at the end, or a gzip stream that ends early.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import RawDocument
from .decode import decode_html
from .errors import IngestError, Refused, over_limit
from .streams import read_some

Item = RawDocument | IngestError

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# What warcio raises on some malformed headers instead of ArchiveLoadFailed
# (a response record without a target URI: AttributeError), found by fuzzing.
_PARSER_FAILURES = (AttributeError, TypeError, ValueError, KeyError, IndexError)
# Kinds of skipped records named in the message for an archive without pages.
_KINDS_SHOWN = 3


class _EndGuard:
    """Pass reads through, but turn a truncated-gzip error into a clean end and remember it.

    warcio swallows ``EOFError`` as "no more records", which would hide a
    truncated archive; remembering it lets the reader report it.
    """

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.failure: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.failure:
            return b""
        try:
            return read_some(self.stream, size) if size >= 0 else self.stream.read()
        except EOFError:
            self.failure = "truncated gzip stream"
        except zlib.error as exc:
            self.failure = f"corrupt gzip stream ({exc})"
        return b""


def _content_type(record) -> tuple[str, str | None]:
    """(mime type, charset) from the HTTP Content-Type header."""
    value = record.http_headers.get_header("Content-Type") or ""
    mime, *params = [part.strip() for part in value.split(";")]
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.lower(), charset


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    return _content_type(record)[0] in HTML_TYPES


def _plausible_header(record) -> bool:
    """warcio reads any line of five words as an ARC header; a real one declares a numeric length."""
    if record.format != "arc":
        return True
    return (record.rec_headers.get_header("length") or "").strip().isdigit()


def _kind(record) -> str:
    """What a skipped record is, for the message of an archive with no pages ("404 response")."""
    if record.rec_type != "response" or record.http_headers is None:
        return f"{record.rec_type} record"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"{status} response"
    return f"{_content_type(record)[0] or 'untyped'} response"


def _no_pages(path: str, skipped: collections.Counter) -> IngestError:
    """One error for an archive with records but no successful HTML response, naming what it held."""
    total = sum(skipped.values())
    kinds = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in skipped.most_common(_KINDS_SHOWN))
    more = ", ..." if len(skipped) > _KINDS_SHOWN else ""
    return IngestError(path, f"no HTML pages in the archive ({total} record{'s' if total > 1 else ''}: {kinds}{more})")


def _fetched(record) -> dt.datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _record_origin(path: str, record, archive: ArchiveIterator) -> str:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    return f"{path}#record={record_id}" if record_id else f"{path}#offset={archive.get_record_offset()}"


def _cut_short(record) -> bool:
    """True when the archive ended before this record's declared length."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _document(record, payload: bytes, origin: str) -> Item:
    if not payload.strip():
        return IngestError(origin, "empty payload")
    try:
        content = decode_html(payload, _content_type(record)[1])
    except Refused as exc:
        return IngestError(origin, str(exc))
    return RawDocument(
        origin=origin,
        content=content,
        kind="html",
        raw_sha256=hashlib.sha256(payload).hexdigest(),
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched=_fetched(record),
    )


def iter_warc(stream: BinaryIO, path: str, max_bytes: int) -> Iterator[Item]:
    """Documents from an (already decompressed) WARC stream, then one error if it was truncated."""
    guard = _EndGuard(stream)
    archive = ArchiveIterator(guard)
    records, last = 0, None
    skipped: collections.Counter[str] = collections.Counter()
    try:
        for record in archive:
            records, last = records + 1, record
            if not _plausible_header(record):
                yield IngestError(path, "not a valid WARC file (a record header is neither WARC nor ARC)")
                return
            if not _is_html_response(record):
                skipped[_kind(record)] += 1
                continue
            payload = record.content_stream().read(max_bytes + 1)
            if len(payload) > max_bytes:
                yield IngestError(_record_origin(path, record, archive), over_limit(max_bytes))
                continue
            if _cut_short(record):
                break
            yield _document(record, payload, _record_origin(path, record, archive))
    except ArchiveLoadFailed as exc:
        yield IngestError(path, f"not a valid WARC file ({' '.join(str(exc).split())})")
        return
    except _PARSER_FAILURES as exc:
        yield IngestError(path, f"not a valid WARC file (malformed record headers: {type(exc).__name__})")
        return
    yield from _ending_problem(guard, archive, last, records, path, skipped)


def _ending_problem(
    guard: _EndGuard, archive: ArchiveIterator, last, records: int, path: str, skipped: collections.Counter
) -> Iterator[IngestError]:
    if guard.failure:
        yield IngestError(path, guard.failure)
    elif (last is not None and _cut_short(last)) or (getattr(archive, "next_line", None) or b"").strip():
        yield IngestError(path, "truncated WARC (last record incomplete)")
    elif records == 0:
        yield IngestError(path, "no WARC records found")
    elif sum(skipped.values()) == records:
        yield _no_pages(path, skipped)
