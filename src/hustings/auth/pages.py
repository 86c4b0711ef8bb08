"""Pages shared by the sign-in steps and the account pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from hustings.auth import second_factor as totp
from hustings.auth.forms import error_list
from hustings.auth.models import User
from hustings.auth.roles import MFA_OPTIONAL_ROLES
from hustings.web.i18n import gettext as _
from hustings.web.templating import render


def set_up_page(
    request: Request,
    db: Session,
    user: User,
    *,
    action: str,
    cancel: str | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The QR code and the written-out secret, with a box for the first code."""
    secret = totp.pending_secret(session=db, user=user)
    db.commit()
    label = _("QR code to add Hustings to your authenticator app")
    return render(
        request,
        "auth/set_up_second_factor.html",
        {
            "qr": totp.qr_svg(totp.provisioning_uri(user, secret), label),
            "secret": totp.grouped(secret),
            "action": action,
            "cancel": cancel,
            "required": user.role not in MFA_OPTIONAL_ROLES,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=status_code,
        headers={"cache-control": "no-store"},
    )
