"""The one-stop guide for candidates: start page, matrix, platform, harm, police and self-protection
pages, and the printable guide pack. All public, all in Welsh at /cy/...

Every page reads the validated knowledge base through the service, so a fact shows the same
source, date and confirmation everywhere it appears.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hustings.auth.access import public
from hustings.policy import service
from hustings.policy.pdf import guide_pdf
from hustings.policy.presenting import guide_context
from hustings.web.errors import NotFound
from hustings.web.i18n import current_language
from hustings.web.i18n import gettext as _
from hustings.web.templating import render

router = APIRouter()


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    return render(request, f"policy/{template}", {**guide_context(), **context})


@router.get("/guide", response_class=HTMLResponse, dependencies=[public()])
def start(request: Request) -> HTMLResponse:
    """What to do now, and where everything else in the guide is."""
    return _render(request, "start.html")


@router.get("/guide/matrix", response_class=HTMLResponse, dependencies=[public()])
def matrix(request: Request) -> HTMLResponse:
    """Every harm against every platform: the rule, how to report, what to expect."""
    return _render(request, "matrix.html")


@router.get("/guide/platforms/{slug}", response_class=HTMLResponse, dependencies=[public()])
def platform_page(request: Request, slug: str) -> HTMLResponse:
    try:
        platform = service.platform(slug)
    except service.UnknownSlug as error:
        raise NotFound(_("The guide does not cover a platform with that name.")) from error
    return _render(request, "platform.html", platform=platform)


@router.get("/guide/harms/{slug}", response_class=HTMLResponse, dependencies=[public()])
def harm_page(request: Request, slug: str) -> HTMLResponse:
    try:
        harm = service.harm(slug)
    except service.UnknownSlug as error:
        raise NotFound(_("The guide does not cover a harm with that name.")) from error
    return _render(request, "harm.html", harm=harm)


@router.get("/guide/police", response_class=HTMLResponse, dependencies=[public()])
def police(request: Request) -> HTMLResponse:
    """Is it a crime? When to call the police."""
    return _render(request, "police.html")


@router.get("/guide/protect-yourself", response_class=HTMLResponse, dependencies=[public()])
def protect_yourself(request: Request) -> HTMLResponse:
    """Keeping evidence, checking what is public about you, staying safe when canvassing."""
    return _render(request, "protect.html")


@router.get(
    "/guide.pdf",
    dependencies=[public()],
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The guide pack."}},
)
def guide_pack(request: Request) -> Response:
    """The printable guide pack, in the page's language (/cy/guide.pdf for Welsh)."""
    language = current_language()
    filename = "hustings-guide-cy.pdf" if language == "cy" else "hustings-guide.pdf"
    return Response(
        guide_pdf(language),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "public, max-age=3600",
        },
    )
