"""CSRF protection for every HTML form: a per-session token checked on each unsafe request."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from markupsafe import Markup

from hustings.web.errors import CsrfFailed

SESSION_KEY = "csrf"
FIELD_NAME = "csrf_token"
HEADER_NAME = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return str(token)


def csrf_input(request: Request) -> Markup:
    """The hidden field every POST form carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD_NAME, csrf_token(request)
    )


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or header does not match the session token.

    Requests authenticated by API key carry no session cookie and are not at risk of CSRF;
    they never reach this check because API routes do not use it.
    """
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER_NAME)
    if sent is None:
        form = await request.form()
        value = form.get(FIELD_NAME)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfFailed()
