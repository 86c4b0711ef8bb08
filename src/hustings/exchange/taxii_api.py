"""A read-only TAXII 2.1 server at /taxii2/: discovery, one API root, one collection per
sharing group the caller's organisation belongs to, objects and manifests with `added_after`
and paging.

Authentication is a platform's exchange API key (`exchange:read`), sent as a bearer token or,
for TAXII clients that only speak HTTP Basic, as the password (any user name). Errors are
TAXII error objects (hustings.web.errors answers them for every /taxii2 path).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from hustings.auth.access import PlatformActor, allow_api_key
from hustings.auth.scopes import Scope
from hustings.db import get_db
from hustings.exchange import stix, taxii
from hustings.exchange.config import exchange_settings
from hustings.exchange.models import SharingGroup
from hustings.web.errors import TAXII_MEDIA_TYPE, AppError, NotFound
from hustings.web.ratelimit import enforce

router = APIRouter(prefix="/taxii2", tags=["taxii"])
Reader = Annotated[PlatformActor, allow_api_key(Scope.EXCHANGE_READ)]
DB = Annotated[Session, Depends(get_db)]
CollectionId = Annotated[str, Path(max_length=64)]
ObjectId = Annotated[str, Path(max_length=100)]
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
API_ROOT = "/taxii2/api/"
MAX_LIMIT = 1000


class NotAcceptable(AppError):
    status_code = 406
    code = "not_acceptable"


class BadRequest(AppError):
    status_code = 400
    code = "bad_request"


def _negotiate(request: Request) -> None:
    """TAXII 2.1 only: refuse an Accept header that asks for anything else (406)."""
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        values = {k.strip().lower(): v.strip() for k, _, v in (p.partition("=") for p in params)}
        if media in ("*/*", "application/*", "application/json"):
            return
        if media == "application/taxii+json" and values.get("version", "2.1") == "2.1":
            return
    raise NotAcceptable(f"This server speaks TAXII 2.1 only: accept {TAXII_MEDIA_TYPE}.")


def _start(request: Request, actor: PlatformActor) -> None:
    _negotiate(request)
    enforce(exchange_settings().rate_limit, "exchange", actor.label)


def _taxii(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, media_type=TAXII_MEDIA_TYPE, headers=headers)


def _collection_out(group: SharingGroup) -> dict[str, Any]:
    return {
        "id": taxii.collection_id(group),
        "title": group.name,
        "alias": group.slug,
        "description": f"Signals shared in the sharing group '{group.slug}'.",
        "can_read": True,
        "can_write": False,
        "media_types": [STIX_MEDIA_TYPE],
    }


def _group(db: Session, actor: PlatformActor, collection_id: str) -> SharingGroup:
    group = taxii.collection_for(db, actor.organisation.id, collection_id)
    if group is None:
        raise NotFound("No such collection, or your organisation is not in its sharing group.")
    return group


def _list(value: str | None) -> frozenset[str]:
    return frozenset(v.strip() for v in (value or "").split(",") if v.strip())


def _filters(
    added_after: str | None,
    next_token: str | None,
    ids: str | None,
    types: str | None,
    versions: str | None,
    spec_versions: str | None,
) -> taxii.Filters | None:
    """The request's filters, or None when they can match nothing (another spec version)."""
    after_time: datetime | None = None
    if added_after:
        try:
            after_time = datetime.fromisoformat(added_after)
        except ValueError as error:
            raise BadRequest("added_after is a timestamp such as 2026-05-01T10:00:00Z") from error
        if after_time.tzinfo is None:
            raise BadRequest("added_after needs a time zone (end it with Z)")
        try:
            after_time = after_time.astimezone(UTC)
        except OverflowError as error:
            raise BadRequest("added_after is out of range") from error
    after = (-1, -1)
    if next_token:
        try:
            after = taxii.parse_token(next_token)
        except ValueError as error:
            raise BadRequest(str(error)) from error
    wanted_versions = _list(versions) - {"last", "first", "all"}  # only the latest is kept
    specs = _list(spec_versions)
    if specs and "2.1" not in specs:
        return None
    return taxii.Filters(
        added_after=after_time,
        ids=_list(ids),
        types=_list(types),
        versions=wanted_versions,
        after=after,
    )


def _page(
    db: Session,
    actor: PlatformActor,
    group: SharingGroup,
    filters: taxii.Filters | None,
    limit: int,
) -> taxii.Page:
    if filters is None:
        return taxii.Page([], False)
    return taxii.read_collection(
        session=db,
        organisation_id=actor.organisation.id,
        group=group,
        filters=filters,
        limit=limit,
        actor=actor.label,
    )


def _date_headers(page: taxii.Page) -> dict[str, str]:
    if not page.entries:
        return {}
    return {
        "X-TAXII-Date-Added-First": stix.timestamp(page.entries[0].date_added),
        "X-TAXII-Date-Added-Last": stix.timestamp(page.entries[-1].date_added),
    }


