"""The exchange's page for members: how fast signals help, per pair of platforms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from hustings import writebehind
from hustings.auth.access import allow_roles
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.db import get_db
from hustings.exchange import lag
from hustings.exchange.chart import lag_chart
from hustings.exchange.taxii_api import router as taxii_router
from hustings.web.i18n import gettext as _
from hustings.web.templating import render

router = APIRouter()
# The TAXII server is mounted here: the app includes each domain's api and views routers,
# and the exchange API's router carries the /api/v1/exchange prefix.
router.include_router(taxii_router)
Member = Annotated[User, allow_roles(Role.PLATFORM_MEMBER, Role.COORDINATOR, Role.ADMIN)]


def duration(seconds: float | None) -> str:
    """Seconds as a person reads them: "0.4 s", "3 min", "2.5 h"."""
    if seconds is None:
        return "–"
    if seconds < 60:
        return _("%(n)s s") % {"n": f"{seconds:.1f}"}
    if seconds < 3600:
        return _("%(n)s min") % {"n": f"{seconds / 60:.1f}"}
    return _("%(n)s h") % {"n": f"{seconds / 3600:.1f}"}


@router.get("/exchange/lag", response_class=HTMLResponse)
def lag_page(
    request: Request, user: Member, db: Annotated[Session, Depends(get_db)]
) -> HTMLResponse:
    """Median and 90th percentile time from one platform's action to another's match and action."""
    db.commit()  # release SQLite's write lock (the sign-in check) before writing behind
    writebehind.flush()  # include this process's latest matches
    pairs = lag.pair_lags(db)
    db.commit()  # end the read before rendering (SQLite: it holds the write lock)
    chart = lag_chart(
        pairs,
        median_label=_("Median"),
        p90_label=_("90th percentile"),
        axis_label=_("Seconds from the source's action to the first match"),
    )
    return render(
        request, "exchange/lag.html", {"pairs": pairs, "chart": chart, "duration": duration}
    )
