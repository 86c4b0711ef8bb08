"""Who may use each route. Every route declares exactly one of these dependencies.

Each dependency carries an `AccessRule` so that a test can walk the app, prove that every route
declares one, and check that everyone else is refused. Routes authenticated by a browser
session get CSRF checking on unsafe methods; routes authenticated by API key do not need it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.params import Depends as DependsParam
from sqlalchemy.orm import Session

from hustings.auth.apikeys import find_key, find_key_snapshot, note_use
from hustings.auth.models import ApiKey, Organisation, User
from hustings.auth.roles import Role
from hustings.auth.sessions import current_user
from hustings.db import get_db, get_read_db
from hustings.web.csrf import SAFE_METHODS, verify_csrf
from hustings.web.errors import Forbidden, NotAuthenticated

RuleKind = Literal["public", "signed_in", "identified", "roles", "api_key", "platform"]
ACCESS_RULE_ATTR = "__access_rule__"


@dataclass(frozen=True)
class AccessRule:
    """A route's declared audience; tests read it to know who must be refused."""

    kind: RuleKind
    roles: frozenset[Role] = field(default_factory=frozenset)
    scope: str | None = None

    def admits_role(self, role: Role) -> bool:
        """Whether a signed-in user of this role passes (for the access test)."""
        if self.kind in ("public", "signed_in", "identified"):
            return True
        if self.kind == "roles":
            return role in self.roles
        if self.kind == "platform":
            return role == Role.PLATFORM_MEMBER
        return False


@dataclass(frozen=True)
class PlatformActor:
    """A platform organisation acting through an API key or one of its signed-in members."""

    organisation: Organisation
    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def label(self) -> str:
        if self.api_key is not None:
            return f"api_key:{self.api_key.prefix}"
        return f"user:{self.user.id}" if self.user else "unknown"


def _mark(rule: AccessRule) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        setattr(function, ACCESS_RULE_ATTR, rule)
        return function

    return decorate


async def _csrf_if_unsafe(request: Request, db: Session) -> None:
    if request.method not in SAFE_METHODS:
        # The CSRF check (or the route's PostedForm) reads the whole posted form next, which
        # takes as long as a phone on a poor connection takes to send its screenshots. End
        # the transaction the sign-in check began first: on SQLite it holds the one write
        # lock (BEGIN IMMEDIATE), and every other request would wait for this upload, then
        # fail after the 30 s busy timeout. Commit rather than roll back, so the user just
        # loaded stays usable (sessions do not expire objects on commit).
        await run_in_threadpool(db.commit)
        await verify_csrf(request)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/taxii2"))


def public() -> DependsParam:
    """Anyone, signed in or not. HTML forms still need a valid CSRF token."""

    @_mark(AccessRule("public"))
    async def dependency(request: Request, db: Session = Depends(get_db)) -> User | None:
        if not _is_api(request):
            await _csrf_if_unsafe(request, db)
        return await run_in_threadpool(current_user, request, db)

    return Depends(dependency)


def _require_user(request: Request, db: Session) -> User:
    # Called in a worker thread, like _key_actor: SQLite begins every transaction IMMEDIATE, so
    # this first query may wait for the write lock, and waiting on the event loop would stop
    # the request that holds the lock from finishing (concurrent reporters stalled 30 s).
    user = current_user(request, db)
    if user is None:
        raise NotAuthenticated()
    return user


def signed_in() -> DependsParam:
    """Any signed-in person, whatever their role."""

    @_mark(AccessRule("signed_in"))
    async def dependency(request: Request, db: Session = Depends(get_db)) -> User:
        user = await run_in_threadpool(_require_user, request, db)
        await _csrf_if_unsafe(request, db)
        return user

    return Depends(dependency)


def allow_roles(*roles: Role) -> DependsParam:
    """Signed-in people holding one of these roles."""
    allowed = frozenset(roles)
    if not allowed:
        raise ValueError("allow_roles needs at least one role")

    @_mark(AccessRule("roles", roles=allowed))
    async def dependency(request: Request, db: Session = Depends(get_db)) -> User:
        user = await run_in_threadpool(_require_user, request, db)
        if user.role not in allowed:
            raise Forbidden()
        await _csrf_if_unsafe(request, db)
        return user

    return Depends(dependency)


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    if header.lower().startswith("basic ") and request.url.path.startswith("/taxii2"):
        # Many TAXII clients only speak HTTP Basic: the API key is the password.
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return request.headers.get("x-api-key")


