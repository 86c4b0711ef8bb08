"""Pages that belong to no domain: start page, accessibility statement, health check."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text
from sqlalchemy.orm import Session

from hustings import __version__
from hustings.auth.access import public
from hustings.db import get_db
from hustings.web.templating import render

router = APIRouter()
STATEMENT_DATE = date(2026, 11, 23)


@router.get("/", response_class=HTMLResponse, dependencies=[public()])
def start_page(request: Request) -> HTMLResponse:
    return render(request, "web/home.html")


@router.get("/accessibility", response_class=HTMLResponse, dependencies=[public()])
def accessibility_statement(request: Request) -> HTMLResponse:
    return render(request, "web/accessibility.html", {"statement_date": STATEMENT_DATE})


@router.get("/healthz", dependencies=[public()])
def health(db: Session = Depends(get_db)) -> JSONResponse:
    """Liveness and database reachability, for load balancers and uptime checks."""
    db.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok", "version": __version__})
