"""Finished GET responses remembered for the life of the data version (page database) they were read from.

Why: a page depends only on its URL and on the snapshot (the ledger's data
at one moment), and readers of a newsroom open the same few stories at
once. With 20 concurrent readers on 2 busy cores the pages spent their time
waiting for the CPU to render what another request had just rendered
(bench_web.py, docs/BENCHMARKS.md). A response is kept in the snapshot's
memo (least recently used first out, bounded in bytes: ``MEMO_BYTES``), so
it is forgotten as soon as the file changes or a review is recorded; only 200 answers to GET requests without a body are kept, and
never the static files or ``/docs`` (served from disk anyway).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.store.db import StoreError
from newsledger.web.snapshot import Snapshots

SKIPPED_PREFIXES = ("/static", "/docs", "/openapi.json")
MAX_BODY = 2_000_000  # larger answers (a whole CSV) are not kept


class PageCache:
    """Pure ASGI middleware: replay a remembered response, else run the app and remember a 200."""

    def __init__(self, app: ASGIApp, snapshots: Snapshots):
        self.app = app
        self.snapshots = snapshots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(SKIPPED_PREFIXES):
            await self.app(scope, receive, send)
            return
        accept = dict(scope["headers"]).get(b"accept", b"")
        key = ("response", scope["path"], scope["query_string"], b"text/html" in accept)
        try:
            snapshot = self.snapshots.get()
        except StoreError:  # the ledger cannot be read: the app answers (503) as it would without a cache
            await self.app(scope, receive, send)
            return
        cached = snapshot.memo.get(key)
        if cached is not None:
            for message in cached:
                await send(dict(message))
            return
        messages: list[Message] = []
        size = 0

        async def capture(message: Message) -> None:
            nonlocal size
            messages.append(message)
            if message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if messages and messages[0].get("status") == 200 and size <= MAX_BODY:
            # Kept with the version read before the app ran: if the file changed meanwhile, that one is already retired.
            snapshot.memo.put(key, messages, size + 1024)