def _key_actor(
    request: Request, db: Session, scope: str, read_only: bool = False
) -> PlatformActor | None:
    # Called in a worker thread: a database wait (SQLite's write lock, a row lock) must never
    # block the event loop, or the request holding the lock could not finish.
    token = _bearer_token(request)
    if token is None:
        return None
    key = (find_key_snapshot if read_only else find_key)(session=db, token=token)
    if key is None:
        raise NotAuthenticated("This API key is not valid or has been revoked.")
    if scope not in key.scopes:
        raise Forbidden(f"This API key does not have the '{scope}' scope.")
    note_use(key)
    request.state.api_key = key
    return PlatformActor(organisation=key.organisation, api_key=key)


def allow_api_key(scope: str) -> DependsParam:
    """Machines only: a platform organisation's API key holding `scope`."""

    @_mark(AccessRule("api_key", scope=scope))
    async def dependency(request: Request, db: Session = Depends(get_db)) -> PlatformActor:
        actor = await run_in_threadpool(_key_actor, request, db, scope)
        if actor is None:
            raise NotAuthenticated("Send an API key as 'Authorization: Bearer <key>'.")
        return actor

    return Depends(dependency)


def allow_platform(scope: str, *, read_only: bool = False) -> DependsParam:
    """A platform organisation: by API key with `scope`, or a signed-in platform member.

    `read_only` routes (lookups) use the read-only session (hustings.db.get_read_db), so the
    caller's check neither takes nor waits for SQLite's write lock, and get a copy of the key
    and organisation made outside the ORM (apikeys.find_key_snapshot); the route must take
    its session from get_read_db too, and write only behind (hustings.writebehind).
    """
    session_dependency = get_read_db if read_only else get_db

    @_mark(AccessRule("platform", roles=frozenset({Role.PLATFORM_MEMBER}), scope=scope))
    async def dependency(
        request: Request, db: Session = Depends(session_dependency)
    ) -> PlatformActor:
        actor = await run_in_threadpool(_key_actor, request, db, scope, read_only)
        if actor is not None:
            return actor
        actor = await run_in_threadpool(_platform_member, request, db)
        await _csrf_if_unsafe(request, db)
        return actor

    return Depends(dependency)


def _platform_member(request: Request, db: Session) -> PlatformActor:
    # In a worker thread: reading the member's organisation is a query too.
    user = _require_user(request, db)
    if user.role != Role.PLATFORM_MEMBER or user.organisation is None:
        raise Forbidden()
    return PlatformActor(organisation=user.organisation, user=user)


@dataclass(frozen=True)
class Caller:
    """Whoever has proved who they are: a signed-in person, or any valid API key."""

    user: User | None = None
    api_key: ApiKey | None = None

    @property
    def organisation(self) -> Organisation | None:
        if self.api_key is not None:
            return self.api_key.organisation
        return self.user.organisation if self.user else None


def _identified_caller(request: Request, db: Session) -> Caller:
    # In a worker thread, for the reason given in _require_user.
    token = _bearer_token(request)
    if token is None:
        return Caller(user=_require_user(request, db))
    key = find_key(session=db, token=token)
    if key is None:
        raise NotAuthenticated("This API key is not valid or has been revoked.")
    note_use(key)
    request.state.api_key = key
    return Caller(api_key=key)


def signed_in_or_api_key() -> DependsParam:
    """Any signed-in person or any valid API key, whatever its scopes (e.g. 'who am I')."""

    @_mark(AccessRule("identified"))
    async def dependency(request: Request, db: Session = Depends(get_db)) -> Caller:
        caller = await run_in_threadpool(_identified_caller, request, db)
        if caller.user is not None:
            await _csrf_if_unsafe(request, db)
        return caller

    return Depends(dependency)


def access_rule_of(dependency: Any) -> AccessRule | None:
    return getattr(dependency, ACCESS_RULE_ATTR, None)
