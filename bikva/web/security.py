"""What every response and request goes through: strict headers, a cap on request bodies, and
the CSRF token checked on every POST.

The Content-Security-Policy allows only the app's own files: no inline script or style, no
other origin, no framing. Uploads are capped before they are read, and Starlette's multipart
parser keeps a file up to that cap in memory, so an uploaded transcript (personal data) is never
spooled to the system's temporary folder; the app keeps it inside the evaluation folder
(bikva/web/uploads.py) until it is imported or cancelled.
"""

from __future__ import annotations

from starlette.formparsers import MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bikva.intake.importers.dispatch import MAX_FILE_MB

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
])
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# A transcript may be MAX_FILE_MB; the rest of a form is small.
MAX_BODY = (MAX_FILE_MB + 1) * 1024 * 1024
MultiPartParser.spool_max_size = MAX_BODY  # never spill an upload to /tmp (see the docstring)


class Guard:
    """ASGI middleware: the headers on every response (pages uncached: they hold personal data),
    and a request body over MAX_BODY refused with 413 before it is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _plain(send, 413)
            return
        static = "/static/" in scope.get("path", "")
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise ValueError("request body too large")
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"cache-control"]
                headers += HEADERS
                headers.append((b"cache-control", b"private, max-age=3600" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, counted, with_headers)


async def _plain(send: Send, status: int) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"), *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
