"""Readers: turn files, directories and stdin in any common news format into ``RawDocument`` records.

Readers stream (one record at a time) and never clean or extract HTML; bad
inputs become :class:`IngestError` items in the stream instead of exceptions.
"""

from .errors import DEFAULT_MAX_BYTES, IngestError
from .fields import parse_field_map
from .readers import format_of, iter_documents, sniff_format

__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "format_of", "iter_documents", "parse_field_map", "sniff_format"]
