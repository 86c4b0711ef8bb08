"""Browser sessions: a signed cookie naming the user, their session epoch and sign-in stage.

The cookie is signed by Starlette's SessionMiddleware (itsdangerous). Bumping a user's
`session_epoch` (password change, sign out everywhere, deactivation) ends all their sessions.
A session is only 'signed in' once any second factor the role needs has been given.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.config import get_settings
from hustings.db import utcnow

USER_KEY = "uid"
EPOCH_KEY = "epoch"
STAGE_KEY = "stage"
SIGNED_AT_KEY = "signed_at"
STAGE_COMPLETE = "complete"
STAGE_NEEDS_SECOND_FACTOR = "second_factor"
STAGE_NEEDS_ENROLMENT = "enrol_second_factor"
_UNSET = object()


def _session_user(request: Request, db: Session) -> User | None:
    user_id = request.session.get(USER_KEY)
    if not isinstance(user_id, int):
        return None
    user = db.get(User, user_id)
    if user is None or not user.is_active or user.session_epoch != request.session.get(EPOCH_KEY):
        request.session.clear()
        return None
    signed_at = request.session.get(SIGNED_AT_KEY)
    max_age = timedelta(hours=get_settings().session_max_age_hours)
    if not isinstance(signed_at, (int, float)) or utcnow().timestamp() - signed_at > (
        max_age.total_seconds()
    ):
        request.session.clear()
        return None
    return user


def current_user(request: Request, db: Session) -> User | None:
    """The fully signed-in user of this request, or None. Cached on request.state."""
    cached = getattr(request.state, "user", _UNSET)
    if cached is not _UNSET:
        return cached if isinstance(cached, User) else None
    user = _session_user(request, db)
    if user is not None and request.session.get(STAGE_KEY) != STAGE_COMPLETE:
        user = None
    request.state.user = user
    # Kept apart from the ORM object: an error page renders after the request's session has
    # rolled back (expiring the user), and the menu still needs the role.
    request.state.user_role = user.role.value if user is not None else None
    return user


def pending_user(request: Request, db: Session, stage: str) -> User | None:
    """A user who has given their password but still owes the second-factor `stage`."""
    user = _session_user(request, db)
    if user is None or request.session.get(STAGE_KEY) != stage:
        return None
    return user


def start_session(request: Request, user: User, stage: str) -> None:
    """Begin a fresh session (a new cookie value, so a planted one cannot be reused)."""
    csrf = request.session.get("csrf")
    request.session.clear()
    if csrf:
        request.session["csrf"] = csrf
    request.session[USER_KEY] = user.id
    request.session[EPOCH_KEY] = user.session_epoch
    request.session[STAGE_KEY] = stage
    request.session[SIGNED_AT_KEY] = utcnow().timestamp()
    request.state.user = user if stage == STAGE_COMPLETE else None
    request.state.user_role = user.role.value if stage == STAGE_COMPLETE else None


def end_session(request: Request) -> None:
    request.session.clear()
    request.state.user = None
    request.state.user_role = None
