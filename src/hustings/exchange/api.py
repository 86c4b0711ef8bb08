"""The exchange's JSON API under /api/v1/exchange, for platform organisations (API key with
the exchange scopes, or a signed-in platform member with the CSRF header).

Each handler rate-limits the caller (per key or member), owns its transaction and commits once;
every read and write is audited in the service. The match routes only read (a read-only
session: on SQLite they never take or wait for the write lock); their receipts, audit entries
and the key's last use are written behind (hustings.writebehind).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Response, UploadFile
from sqlalchemy.orm import Session

from hustings import writebehind
from hustings.auth.access import PlatformActor, allow_platform
from hustings.auth.scopes import Scope
from hustings.cases.schemas import WebhookIn, WebhookOut
from hustings.db import get_db, get_read_db
from hustings.exchange import hashing, kinds, lag, matching, present, service, webhooks
from hustings.exchange.config import exchange_settings
from hustings.exchange.index import Hit
from hustings.exchange.models import Signal, SignalKind
from hustings.exchange.schemas import (
    FeedOut,
    GroupOut,
    MatchHit,
    MatchIn,
    MatchOut,
    MatchResult,
    MetricsOut,
    OpinionIn,
    PairLagOut,
    SignalBatchIn,
    SignalBatchOut,
    SignalOut,
)
from hustings.web.errors import AppError, Conflict, Forbidden, NotFound
from hustings.web.ratelimit import enforce

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])
Reader = Annotated[PlatformActor, allow_platform(Scope.EXCHANGE_READ)]
Looker = Annotated[PlatformActor, allow_platform(Scope.EXCHANGE_READ, read_only=True)]
Writer = Annotated[PlatformActor, allow_platform(Scope.EXCHANGE_WRITE)]
DB = Annotated[Session, Depends(get_db)]
ReadDB = Annotated[Session, Depends(get_read_db)]
SignalId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class Unprocessable(AppError):
    status_code = 422
    code = "invalid_input"


class TooLarge(AppError):
    status_code = 413
    code = "too_large"


def _invalid(error: service.ExchangeInvalid) -> Unprocessable:
    return Unprocessable(
        str(error), errors=[{"field": k, "message": v} for k, v in error.problems.items()]
    )


def _limit(actor: PlatformActor) -> None:
    enforce(exchange_settings().rate_limit, "exchange", actor.label)


def _hit_out(pairs: list[tuple[Signal, Hit]], names: present.Names) -> list[MatchHit]:
    out = []
    for signal, hit in pairs:
        out.append(
            MatchHit(
                signal_id=signal.id,
                type=signal.kind,
                distance=hit.distance,
                similarity=hit.similarity,
                labels=signal.labels,
                confidence=signal.confidence,
                disputed=signal.disputed,
                tlp=signal.tlp,
                source=names.org(signal.source_org_id),
            )
        )
    return out


@router.post("/signals", response_model=SignalBatchOut, status_code=201)
def share_signals(body: SignalBatchIn, actor: Writer, db: DB) -> SignalBatchOut:
    """Share a batch of signals: all of them are stored, or none (422 says which and why)."""
    _limit(actor)
    limit = exchange_settings().max_batch
    if len(body.signals) > limit:
        raise TooLarge(
            f"At most {limit} signals per request; this one had {len(body.signals)}. "
            "Split it into smaller batches."
        )
    if not body.signals:
        raise Unprocessable("signals: send at least one signal")
    items: list[service.NewSignal] = []
    problems: dict[str, str] = {}
    for number, item in enumerate(body.signals):
        try:
            indicator = kinds.normalise(item.raw())
        except ValueError as error:
            problems[f"signals[{number}]"] = str(error)
            continue
        items.append(
            service.NewSignal(
                indicator=indicator,
                labels=item.labels,
                confidence=item.confidence,
                action=item.action,
                acted_at=item.acted_at,
                sharing_group=item.sharing_group,
                tlp=item.tlp,
                expires_at=item.expires_at,
                report_id=item.report_id,
            )
        )
    if problems:
        raise _invalid(service.ExchangeInvalid(problems))
    try:
        signals = service.submit_signals(
            session=db, organisation=actor.organisation, items=items, actor=actor.label
        )
    except service.ExchangeInvalid as error:
        raise _invalid(error) from error
    # Build the answer before committing: nothing may open a new transaction after it
    # (on SQLite that would hold the write lock until the request ends).
    out = SignalBatchOut(signals=present.signals_out(db, signals, actor.organisation.id))
    db.commit()
    return out


@router.get("/signals", response_model=FeedOut)
def feed(
    actor: Reader,
    db: DB,
    since: Annotated[int, Query(ge=0, le=2**62, description="the `next` of the last page")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> FeedOut:
    """New, changed and withdrawn signals after `since`, oldest change first."""
    _limit(actor)
    limit = min(limit, exchange_settings().max_feed_limit)
    signals, cursor = service.read_feed(
        session=db,
        organisation_id=actor.organisation.id,
        since=since,
        limit=limit,
        actor=actor.label,
    )
    out = present.signals_out(db, signals, actor.organisation.id)
    db.commit()
    return FeedOut(signals=out, next=cursor, more=len(signals) == limit)


@router.get("/signals/{signal_id}", response_model=SignalOut)
def get_signal(signal_id: SignalId, actor: Reader, db: DB) -> SignalOut:
    _limit(actor)
    try:
        signal = service.view_signal(
            session=db,
            organisation_id=actor.organisation.id,
            signal_id=signal_id,
            actor=actor.label,
        )
    except service.NotVisible as error:
        raise NotFound() from error
    out = present.signals_out(db, [signal], actor.organisation.id)[0]
    db.commit()
    return out


@router.delete("/signals/{signal_id}", response_model=SignalOut)
def withdraw(signal_id: SignalId, actor: Writer, db: DB) -> SignalOut:
    """Withdraw your own signal; receivers see it as `withdrawn` in the feed and by webhook."""
    _limit(actor)
    try:
        signal = service.withdraw_signal(
            session=db, organisation=actor.organisation, signal_id=signal_id, actor=actor.label
        )
    except service.NotVisible as error:
        raise NotFound() from error
    except service.NotYours as error:
        raise Forbidden("Only the platform that shared a signal can withdraw it.") from error
    out = present.signals_out(db, [signal], actor.organisation.id)[0]
    db.commit()
    return out


@router.post("/signals/{signal_id}/opinions", response_model=SignalOut)
def give_opinion(signal_id: SignalId, body: OpinionIn, actor: Writer, db: DB) -> SignalOut:
    """Positive, negative (a false positive for you) or actioned (say what and when)."""
    _limit(actor)
    try:
        signal = service.add_opinion(
            session=db,
            organisation=actor.organisation,
            signal_id=signal_id,
            kind=body.kind,
            action=body.action,
            acted_at=body.acted_at,
            actor=actor.label,
        )
    except service.NotVisible as error:
        raise NotFound() from error
    except service.OwnSignal as error:
        raise Conflict(
            "You shared this signal: give opinions on other platforms' signals."
        ) from error
    except service.ExchangeInvalid as error:
        raise _invalid(error) from error
    out = present.signals_out(db, [signal], actor.organisation.id)[0]
    db.commit()
    return out


def _match(
    db: Session,
    actor: PlatformActor,
    queries: list[matching.Query],
    pdq_threshold: int | None,
    min_similarity: float | None,
    include_suppressed: bool,
) -> list[MatchResult]:
    found = matching.match(
        session=db,
        organisation_id=actor.organisation.id,
        queries=queries,
        actor=actor.label,
        pdq_threshold=pdq_threshold,
        min_similarity=min_similarity,
        include_suppressed=include_suppressed,
    )
    names = present.Names(db)
    results = [
        MatchResult(query=number, matches=_hit_out(list(pairs), names))
        for number, pairs in enumerate(found)
    ]
    db.rollback()  # a read-only session: end its snapshot
    return results


@router.post("/match", response_model=MatchOut)
def match(body: MatchIn, actor: Looker, db: ReadDB) -> MatchOut:
    """Look up a batch of hashes, URLs, accounts or texts (texts are fingerprinted, then
    dropped). PDQ matches within `pdq_threshold` bits (31 unless you ask, at most 63).
    """
    _limit(actor)
    limit = exchange_settings().max_match_batch
    if len(body.queries) > limit:
        raise TooLarge(f"At most {limit} queries per request; this one had {len(body.queries)}.")
    try:
        queries = matching.parse_queries([q.model_dump(exclude_none=True) for q in body.queries])
    except service.ExchangeInvalid as error:
        raise _invalid(error) from error
    results = _match(
        db, actor, queries, body.pdq_threshold, body.min_similarity, body.include_suppressed
    )
    return MatchOut(results=results)


@router.post("/match/image", response_model=MatchOut)
def match_image(
    actor: Looker,
    db: ReadDB,
    image: Annotated[UploadFile, File(description="an image; hashed here, never stored")],
    pdq_threshold: Annotated[int | None, Form(ge=0, le=63)] = None,
    include_suppressed: Annotated[bool, Form()] = False,
) -> MatchOut:
    """Upload an image: its PDQ, MD5 and SHA-256 are matched; the image is not kept."""
    _limit(actor)
    maximum = exchange_settings().max_upload_bytes
    data = image.file.read(maximum + 1)
    if len(data) > maximum:
        raise TooLarge(f"Images up to {maximum // (1024 * 1024)} MB.")
    hashes = hashing.hash_bytes(data)
    queries = [
        matching.Query(SignalKind.MD5, hashes.md5),
        matching.Query(SignalKind.SHA256, hashes.sha256),
    ]
    if hashes.pdq is not None:
        queries.insert(0, matching.Query(SignalKind.PDQ, hashes.pdq))
    results = _match(db, actor, queries, pdq_threshold, None, include_suppressed)
    merged: dict[int, MatchHit] = {}
    for result in results:
        for hit in result.matches:
            merged.setdefault(hit.signal_id, hit)
    pdq = {"hash": hashes.pdq, "quality": hashes.quality} if hashes.pdq else None
    return MatchOut(results=[MatchResult(query=0, matches=list(merged.values()))], pdq=pdq)


@router.get("/groups", response_model=list[GroupOut])
def my_groups(actor: Reader, db: DB) -> list[GroupOut]:
    """The sharing groups your organisation belongs to (name one when you share)."""
    _limit(actor)
    out = [GroupOut(slug=g.slug, name=g.name) for g in service.groups_of(db, actor.organisation.id)]
    db.commit()
    return out


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(actor: Reader, db: DB) -> list[WebhookOut]:
    """Your endpoints that receive signals (secrets are never shown again)."""
    _limit(actor)
    out = [
        WebhookOut(id=e.id, url=e.url, active=e.active)
        for e in webhooks.endpoints_of(db, actor.organisation.id)
    ]
    db.commit()  # end the transaction (the key's last use) before answering
    return out


@router.post("/webhooks", response_model=WebhookOut, status_code=201)
def add_webhook(body: WebhookIn, actor: Writer, db: DB) -> WebhookOut:
    """Receive each new, changed or withdrawn signal you may see, signed with HMAC-SHA256
    (X-Hustings-Signature over "<X-Hustings-Timestamp>.<body>"); the secret is in this
    response only.
    """
    _limit(actor)
    try:
        endpoint, secret = webhooks.register(
            session=db, organisation=actor.organisation, url=body.url
        )
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    db.commit()
    return WebhookOut(id=endpoint.id, url=endpoint.url, active=True, secret=secret)


@router.delete("/webhooks/{endpoint_id}", status_code=204, response_class=Response)
def remove_webhook(endpoint_id: SignalId, actor: Writer, db: DB) -> Response:
    _limit(actor)
    endpoint = webhooks.endpoint_of(db, actor.organisation.id, endpoint_id)
    if endpoint is None:
        raise NotFound()
    endpoint.active = False
    db.commit()
    return Response(status_code=204)


def pair_out(pair: lag.PairLag) -> PairLagOut:
    return PairLagOut(
        source=pair.source,
        receiver=pair.receiver,
        matched=pair.matched,
        match_median_seconds=pair.match_median,
        match_p90_seconds=pair.match_p90,
        acted=pair.acted,
        act_median_seconds=pair.act_median,
        act_p90_seconds=pair.act_p90,
    )


@router.get("/metrics", response_model=MetricsOut)
def metrics(actor: Reader, db: DB) -> MetricsOut:
    """Per pair of platforms: seconds from the source's action to the receiver's first match
    and to the receiver's own action (median and 90th percentile).
    """
    _limit(actor)
    db.commit()  # release SQLite's write lock (the key check) before writing behind
    writebehind.flush()  # include this process's latest matches
    out = MetricsOut(pairs=[pair_out(p) for p in lag.pair_lags(db)])
    db.commit()
    return out
