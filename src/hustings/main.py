"""create_app(): the one web application, mounting every domain's routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from hustings import __version__, writebehind
from hustings.config import get_settings
from hustings.domains import DOMAINS
from hustings.logs import configure_logging
from hustings.web.errors import install_error_handlers
from hustings.web.i18n import LanguageMiddleware
from hustings.web.security import SecurityHeadersMiddleware

STATIC_DIR = Path(__file__).parent / "web" / "static"


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """On a clean shutdown, write what is queued behind (receipts, audit, key last use)."""
    yield
    await run_in_threadpool(writebehind.stop)


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(json=settings.is_production)
    for domain in DOMAINS:
        checks = domain.module("checks")
        if checks is not None:
            checks.run()  # Refuse to start on invalid data, loudly, before serving anyone.
    app = FastAPI(
        title="Hustings API",
        version=__version__,
        description="Keeps election candidates safe online. JSON API under /api/v1.",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    # Every domain's API before any pages: routes are matched in order, and the machines'
    # busiest routes (the exchange's lookups) then skip past no page routes (their paths
    # never overlap: the API lives under /api and /taxii2).
    for part in ("api", "views"):
        for domain in DOMAINS:
            module = domain.module(part)
            if module is not None and hasattr(module, "router"):
                app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="hustings_session",
        max_age=settings.session_max_age_hours * 3600,
        same_site="lax",
        https_only=settings.is_production,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(LanguageMiddleware)
    return app
