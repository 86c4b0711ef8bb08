"""Emails about accounts, sent by the worker: the password reset link.

The task takes a user id and makes the token itself, so that no token ever sits in the queue.
"""

from __future__ import annotations

import structlog

from hustings.auth.models import User
from hustings.auth.resets import MAX_AGE_SECONDS, issue_token
from hustings.config import get_settings
from hustings.db import session_scope
from hustings.jobs.queue import huey
from hustings.notify.base import DeliveryFailed, Message
from hustings.notify.email import EmailNotifier
from hustings.web.i18n import Language, current_language, localise_path, set_language
from hustings.web.i18n import gettext as _

log = structlog.get_logger()


def reset_message(user: User, token: str) -> Message:
    """The reset email, in the current language (the caller sets the user's)."""
    link = get_settings().base_url.rstrip("/") + localise_path(
        f"/reset-password/{token}", current_language()
    )
    minutes = MAX_AGE_SECONDS // 60
    text = "\n\n".join(
        [
            _("Hello %(name)s,", name=user.full_name),
            _("Someone asked to reset the password for your Hustings account."),
            _(
                "To choose a new password, open this link within %(minutes)s minutes:",
                minutes=minutes,
            )
            + f"\n{link}",
            _(
                "The link works once. If you did not ask for it, you can ignore this email: "
                "your password has not changed."
            ),
            _("Hustings"),
        ]
    )
    return Message(to=user.email, subject=_("Reset your Hustings password"), text=text)


@huey.task(retries=3, retry_delay=60)
def send_password_reset(user_id: int) -> None:
    """Issue a fresh reset link for the user and email it in their language."""
    previous = current_language()
    try:
        with session_scope() as session:
            user = session.get(User, user_id)
            if user is None or not user.is_active:
                return
            token = issue_token(session=session, user=user)
            language: Language = "cy" if user.preferred_language == "cy" else "en"
            set_language(language)
            message = reset_message(user, token)
        try:
            EmailNotifier().send(message)
        except DeliveryFailed as failure:
            log.warning("reset_email_failed", user_id=user_id, permanent=failure.permanent)
            if not failure.permanent:
                raise
            return
        log.info("reset_email_sent", user_id=user_id)
    finally:
        set_language(previous)
