"""Bytes to text: binary sniffing, BOMs, declared charsets, charset-normalizer.

Every path either returns text we believe in or raises ``Refused`` with the
reason; nothing is decoded with silent replacement beyond a tiny tolerance.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import Refused

# Magic numbers of binary formats people drop into news folders by mistake.
_BINARY_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "executable",
    b"RIFF": "RIFF media file",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# How much of a file the binary sniffer looks at (NUL bytes show up early).
SNIFF_BYTES = 8192
# Share of control characters above which decoded "text" is really binary.
MAX_CONTROL_RATIO = 0.01
# Wins exact ties between charset-normalizer candidates.
PREFERRED_LEGACY_ENCODING = "cp1252"
# Share of U+FFFD a last-resort UTF-8 decode may contain (a stray bad byte).
MAX_REPLACEMENT_RATIO = 0.001

# Unicode category Cc except tab, newline, form feed and carriage return.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: documents labelled Latin-1 or ASCII are really windows-1252.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_kind(head: bytes) -> str | None:
    """Name what a byte prefix is if it is clearly not text (magic number or NUL bytes)."""
    if bom_encoding(head) in ("utf-16", "utf-32"):
        return None
    for magic, name in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return name
    if b"\x00" in head[:SNIFF_BYTES]:
        return "contains NUL bytes"
    return None


def refuse_binary(head: bytes) -> None:
    kind = binary_kind(head)
    if kind:
        raise Refused(f"binary file, not text ({kind})")


def looks_like_text(text: str) -> bool:
    """Too many control characters means a wrong decode of binary data."""
    if not text:
        return True
    sample = text[:100_000]
    return len(_CONTROL_CHARS.findall(sample)) / len(sample) <= MAX_CONTROL_RATIO


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def best_match(data: bytes):
    """charset-normalizer's best match, breaking exact ties in favour of windows-1252.

    Short Western texts often score identically as cp1250/cp1252/cp1257;
    windows-1252 is by far the most common legacy encoding of news pages.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        tied = (match.chaos, match.coherence) == (best.chaos, best.coherence)
        if tied and PREFERRED_LEGACY_ENCODING in match.could_be_from_charset:
            return match
    return best


def _best_guess(data: bytes) -> str | None:
    match = best_match(data)
    if match is None:
        return None
    text = str(match)
    return text if looks_like_text(text) else None


def decode_text(data: bytes) -> str:
    """Decode a plain-text article: BOM, else UTF-8, else charset-normalizer's best guess."""
    bom = bom_encoding(data)
    if bom:
        text = _strict(data, bom)
        if text is not None:
            return text
    refuse_binary(data)
    text = _strict(data, "utf-8")
    if text is not None and looks_like_text(text):
        return text
    text = _best_guess(data)
    if text is None:
        raise Refused("undecodable bytes (no plausible text encoding)")
    return text


def _codec_names(label: str | None) -> list[str]:
    """Python codecs to try for a declared charset label, in order."""
    if not label:
        return []
    label = label.strip().strip("\"'").lower()
    if label in _WINDOWS_1252_LABELS:
        return ["cp1252", "latin-1"]
    try:
        return [codecs.lookup(label).name]
    except LookupError:
        return []


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset>, http-equiv, XML declaration)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _replacement_fallback(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    return text if bad <= max(1, len(text) * MAX_REPLACEMENT_RATIO) else None


def decode_html(data: bytes, header_charset: str | None = None) -> str:
    """Decode an HTML page: BOM, valid UTF-8, HTTP charset, meta charset, best guess, near-clean UTF-8.

    Valid non-ASCII UTF-8 beats a declared charset: servers that label every
    page ISO-8859-1 by default are common, while legacy text that happens to
    form valid multi-byte UTF-8 sequences is vanishingly rare.
    """
    candidates = _codec_names(bom_encoding(data))
    if not data.isascii():
        candidates.append("utf-8")
    candidates += _codec_names(header_charset)
    candidates += _codec_names(declared_html_charset(data))
    candidates.append("utf-8")
    for name in candidates:
        text = _strict(data, name)
        if text is not None and looks_like_text(text):
            return text.lstrip("\ufeff")
    refuse_binary(data)
    text = _best_guess(data) or _replacement_fallback(data)
    if text is None:
        raise Refused("undecodable payload (no declared or plausible encoding)")
    return text


def has_undecodable(text: str) -> bool:
    """True when a ``surrogateescape`` decode kept bytes the encoding could not read.

    Escaped bytes are lone surrogates, which strict UTF-8 encoding rejects (a C-speed check).
    """
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
