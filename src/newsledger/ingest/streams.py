"""Stream helpers: peeking at a stream's head, and text views of record files."""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO

from .decode import best_match, bom_encoding, refuse_binary
from .errors import Refused

HEAD_BYTES = 65536
# Corrupt bytes tolerated per valid non-ASCII character before UTF-8 is doubted.
MAX_BAD_UTF8_SHARE = 0.1


class _Rewound(io.RawIOBase):
    """A stream whose already-read head is served again before the rest.

    Hand-written because stdin and gzip streams cannot seek back after we
    read their first bytes to sniff the format or the encoding.
    """

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if len(self._head):
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = read_some(self._rest, len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_some(stream: BinaryIO, size: int) -> bytes:
    """One short read: ``read1`` where available so a truncated gzip member's
    decompressed data is returned before its ``EOFError`` (a full ``read``
    would drop it)."""
    read1 = getattr(stream, "read1", None)
    return read1(size) if read1 is not None else stream.read(size)


def read_upto(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes or until EOF (pipes return short reads)."""
    parts, total = [], 0
    while total < size:
        chunk = stream.read(size - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def peek(stream: BinaryIO, size: int = HEAD_BYTES) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes, and a stream that still yields everything from the start."""
    head = read_upto(stream, size)
    return head, io.BufferedReader(_Rewound(head, stream), buffer_size=HEAD_BYTES)


def _utf8_prefix_ok(head: bytes) -> bool:
    """The head is valid UTF-8, allowing a character cut at the end of the sample."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(head: bytes) -> bool:
    """Real UTF-8 text with a few corrupt bytes: keep UTF-8 so only the bad records fail.

    Without this a single broken line would switch a whole UTF-8 dump to a
    legacy encoding and garble every record.
    """
    text = head.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return good > 0 and bad <= good * MAX_BAD_UTF8_SHARE


def stream_encoding(head: bytes) -> str:
    """Encoding of a record file judged from its head: BOM, UTF-8, else charset-normalizer."""
    bom = bom_encoding(head)
    if bom:
        return bom
    refuse_binary(head)
    if _utf8_prefix_ok(head) or _mostly_utf8(head):
        return "utf-8"
    match = best_match(head)
    if match is None:
        raise Refused("undecodable bytes (no plausible text encoding)")
    return match.encoding


def open_text(stream: BinaryIO) -> io.TextIOWrapper:
    """A text view of a record file; undecodable bytes survive as escapes so each bad record can be reported."""
    head, stream = peek(stream)
    if not head:
        raise Refused("empty file")
    encoding = stream_encoding(head)
    return io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
