"""Errors reported by the readers, and the limits they enforce."""

from __future__ import annotations

import errno
import gzip
import zlib
from dataclasses import dataclass

# One article is never this big; anything larger is an archive or a mistake.
DEFAULT_MAX_BYTES = 20_000_000


@dataclass
class IngestError:
    """An input (or one record of it) that could not become a document, or a later stage's problem with an article.

    Yielded in the document stream instead of raised, so one bad file among
    100k never stops an ingest run; ``str(err)`` is a single log line.
    ``warning`` marks a problem with a document that was still stored (an
    unreadable date): reported and kept, but the run did not fail. The same
    record carries the problems of later stages (``stage`` 'analyse' or
    'stories', with the ``article_id``): it is kept as one row of
    ``ingest_errors``, never as a string to be split again.
    """

    origin: str
    reason: str
    warning: bool = False
    stage: str = "read"
    article_id: str | None = None

    def __str__(self) -> str:
        return " ".join(f"{self.origin}: {self.reason}".splitlines())


class Refused(Exception):
    """Raised inside a reader when a whole input must be refused; the reason is the message."""


def megabytes(n: int) -> str:
    """Human size for messages: whole MB for big sizes, one decimal near the limit."""
    mb = n / 1_000_000
    return f"{mb:.0f} MB" if mb >= 100 or mb == int(mb) else f"{mb:.1f} MB"


def too_large(size: int, limit: int) -> str:
    return f"too large for one article ({megabytes(size)} > {megabytes(limit)} limit)"


def over_limit(limit: int) -> str:
    """For streams whose full size is unknown because we stopped reading at the limit."""
    return f"too large for one article (over the {megabytes(limit)} limit)"


_ERRNO_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ELOOP: "too many levels of symbolic links",
}


def reason_for(exc: BaseException) -> str:
    """A short, stable reason for the exceptions reading a file can raise."""
    if isinstance(exc, Refused):
        return str(exc)
    if isinstance(exc, EOFError):
        return "truncated gzip stream"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip stream ({exc})"
    if isinstance(exc, UnicodeError):
        return f"undecodable bytes ({exc})"
    if isinstance(exc, OSError):
        return _ERRNO_REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    return str(exc)
