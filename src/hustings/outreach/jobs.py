"""Invitation emails and reminders, sent by the worker.

Tasks take person ids and make the secret themselves, so no link ever sits in the queue. A
refused recipient (SMTP 5xx) marks the invitation and the person bounced; a passing failure
is retried by huey with a fresh link (the earlier one is superseded and never delivered).
"""

from __future__ import annotations

import structlog
from sqlalchemy.orm import Session

from hustings.config import get_settings
from hustings.db import session_scope
from hustings.jobs.queue import huey
from hustings.notify.base import DeliveryFailed, Message
from hustings.notify.email import EmailNotifier
from hustings.outreach import service
from hustings.outreach.labels import describe_person
from hustings.outreach.models import Channel, Person
from hustings.web.i18n import Language, current_language, localise_path, set_language
from hustings.web.i18n import gettext as _

log = structlog.get_logger()


def _link(path: str) -> str:
    return get_settings().base_url.rstrip("/") + localise_path(path, current_language())


def invitation_message(person: Person, secret: str, *, reminder: bool) -> Message:
    """The invitation email, in the current language (the caller sets the person's)."""
    assert person.email is not None
    paragraphs = [
        _("Hello %(name)s,", name=person.full_name),
        _(
            "You are on the Hustings list as %(what)s. Hustings helps candidates, agents and "
            "electoral staff deal with abuse online: it explains what breaks each platform's "
            "rules, how to report it and when to call the police, and sends reports to the "
            "platforms for you.",
            what=describe_person(person),
        ),
        _("Read the guide:")
        + f"\n{_link('/guide')}\n"
        + _("Printable guide (PDF):")
        + f"\n{_link('/guide.pdf')}",
        _(
            "To sign in to Hustings and set up your account, open this link within "
            "%(days)s days. It works once:",
            days=service.EMAIL_LINK_DAYS,
        )
        + f"\n{_link(f'/invitation/{secret}')}",
        _("If you are in immediate danger, call 999."),
        _("Hustings"),
    ]
    if reminder:
        paragraphs.insert(1, _("This is a reminder: we have not seen you on Hustings yet."))
    subject = (
        _("Reminder: your invitation to Hustings")
        if reminder
        else _("Your invitation to Hustings, and the guide to staying safe online")
    )
    return Message(to=person.email, subject=subject, text="\n\n".join(paragraphs))


def acknowledgement_message(person: Person) -> Message:
    assert person.email is not None
    text = "\n\n".join(
        [
            _("Hello %(name)s,", name=person.full_name),
            _(
                "Thank you for signing in to Hustings. Please read the guide and tell us you "
                "have read it, so that your party or electoral office knows you have it:"
            )
            + f"\n{_link('/outreach/acknowledge')}",
            _("Hustings"),
        ]
    )
    return Message(to=person.email, subject=_("Please read the Hustings guide"), text=text)


def _language_of(person: Person) -> Language:
    return "cy" if person.language == "cy" else "en"


def deliver_invitation(*, session: Session, person: Person, actor: str, reminder: bool) -> bool:
    """Issue a link and email it now; False when the address refused it (bounced).

    The caller owns the transaction: the invitation and its outcome are committed together.
    """
    issued = service.issue_invitation(
        session=session, person=person, channel=Channel.EMAIL, actor=actor, reminder=reminder
    )
    previous = current_language()
    set_language(_language_of(person))
    try:
        message = invitation_message(person, issued.secret, reminder=reminder)
    finally:
        set_language(previous)
    try:
        EmailNotifier().send(message)
    except DeliveryFailed as failure:
        log.warning("invitation_email_failed", person_id=person.id, permanent=failure.permanent)
        if not failure.permanent:
            raise
        service.mark_bounced(session=session, invitation=issued.invitation)
        return False
    service.mark_sent(session=session, invitation=issued.invitation)
    log.info("invitation_email_sent", person_id=person.id, reminder=reminder)
    return True


@huey.task(retries=3, retry_delay=120)
def send_invitation(person_id: int, actor: str = "system", reminder: bool = False) -> None:
    """Email one person a fresh invitation (people without an address get letters instead)."""
    with session_scope() as session:
        person = session.get(Person, person_id)
        if person is None or not person.email:
            return
        deliver_invitation(session=session, person=person, actor=actor, reminder=reminder)


@huey.task(retries=3, retry_delay=120)
def send_acknowledgement_nudge(person_id: int) -> None:
    with session_scope() as session:
        person = session.get(Person, person_id)
        if person is None or not person.email or person.acknowledged_at is not None:
            return
        previous = current_language()
        set_language(_language_of(person))
        try:
            message = acknowledgement_message(person)
        finally:
            set_language(previous)
        try:
            EmailNotifier().send(message)
        except DeliveryFailed as failure:
            if not failure.permanent:
                raise
            return
        person.reminders_sent += 1
        person.last_reminded_at = service.utcnow()


def send_reminders() -> int:
    """Daily: remind people who have not signed in (fresh link) or not acknowledged the guide.

    Returns how many reminders were queued. Each person gets at most MAX_REMINDERS, a week
    apart.
    """
    with session_scope() as session:
        invite_again = service.due_reminders(session=session)
        nudge = service.due_acknowledgement_nudges(session=session)
    for person_id in invite_again:
        send_invitation(person_id, "system", True)
    for person_id in nudge:
        send_acknowledgement_nudge(person_id)
    log.info("outreach_reminders", invitations=len(invite_again), nudges=len(nudge))
    return len(invite_again) + len(nudge)
