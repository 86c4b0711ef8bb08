"""One error shape for machines (RFC 9457 problem+json) and one error page style for people."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from hustings.db import UnstorableText
from hustings.web.i18n import gettext as _
from hustings.web.i18n import localise_path

PROBLEM_JSON = "application/problem+json"
TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"


class AppError(Exception):
    """An error with a status, a stable code and a message a person can act on."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.default_detail())
        self.detail = detail or self.default_detail()
        self.extra = extra

    def default_detail(self) -> str:
        return _("The request could not be processed.")


class NotAuthenticated(AppError):
    status_code = 401
    code = "not_authenticated"

    def default_detail(self) -> str:
        return _("You need to sign in to see this page.")


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"

    def default_detail(self) -> str:
        return _("You do not have permission to do this.")


class NotFound(AppError):
    status_code = 404
    code = "not_found"

    def default_detail(self) -> str:
        return _("We could not find what you were looking for.")


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"

    def default_detail(self) -> str:
        return _("Too many attempts. Please wait a few minutes and try again.")


class CsrfFailed(AppError):
    status_code = 403
    code = "csrf_failed"

    def default_detail(self) -> str:
        return _("This form had expired. Go back, reload the page and try again.")


def wants_json(request: Request) -> bool:
    """API, TAXII and JSON-asking clients get problem+json; people get a page."""
    path = request.url.path
    if path.startswith(("/api/", "/taxii2")) or path in ("/healthz", "/openapi.json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def problem(status: int, title: str, detail: str, code: str, **extra: Any) -> JSONResponse:
    body = {"type": f"about:blank#{code}", "title": title, "status": status, "detail": detail}
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def taxii_error(status: int, title: str, detail: str, code: str, **extra: Any) -> JSONResponse:
    """The TAXII 2.1 error message shape, for TAXII clients under /taxii2."""
    body: dict[str, Any] = {
        "title": title,
        "description": detail,
        "error_code": code,
        "http_status": str(status),
    }
    if extra:
        body["details"] = extra
    return JSONResponse(body, status_code=status, media_type=TAXII_MEDIA_TYPE)


TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}


def error_response(request: Request, status: int, detail: str, code: str, **extra: Any) -> Response:
    if request.url.path.startswith("/taxii2"):
        return taxii_error(status, TITLES.get(status, "Error"), detail, code, **extra)
    if wants_json(request):
        return problem(status, TITLES.get(status, "Error"), detail, code, **extra)
    if status == 401:
        language = request.scope.get("state", {}).get("language", "en")
        target = localise_path("/sign-in", language)
        return RedirectResponse(f"{target}?next={request.url.path}", status_code=303)
    from hustings.web.templating import render

    return render(
        request,
        "web/error.html",
        {"status": status, "detail": detail, "title": page_title(status)},
        status_code=status,
    )


def page_title(status: int) -> str:
    titles = {
        403: _("You cannot do this"),
        404: _("Page not found"),
        429: _("Too many attempts"),
        500: _("Sorry, there is a problem with the service"),
    }
    return titles.get(status, _("Sorry, something went wrong"))


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure through one shape per audience."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, error: AppError) -> Response:
        return error_response(request, error.status_code, error.detail, error.code, **error.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else str(error.detail)
        response = error_response(request, error.status_code, detail, f"http_{error.status_code}")
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, error: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in error.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid input"
        return error_response(request, 422, detail, "invalid_input", errors=errors)

    @app.exception_handler(UnstorableText)
    async def _unstorable_text(request: Request, error: UnstorableText) -> Response:
        # Raised before the statement ran; the request's session rolls back, so nothing of it
        # is kept.
        detail = _("The text contains a NUL character (\\0), which cannot be stored. Remove it.")
        return error_response(request, 422, detail, "invalid_input")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        import structlog

        structlog.get_logger().exception("unhandled_error", path=request.url.path)
        return error_response(request, 500, _("Please try again later."), "server_error")


__all__ = [
    "AppError",
    "Conflict",
    "CsrfFailed",
    "Forbidden",
    "HTTPException",
    "NotAuthenticated",
    "NotFound",
    "TooManyRequests",
    "install_error_handlers",
]
