"""Cleaning: encoding repair, explained boilerplate removal, HTML extraction, text headers."""

from newsledger.clean.boilerplate import line_key, variant_key
from newsledger.clean.cleaner import CleanResult, clean_text
from newsledger.clean.html import HtmlExtract, extract_html
from newsledger.clean.textmeta import TextMeta, sniff_text

__all__ = [
    "CleanResult",
    "HtmlExtract",
    "TextMeta",
    "clean_text",
    "extract_html",
    "line_key",
    "sniff_text",
    "variant_key",
]
