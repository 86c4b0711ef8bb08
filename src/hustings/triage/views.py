"""The public "Check a message" page: paste text or upload a screenshot, get a verdict in plain
words, with the platform rules, possible offences and next steps.

Public because candidates may not have an account; rate-limited per address because scoring
and OCR cost CPU. Nothing typed or uploaded here is stored or logged.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from hustings.auth.access import public
from hustings.auth.forms import PostedForm
from hustings.policy import service as policy
from hustings.triage.labels import HARM_SLUGS, Label, Severity
from hustings.triage.ocr import MAX_BYTES, UnreadableImage, text_from_image
from hustings.triage.schemas import MAX_TEXT_CHARS, TriageInput, TriageResult
from hustings.triage.service import triage_inputs
from hustings.web import ratelimit
from hustings.web.i18n import current_language, gettext, lazy_gettext
from hustings.web.templating import render

router = APIRouter()

CHECK_LIMIT = "30/minute"
OCR_LIMIT = "10/minute"

LABEL_TEXT = {
    Label.THREAT: lazy_gettext("a threat of violence or serious harm"),
    Label.HARASSMENT: lazy_gettext("personal abuse or harassment"),
    Label.HATE: lazy_gettext(
        "hate aimed at who someone is (race, religion, sex, sexuality, disability or gender "
        "identity)"
    ),
    Label.SEXUAL_HARASSMENT: lazy_gettext("sexual harassment"),
    Label.PRIVATE_INFORMATION: lazy_gettext(
        "private information, such as a home address or phone number"
    ),
    Label.INTIMIDATION: lazy_gettext(
        "intimidation: trying to frighten you out of standing or speaking"
    ),
}
SEVERITY_TEXT = {
    Severity.NONE: lazy_gettext(
        "This does not look like abuse. It may be rude or robust, but strong criticism of "
        "politicians is part of democracy."
    ),
    Severity.PLATFORM_VIOLATION: lazy_gettext(
        "This looks like abuse that breaks the platform's rules. Report it to the platform."
    ),
    Severity.POSSIBLE_CRIME: lazy_gettext(
        "This may be a crime. Keep a record, report it to the platform and to the police on 101 "
        "or your force's online form."
    ),
    Severity.URGENT: lazy_gettext(
        "This reads as a credible threat to life or of immediate harm. If you or anyone else is "
        "in danger now, call 999."
    ),
}
OTHER_PLATFORM = "other"


def _platform_names() -> dict[str, str]:
    """Platform slug -> name in the page's language, from the knowledge base, plus "other"."""
    language = current_language()
    names = {p.slug: p.name.get(language) for p in policy.platforms()}
    names[OTHER_PLATFORM] = gettext("Another website or app")
    return names


def _next_steps(result: TriageResult, platform: str) -> list[dict[str, Any]]:
    """How to report it on each platform (or the one chosen), from the knowledge base."""
    if not result.labels:
        return []
    language = current_language()
    harm = HARM_SLUGS[result.labels[0]]
    chosen = [platform] if platform and platform != OTHER_PLATFORM else []
    steps = []
    for item in policy.platforms():
        if chosen and item.slug not in chosen:
            continue
        routes = policy.reporting_routes(item.slug, harm)
        if not routes:
            continue
        route = next((r for r in routes if r.confirmed), routes[0])
        steps.append(
            {
                "platform": item.name.get(language),
                "route": route.name.get(language),
                "steps": [step.get(language) for step in route.steps],
                "url": str(route.url) if route.url else None,
            }
        )
    return steps


def _form(request: Request, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {"platforms": _platform_names(), "values": {}, "errors": []}
    context.update(extra)
    status = 400 if context["errors"] else 200
    return render(request, "triage/check.html", context, status_code=status)


@router.get("/check", response_class=HTMLResponse, dependencies=[public()])
def check_form(request: Request) -> HTMLResponse:
    return _form(request)


def _client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/check", response_class=HTMLResponse, dependencies=[public()])
def check_message(request: Request, form: PostedForm) -> HTMLResponse:
    # A plain def: the rate limits (Redis I/O when configured), OCR and scoring all run in a
    # worker thread, never on the event loop.
    ratelimit.enforce(CHECK_LIMIT, "triage-check", _client_key(request))
    message = str(form.get("message") or "").strip()
    platform = str(form.get("platform") or "")
    platform = platform if platform in _platform_names() else ""
    upload = form.get("screenshot")
    values = {"message": message, "platform": platform}
    errors: list[dict[str, str]] = []
    from_screenshot = False
    if isinstance(upload, UploadFile) and upload.filename:
        ratelimit.enforce(OCR_LIMIT, "triage-ocr", _client_key(request))
        data = upload.file.read(MAX_BYTES + 1)
        try:
            read = text_from_image(data)
        except UnreadableImage:
            errors.append(
                {
                    "text": str(
                        lazy_gettext(
                            "The screenshot must be a PNG, JPEG, WebP or GIF image smaller than 8 "
                            "MB"
                        )
                    ),
                    "href": "#screenshot",
                }
            )
        else:
            if not read:
                errors.append(
                    {
                        "text": str(
                            lazy_gettext(
                                "We could not find any words in the screenshot. Paste the message "
                                "instead"
                            )
                        ),
                        "href": "#screenshot",
                    }
                )
            else:
                message = read
                from_screenshot = True
    if not message and not errors:
        errors.append(
            {
                "text": str(lazy_gettext("Paste the message or upload a screenshot of it")),
                "href": "#message",
            }
        )
    if len(message) > MAX_TEXT_CHARS:
        errors.append(
            {
                "text": str(lazy_gettext("The message must be 20,000 characters or fewer")),
                "href": "#message",
            }
        )
    if errors:
        return _form(request, values=values, errors=errors)
    item = TriageInput(
        text=message, platform=platform if platform not in ("", OTHER_PLATFORM) else None
    )
    language = request.scope.get("state", {}).get("language", "en")
    result: TriageResult = triage_inputs([item], language=language)[0]
    return render(
        request,
        "triage/result.html",
        {
            "result": result,
            "message": message,
            "from_screenshot": from_screenshot,
            "label_text": LABEL_TEXT,
            "severity_text": SEVERITY_TEXT[result.severity],
            "platform": platform,
            "platforms": _platform_names(),
            "next_steps": _next_steps(result, platform),
            "other_platform": platform == OTHER_PLATFORM,
            "Severity": Severity,
        },
    )