def _envelope(page: taxii.Page) -> dict[str, Any]:
    body: dict[str, Any] = {"more": page.more, "objects": [e.obj for e in page.entries]}
    if page.next is not None:
        body["next"] = page.next
    return body


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
AddedAfter = Annotated[str | None, Query(max_length=40)]
Next = Annotated[str | None, Query(alias="next", max_length=40)]
MatchId = Annotated[str | None, Query(alias="match[id]", max_length=4000)]
MatchType = Annotated[str | None, Query(alias="match[type]", max_length=400)]
MatchVersion = Annotated[str | None, Query(alias="match[version]", max_length=400)]
MatchSpec = Annotated[str | None, Query(alias="match[spec_version]", max_length=40)]


@router.get("/")
def discovery(request: Request, actor: Reader) -> JSONResponse:
    """Where the API root is."""
    _start(request, actor)
    return _taxii(
        {
            "title": "Hustings signal exchange",
            "description": "Signals shared between member platforms, as STIX 2.1 indicators.",
            "default": API_ROOT,
            "api_roots": [API_ROOT],
        }
    )


@router.get("/api/")
def api_root(request: Request, actor: Reader) -> JSONResponse:
    _start(request, actor)
    return _taxii(
        {
            "title": "Hustings signals",
            "description": "One collection per sharing group your organisation belongs to.",
            "versions": [TAXII_MEDIA_TYPE],
            "max_content_length": 0,
        }
    )


@router.get("/api/collections/")
def collections(request: Request, actor: Reader, db: DB) -> JSONResponse:
    """The collections this key may read: its organisation's sharing groups."""
    _start(request, actor)
    groups = taxii.collections_for(db, actor.organisation.id)
    db.commit()
    return _taxii({"collections": [_collection_out(g) for g in groups]})


@router.get("/api/collections/{collection_id}/")
def collection(
    request: Request, collection_id: CollectionId, actor: Reader, db: DB
) -> JSONResponse:
    _start(request, actor)
    group = _group(db, actor, collection_id)
    db.commit()
    return _taxii(_collection_out(group))


@router.get("/api/collections/{collection_id}/objects/")
def objects(
    request: Request,
    collection_id: CollectionId,
    actor: Reader,
    db: DB,
    added_after: AddedAfter = None,
    limit: Limit = 100,
    next_token: Next = None,
    match_id: MatchId = None,
    match_type: MatchType = None,
    match_version: MatchVersion = None,
    match_spec: MatchSpec = None,
) -> JSONResponse:
    """STIX objects oldest change first: indicators (revoked when withdrawn) and opinions."""
    _start(request, actor)
    group = _group(db, actor, collection_id)
    filters = _filters(added_after, next_token, match_id, match_type, match_version, match_spec)
    page = _page(db, actor, group, filters, limit)
    db.commit()
    return _taxii(_envelope(page), _date_headers(page))


@router.get("/api/collections/{collection_id}/manifest/")
def manifest(
    request: Request,
    collection_id: CollectionId,
    actor: Reader,
    db: DB,
    added_after: AddedAfter = None,
    limit: Limit = 100,
    next_token: Next = None,
    match_id: MatchId = None,
    match_type: MatchType = None,
    match_version: MatchVersion = None,
    match_spec: MatchSpec = None,
) -> JSONResponse:
    """What the objects endpoint would return, without the objects' bodies."""
    _start(request, actor)
    group = _group(db, actor, collection_id)
    filters = _filters(added_after, next_token, match_id, match_type, match_version, match_spec)
    page = _page(db, actor, group, filters, limit)
    db.commit()
    body: dict[str, Any] = {
        "more": page.more,
        "objects": [
            {
                "id": e.obj["id"],
                "date_added": stix.timestamp(e.date_added),
                "version": stix.version_of(e.obj),
                "media_type": STIX_MEDIA_TYPE,
            }
            for e in page.entries
        ],
    }
    if page.next is not None:
        body["next"] = page.next
    return _taxii(body, _date_headers(page))


def _one(
    db: Session, actor: PlatformActor, collection_id: str, object_id: str, versions: str | None
) -> taxii.Page:
    group = _group(db, actor, collection_id)
    filters = _filters(None, None, object_id, None, versions, None)
    page = _page(db, actor, group, filters, MAX_LIMIT)
    if not page.entries:
        raise NotFound("No object with this id in the collection.")
    return page


@router.get("/api/collections/{collection_id}/objects/{object_id}/")
def one_object(
    request: Request,
    collection_id: CollectionId,
    object_id: ObjectId,
    actor: Reader,
    db: DB,
    match_version: MatchVersion = None,
) -> JSONResponse:
    _start(request, actor)
    page = _one(db, actor, collection_id, object_id, match_version)
    db.commit()
    return _taxii({"more": False, "objects": [e.obj for e in page.entries]}, _date_headers(page))


@router.get("/api/collections/{collection_id}/objects/{object_id}/versions/")
def object_versions(
    request: Request, collection_id: CollectionId, object_id: ObjectId, actor: Reader, db: DB
) -> JSONResponse:
    """Only the latest version of each object is kept, so there is one."""
    _start(request, actor)
    page = _one(db, actor, collection_id, object_id, None)
    db.commit()
    return _taxii(
        {"more": False, "versions": [stix.version_of(e.obj) for e in page.entries]},
        _date_headers(page),
    )
