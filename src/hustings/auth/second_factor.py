"""The second factor: time-based one-time codes (TOTP, RFC 6238) with pyotp.

A code is accepted one 30-second step either side of now (clock drift), and each step is
accepted once only: the step of the last accepted code is stored, and a code from that step or
an earlier one is refused, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import re
import time
from enum import StrEnum

import pyotp
import qrcode
import qrcode.image.svg
from markupsafe import Markup
from sqlalchemy import column, or_, select, table, update
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.models import User
from hustings.auth.passwords import verify_password
from hustings.auth.roles import MFA_OPTIONAL_ROLES
from hustings.auth.rules import AccountError
from hustings.auth.sealing import reseal
from hustings.web.i18n import gettext as _

ISSUER = "Hustings"
VALID_WINDOW = 1
_CODE = re.compile(r"^\d{6}$")


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    REUSED = "reused"
    MALFORMED = "malformed"


def clean_code(code: str) -> str:
    """People type codes with spaces or hyphens ('123 456'); ignore them."""
    return re.sub(r"[\s-]", "", code)


def code_problem(code: str, result: CodeCheck) -> str | None:
    """The message for a refused code; None when it was accepted."""
    if result == CodeCheck.OK:
        return None
    if result == CodeCheck.MALFORMED:
        if not code.strip():
            return _("Enter the 6-digit code from your authenticator app")
        return _("The code must be 6 digits, like 123456")
    if result == CodeCheck.REUSED:
        return _("This code has already been used. Wait for your app to show a new code")
    return _("The code is not correct. Check the code in your app and try again")


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    for offset in (0, -1, 1)[: 2 * VALID_WINDOW + 1]:
        moment = now + offset * totp.interval
        if totp.verify(code, for_time=moment):
            return totp.timecode(moment)
    return None


def _claim_step(session: Session, user: User, step: int) -> bool:
    """Record `step` as used unless it (or a later one) already was; atomic across requests."""
    claimed = session.execute(
        update(User)
        .where(User.id == user.id)
        .where(or_(User.totp_last_counter.is_(None), User.totp_last_counter < step))
        .values(totp_last_counter=step)
        .execution_options(synchronize_session=False)
    )
    session.refresh(user, ["totp_last_counter"])
    return bool(getattr(claimed, "rowcount", 0))


def check_code(
    *, session: Session, user: User, code: str, secret: str | None = None, now: float | None = None
) -> CodeCheck:
    """Check a code against the user's secret (or `secret`, while setting one up)."""
    code = clean_code(code)
    secret = secret or user.totp_secret
    if secret is None or not _CODE.match(code):
        return CodeCheck.MALFORMED
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None:
        return CodeCheck.WRONG
    if not _claim_step(session, user, step):
        return CodeCheck.REUSED
    return CodeCheck.OK


def pending_secret(*, session: Session, user: User) -> str:
    """The secret being set up: made once, kept until confirmed, so a reload shows the same QR."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = pyotp.random_base32()
        session.flush()
    return user.totp_pending_secret


def confirm_enrolment(
    *, session: Session, user: User, code: str, now: float | None = None
) -> CodeCheck:
    """Turn the pending secret on once the person proves their app shows the right codes."""
    secret = pending_secret(session=session, user=user)
    result = check_code(session=session, user=user, code=code, secret=secret, now=now)
    if result != CodeCheck.OK:
        return result
    user.totp_secret = secret
    user.totp_pending_secret = None
    session.flush()
    record(
        session=session,
        actor=f"user:{user.id}",
        action="auth.totp_enrol",
        subject_type="user",
        subject_id=user.id,
    )
    return result


def turn_off(*, session: Session, user: User, password: str) -> None:
    """Candidates and their staff may turn the second factor off, with their password."""
    if user.role not in MFA_OPTIONAL_ROLES:
        raise AccountError.one("password", _("Your role must use a second factor"))
    if not password:
        raise AccountError.one("password", _("Enter your password"))
    if not verify_password(password, user.password_hash):
        raise AccountError.one("password", _("Your password is not correct"))
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_counter = None
    session.flush()
    record(
        session=session,
        actor=f"user:{user.id}",
        action="auth.totp_remove",
        subject_type="user",
        subject_id=user.id,
    )


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, label: str) -> Markup:
    """An inline SVG QR code (no external image, no inline style: the CSP stays strict)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg: str = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg role="img" focusable="false" class="hustings-qr" ', 1)
    title = Markup("<title>{}</title>").format(label)
    head, _sep, rest = svg.partition(">")
    return Markup(f"{head}>{title}{rest}")  # noqa: S704 - qrcode's own markup plus escaped title


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def reset(*, session: Session, user: User, actor: str) -> str | None:
    """After a lost phone: roles that need a second factor get a new secret (returned, to be
    handed over in person), the others none; every session of theirs ends."""
    user.totp_secret = None if user.role in MFA_OPTIONAL_ROLES else pyotp.random_base32()
    user.totp_pending_secret = None
    user.totp_last_counter = None
    user.session_epoch += 1
    session.flush()
    record(
        session=session,
        actor=actor,
        action="auth.totp_reset",
        subject_type="user",
        subject_id=user.id,
    )
    return user.totp_secret


def reseal_all(*, session: Session, actor: str) -> int:
    """Seal every stored seed under the current secret key (after rotating it); returns how
    many users' seeds were sealed again. Reads the sealed values as they are stored."""
    users = table("users", column("id"), column("totp_secret"), column("totp_pending_secret"))
    count = 0
    for user_id, current, pending in session.execute(
        select(users.c.id, users.c.totp_secret, users.c.totp_pending_secret)
    ).all():
        if current is None and pending is None:
            continue
        session.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(
                totp_secret=None if current is None else reseal(current),
                totp_pending_secret=None if pending is None else reseal(pending),
            )
        )
        count += 1
    record(
        session=session,
        actor=actor,
        action="auth.totp_reseal",
        subject_type="users",
        subject_id="all",
        details={"count": count},
    )
    return count
