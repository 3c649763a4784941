"""Spam pages: requests to pay into an anonymous crypto wallet, and the cleaner's spam blocks.

Text rules of the cleaning stage, read by later stages: the outlet assessment
counts such pages under ``spam`` (``assess.outlets``), event resolution gives
them no corroboration (``resolve.events.spam_pages``), disputes give them no
vote (``resolve.disputes``), and the ledger's ``contradiction_values`` view
quotes another outlet's passage before theirs (``SPAM_PAGE_SQL``). They live
here, before all of these, so each stage only reads from earlier ones and the
views agree on which pages are spam.
"""

from __future__ import annotations

import re

# A cryptocurrency address (Bitcoin legacy or bech32, Ethereum), or a line
# labelled as a wallet and followed by a long token: in a news page, a request
# to send money to an anonymous account is spam, whatever the story around it.
CRYPTO_ADDRESS = re.compile(r"\b(?:bc1[a-z0-9]{20,60}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40})\b")
LABELLED_WALLET = re.compile(r"\b(?:wallet|btc|bitcoin|eth|ethereum|usdt|crypto)(?: address)?\s*[:=]\s*\S{20,}", re.IGNORECASE)
SOLICIT = re.compile(r"\b(?:donate|donation|send|deposit|transfer|contribute)\b", re.IGNORECASE)
# What the ledger's SQL looks for before a text is read line by line.
WALLET_HINT = r"(?i)(wallet|bc1[a-z0-9]{20}|0x[0-9a-f]{40}|\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\b)"


def payment_solicitation(text: str) -> str | None:
    """The first line asking readers to send money to a crypto wallet, or None."""
    for line in text.splitlines():
        if LABELLED_WALLET.search(line) or (CRYPTO_ADDRESS.search(line) and SOLICIT.search(text)):
            return " ".join(line.split())
    return None


# The cleaner's reasons for a commercial spam block it removed from a page (clean/boilerplate.py,
# clean/cleaner.py): a page carrying one is spam.
SPAM_BLOCK_REASONS = ("spam-offer", "featured-post")


def _per_line(pattern: str) -> str:
    """The pattern for a whole text, not one line: its blanks may not cross a line break."""
    return pattern.replace(r"\s*", r"[^\S\n]*")


# The same test as :func:`payment_solicitation` or a removed spam block, as a SQL condition on a
# row of ``articles`` (alias ``a``), for views. RE2 has the syntax these patterns use.
SPAM_PAGE_SQL = (
    "(EXISTS (SELECT 1 FROM removed_lines rl WHERE rl.article_id = a.article_id AND rl.reason IN ("
    + ", ".join(f"'{r}'" for r in SPAM_BLOCK_REASONS) + ")) "
    + f"OR regexp_matches(coalesce(a.text, ''), '(?i){_per_line(LABELLED_WALLET.pattern)}') "
    + f"OR (regexp_matches(coalesce(a.text, ''), '{CRYPTO_ADDRESS.pattern}') "
    + f"AND regexp_matches(coalesce(a.text, ''), '(?i){SOLICIT.pattern}')))"
)
