"""What keeps hostile scraped content and hostile web pages away from the reader and the ledger.

Every article, title and outlet name in a ledger came from the open web, so
the app treats all of it as data, never as markup or code:

* templates auto-escape (Jinja2 ``autoescape``); no HTML is built by string
  concatenation;
* a Content-Security-Policy allows scripts and styles only from the app's own
  ``/static`` files (``script-src 'self'``): an injected ``<script>`` or
  ``onerror=`` attribute would not run even if escaping failed;
* a Host-header allowlist: a page on another site that rebinds its DNS name
  to 127.0.0.1 (DNS rebinding) reaches the app with its own name in ``Host``
  and is refused;
* writes (reviews) need the token given at ``serve`` time, compared in
  constant time, and are refused when the browser says the request comes
  from another site (``Origin`` / ``Sec-Fetch-Site``), so a page elsewhere
  cannot make a reviewer's browser post a decision.
"""

from __future__ import annotations

import hmac
import os
from typing import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_ENV = "NEWSLEDGER_WEB_TOKEN"

# Scripts and styles only from /static; no inline script; forms post only here; no framing.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# Swagger UI sets element styles from its own script; its script still comes only from /static.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts(bind_host: str, extra: Iterable[str] = ()) -> list[str]:
    """Host names the app answers to: loopback names, the address it listens on (unless a wildcard), and ``extra``."""
    hosts = list(LOCAL_HOSTS)
    if bind_host not in ("0.0.0.0", "::", ""):
        hosts.append(bind_host)
    hosts += [h.strip().lower() for h in extra if h.strip()]
    return list(dict.fromkeys(hosts))


def host_name(header: str) -> str:
    """The name part of a Host header ('example.org:8000' -> 'example.org'; '[::1]:80' -> '[::1]')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SecurityMiddleware:
    """Refuses unknown Host headers (400) and adds the CSP and hardening headers to every response.

    Pure ASGI (not ``BaseHTTPMiddleware``) so it adds nothing per request but
    a header scan, and streams pass through untouched.
    """

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app = app
        self.hosts = {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = host_name(Headers(scope=scope).get("host", ""))
        if host not in self.hosts:
            await _plain(send, 400, b"Invalid host header")
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", csp.encode()))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}  # a new dict: the page cache replays the original
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def resolve_token(token: str | None) -> str | None:
    """The write token: the one given to ``serve``, else ``$NEWSLEDGER_WEB_TOKEN``; None (read-only) when neither is set."""
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    return token.strip() if token and token.strip() else None


class WriteRefused(Exception):
    """A write request that must be refused: ``status`` and a one-line reason for the reviewer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def check_write(headers: Headers, expected: str | None, given: str | None) -> None:
    """Raise :class:`WriteRefused` unless writes are enabled, the request is same-origin and ``given`` is the token."""
    if expected is None:
        raise WriteRefused(403, "this server is read-only: start it with --token (or NEWSLEDGER_WEB_TOKEN) to record reviews")
    if cross_site(headers):
        raise WriteRefused(403, "cross-site request refused")
    if not given or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise WriteRefused(401, "missing or wrong review token")


def cross_site(headers: Headers) -> bool:
    """True when the browser says the request comes from a page of another origin.

    ``Sec-Fetch-Site`` (all current browsers) is trusted first; else an
    ``Origin`` header whose host differs from ``Host``. Requests without
    either (curl, scripts holding the token) are same-site by definition.
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


def bearer(headers: Headers) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header."""
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def safe_next(path: str | None, fallback: str = "/stories") -> str:
    """A redirect target only inside this app: a path starting with one '/', no scheme or host."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return fallback
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return fallback
    return path
