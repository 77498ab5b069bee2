"""Who is asking, what they may do, and the headers and tokens that keep hostile text inert.

- Every response carries a strict Content-Security-Policy (no inline script, nothing from
  outside this origin), nosniff, and frame-ancestors 'none'.
- Every write (POST) must carry the CSRF token of the browser's session: the login session's
  token in multi-user mode, else an HMAC of a random per-browser cookie.
- Single-user mode has one implicit user, `local`, with every role.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from veille.store import Store
from veille.store.accounts import role_allows, session_user

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
CLIENT_COOKIE = "veille_client"
SESSION_COOKIE = "veille_session"
LOCAL_USER = "local"


@dataclass(frozen=True)
class Viewer:
    """The person behind a request; `name` goes into the audit log."""

    name: str
    role: str

    def may(self, needed: str) -> bool:
        return role_allows(self.role, needed)


class Guard(BaseHTTPMiddleware):
    """Identify the viewer, hand out the CSRF token, and set the security headers."""

    def __init__(self, app, store: Store, secret: bytes, multi_user: bool) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.store, self.secret, self.multi_user = store, secret, multi_user

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        client = request.cookies.get(CLIENT_COOKIE) or ""
        fresh_client = len(client) < 32
        if fresh_client:
            client = secrets.token_urlsafe(32)
        request.state.csrf = hmac.new(self.secret, client.encode(), hashlib.sha256).hexdigest()
        request.state.viewer = Viewer(LOCAL_USER, "admin") if not self.multi_user else None
        token = request.cookies.get(SESSION_COOKIE)
        if self.multi_user and token:
            with self.store.session() as session:
                found = session_user(session, token)
                if found is not None:
                    user, csrf = found
                    request.state.viewer = Viewer(user.name, user.role)
                    request.state.csrf = csrf
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=3600"
        else:
            response.headers.setdefault("Cache-Control", "no-store")
        if fresh_client:
            response.set_cookie(CLIENT_COOKIE, client, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response


def viewer(request: Request) -> Viewer:
    """The signed-in viewer; in multi-user mode an anonymous request is sent to the login."""
    found: Viewer | None = request.state.viewer
    if found is None:
        if request.url.path.startswith("/api/"):
            raise HTTPException(401, "sign in first")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(303, headers={"Location": f"/login?next={_quote(target)}"})
    return found


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


def require(role: str):  # type: ignore[no-untyped-def]
    """A dependency: the viewer must hold at least `role`."""

    def check(request: Request) -> Viewer:
        found = viewer(request)
        if not found.may(role):
            raise HTTPException(403, f"this needs the {role} role")
        return found

    return check


async def check_csrf(request: Request) -> None:
    """A dependency for every write: same origin, and the token of this browser's session."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host", ""):
            raise HTTPException(403, "cross-origin write refused")
    elif origin == "null":
        raise HTTPException(403, "cross-origin write refused")
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, request.state.csrf):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page and try again")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
