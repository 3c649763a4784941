"""Requests to pay into an anonymous crypto wallet: spam on a news page.

A text rule of the cleaning stage, read by two later stages: the outlet
assessment counts such pages under ``spam`` (``assess.outlets``), and event
resolution gives them no corroboration (``resolve.events.spam_pages``). It
lives here, before both, so each stage only calls forward and the two views
agree on which pages are spam.
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
