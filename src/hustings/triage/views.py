"""The public "Check a message" page: paste text or upload a screenshot, get a verdict in plain
words, with the platform rules, possible offences and next steps.

Public because candidates may not have an account; rate-limited per address because scoring
and OCR cost CPU. Nothing typed or uploaded here is stored or logged.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from hustings.auth.access import public
from hustings.triage.labels import Label, Severity
from hustings.triage.ocr import MAX_BYTES, UnreadableImage, text_from_image
from hustings.triage.schemas import MAX_TEXT_CHARS, TriageInput, TriageResult
from hustings.triage.service import triage_inputs
from hustings.web import ratelimit
from hustings.web.i18n import lazy_gettext
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
PLATFORMS = {
    "x": "X (Twitter)",
    "meta": "Facebook, Instagram or Threads",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "other": lazy_gettext("Another website or app"),
}
PLATFORM_STEPS = {
    "x": lazy_gettext(
        "On X, report the post from its menu and choose who is targeted; you can ask X to email "
        "you a copy of a threat report to give to the police."
    ),
    "meta": lazy_gettext(
        "On Facebook, Instagram or Threads, report the post or comment from its menu. Candidates "
        "can also use the elections reporting channel when one is open."
    ),
    "youtube": lazy_gettext(
        "On YouTube, report the comment or video from its menu. For your address or other private "
        "details, use YouTube's privacy complaint process."
    ),
    "tiktok": lazy_gettext(
        "On TikTok, press and hold the comment or use the share arrow on a video, then choose "
        "Report."
    ),
    "other": lazy_gettext(
        "Use the site's report button. If the platform does not answer within a week, Report "
        "Harmful Content can help."
    ),
}


def _form(request: Request, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {"platforms": PLATFORMS, "values": {}, "errors": []}
    context.update(extra)
    status = 400 if context["errors"] else 200
    return render(request, "triage/check.html", context, status_code=status)


@router.get("/check", response_class=HTMLResponse, dependencies=[public()])
def check_form(request: Request) -> HTMLResponse:
    return _form(request)


def _client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/check", response_class=HTMLResponse, dependencies=[public()])
async def check_message(request: Request) -> HTMLResponse:
    ratelimit.enforce(CHECK_LIMIT, "triage-check", _client_key(request))
    form = await request.form()
    message = str(form.get("message") or "").strip()
    platform = str(form.get("platform") or "")
    platform = platform if platform in PLATFORMS else ""
    upload = form.get("screenshot")
    values = {"message": message, "platform": platform}
    errors: list[dict[str, str]] = []
    from_screenshot = False
    if isinstance(upload, UploadFile) and upload.filename:
        ratelimit.enforce(OCR_LIMIT, "triage-ocr", _client_key(request))
        data = await upload.read(MAX_BYTES + 1)
        try:
            read = await run_in_threadpool(text_from_image, data)
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
    item = TriageInput(text=message, platform=platform if platform not in ("", "other") else None)
    result: TriageResult = (await run_in_threadpool(triage_inputs, [item]))[0]
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
            "platforms": PLATFORMS,
            "platform_steps": (
                {platform: PLATFORM_STEPS[platform]} if platform else PLATFORM_STEPS
            ),
            "Severity": Severity,
        },
    )
