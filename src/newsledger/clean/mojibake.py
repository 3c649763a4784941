"""Encoding repair: ftfy first, then the MacRoman-decoded UTF-8 that ftfy leaves behind.

ftfy only undoes mojibake when a whole segment decodes consistently.  Pages
that were saved through a Mac tool often mix real curly quotes with
MacRoman-decoded UTF-8 (``¬†`` for a no-break space, ``‚Äô`` for ’), and
then ftfy gives up on the line.  We repair those spans one by one: take each
run of non-ASCII characters that MacRoman can encode, turn it back into
bytes, and keep every embedded UTF-8 sequence that decodes to a plausible
character (typography, Latin letters).  Everything else in the run is left
exactly as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import ftfy

MOJIBAKE_CODEC = "mac_roman"
# UTF-8 read as Windows-1252 that ftfy leaves alone: a single Turkish or
# Polish letter in an otherwise clean line ("KahramanmaraÅŸ" for
# Kahramanmaraş) scores too low on ftfy's badness measure to be fixed.
# The same span-by-span repair, with the same plausibility check, undoes
# it; it runs after the MacRoman pass, on what that pass left.
FALLBACK_CODECS = (MOJIBAKE_CODEC, "cp1252")

# Spaces that should read as a plain space (NBSP, en/em/thin/hair spaces...).
ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters are deleted, not spaced: they sit inside words.
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")

# Code points a repaired sequence may decode to.  Mojibake of news text is
# punctuation, spaces and accented Latin letters; a Cyrillic or CJK result
# means the run was real text (e.g. “ followed by É), so we leave it alone.
PLAUSIBLE_RANGES = (
    (0x00A0, 0x017F),  # Latin-1 supplement, Latin Extended-A
    (0x2000, 0x206F),  # general punctuation: dashes, quotes, ellipsis, spaces
    (0x20A0, 0x20CF),  # currency symbols (€)
    (0x2100, 0x214F),  # letterlike symbols (™, №)
)


@dataclass
class Repair:
    """The outcome of repairing a line or a text, and how many fixes it took."""

    text: str
    ftfy_lines: int = 0
    mojibake_spans: int = 0
    odd_spaces: int = 0

    @property
    def count(self) -> int:
        """Repairs of real encoding damage: lines ftfy fixed and mojibake spans decoded.

        Odd spaces (a no-break space, a thin space) are valid text that the
        cleaner only normalises; they are kept apart in ``odd_spaces`` and
        not counted. ``articles.repairs`` is read by the outlet assessment as
        evidence of careless republishing: on the demo, three posts whose only
        non-ASCII characters were no-break spaces counted as "needed encoding
        repairs", putting an outlet at 5 of 5 damaged articles instead of 2.
        """
        return self.ftfy_lines + self.mojibake_spans


def _plausible(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in PLAUSIBLE_RANGES)


def _utf8_length(lead: int) -> int:
    """Length of the UTF-8 sequence a lead byte announces (0 when not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _decode_run(run: str, codec: str) -> tuple[str, int]:
    """Decode the valid, plausible UTF-8 sequences hidden in one run of characters."""
    try:
        data = run.encode(codec)
    except UnicodeEncodeError:
        return run, 0
    # Single-byte codec: byte i is character i, so unmatched bytes map back.
    out: list[str] = []
    fixed = 0
    i = 0
    while i < len(data):
        size = _utf8_length(data[i])
        if size and i + size <= len(data):
            try:
                char = data[i : i + size].decode("utf-8")
            except UnicodeDecodeError:
                char = ""
            if char and _plausible(char):
                out.append(char)
                fixed += 1
                i += size
                continue
        out.append(run[i])
        i += 1
    return "".join(out), fixed


def repair_mixed_mojibake(text: str, codec: str = MOJIBAKE_CODEC) -> tuple[str, int]:
    """Fix single-byte-codec mojibake span by span; returns (text, spans fixed)."""
    total = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal total
        repaired, fixed = _decode_run(match.group(0), codec)
        total += fixed
        return repaired

    return NON_ASCII_RUN.sub(fix, text), total


# Characters ftfy acts on: UTF-8 misread as Latin-1/Windows-1252 always shows
# a Latin-1 letter (â€™, Ã©), plus controls, ligatures, full-width forms,
# replacement characters and HTML entities.  Lines with only ASCII, curly
# quotes and dashes skip ftfy, which keeps cleaning fast on long paragraphs.
_NEEDS_FTFY = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\xff\ufb00-\ufb06\uff00-\uffef\ufffd\ud800-\udfff]|&"
)


def _ftfy_line(line: str) -> str:
    if not _NEEDS_FTFY.search(line):
        return line
    return ftfy.fix_text(line, uncurl_quotes=False, fix_line_breaks=False)


def normalise_spaces(text: str) -> tuple[str, int]:
    """Odd spaces become plain spaces and zero-width characters go; returns (text, count)."""
    text, spaced = ODD_SPACES.subn(" ", text)
    text, dropped = ZERO_WIDTH.subn("", text)
    return text, spaced + dropped


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, for any of \\n, \\r\\n or \\r breaks."""
    spans = []
    start = 0
    for brk in _LINE_BREAK.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return spans


def repair_line(line: str) -> Repair:
    """Repair one line; the result never contains a line break (ftfy may unescape one)."""
    fixed = _ftfy_line(line) if line else line
    changed = int(fixed != line)
    spans = 0
    for codec in FALLBACK_CODECS:
        fixed, found = repair_mixed_mojibake(fixed, codec)
        spans += found
    fixed = _LINE_BREAK.sub(" ", unicodedata.normalize("NFC", fixed))
    fixed, odd = normalise_spaces(fixed)
    return Repair(fixed, changed, spans, odd)


def repair_text(text: str) -> Repair:
    """Repair encoding damage line by line; line breaks become ``\\n``, lines stay one-to-one."""
    total = Repair("")
    lines = []
    for start, end in line_spans(text):
        fixed = repair_line(text[start:end])
        lines.append(fixed.text)
        total.ftfy_lines += fixed.ftfy_lines
        total.mojibake_spans += fixed.mojibake_spans
        total.odd_spaces += fixed.odd_spaces
    total.text = "\n".join(lines)
    return total
