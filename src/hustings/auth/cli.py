"""`hustings users ...` and `hustings orgs ...`: accounts and organisations from the shell.

Refused input prints what is wrong and exits with status 2, having written nothing (the whole
command is one transaction). Secrets (generated passwords, TOTP secrets, API key tokens) are
printed once and never stored in the clear.
"""

from __future__ import annotations

import secrets

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth import second_factor, service
from hustings.auth.jobs import send_password_reset
from hustings.auth.models import ApiKey, Organisation, User
from hustings.auth.roles import MFA_OPTIONAL_ROLES, OrgKind, Role
from hustings.auth.rules import AccountError
from hustings.auth.scopes import ALL_SCOPES
from hustings.auth.sealing import SealBroken
from hustings.auth.second_factor import grouped, provisioning_uri
from hustings.db import session_scope

NAME = "users"
app = typer.Typer(help="People who sign in: create, list, deactivate, reset.", no_args_is_help=True)
orgs = typer.Typer(help="Organisations and their API keys.", no_args_is_help=True)
apps = {"orgs": orgs}
console = Console(width=200)
errors = Console(stderr=True, width=200)


def _refuse(message: str) -> typer.Exit:
    errors.print(f"[red]{message}[/red]")
    return typer.Exit(2)


def _refused(error: AccountError) -> typer.Exit:
    for field, message in error.errors.items():
        errors.print(f"[red]{field}: {message}[/red]")
    return typer.Exit(2)


def _organisation(session: Session, slug: str) -> Organisation:
    organisation = service.organisation_by_slug(session=session, slug=slug)
    if organisation is None:
        raise _refuse(f"No organisation with the short name '{slug}'. See `hustings orgs list`.")
    return organisation


def _user(session: Session, email: str) -> User:
    user = service.find_user(session=session, email=email)
    if user is None:
        raise _refuse(f"No account with the email address '{email}'.")
    return user


def _print_second_factor(user: User) -> None:
    if user.totp_secret:
        console.print("Second factor (add to an authenticator app, then keep it secret):")
        console.print(f"  key: {grouped(user.totp_secret)}")
        console.print(f"  uri: {provisioning_uri(user, user.totp_secret)}")


@app.command("create")
def create_user(
    email: str = typer.Option(..., help="their email address (they sign in with it)"),
    name: str = typer.Option(..., help="their full name"),
    role: Role = typer.Option(..., help="what they do"),
    org: str | None = typer.Option(None, help="organisation short name, for organisation roles"),
    password: str | None = typer.Option(
        None, help="a password (it will be in your shell history: prefer the prompt)"
    ),
    generate_password: bool = typer.Option(False, help="make a strong password and print it"),
    no_password: bool = typer.Option(
        False, help="no password: email them a link to set one ('forgot password')"
    ),
    language: str = typer.Option("en", help="language for their emails: en or cy"),
) -> None:
    """Create a person. Roles that must use a second factor get one now, printed once."""
    if sum([password is not None, generate_password, no_password]) > 1:
        raise _refuse("Give at most one of --password, --generate-password and --no-password.")
    if generate_password:
        password = "-".join(secrets.token_urlsafe(6) for _ in range(4))
    elif password is None and not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with session_scope() as session:
        organisation = _organisation(session, org) if org else None
        try:
            user = service.create_user(
                session=session,
                email=email,
                full_name=name,
                role=role,
                organisation=organisation,
                password=password,
                preferred_language=language,
                with_totp=role not in MFA_OPTIONAL_ROLES,
            )
        except AccountError as error:
            raise _refused(error) from error
        console.print(f"Created user {user.id}: {user.email} ({user.role.value})")
        if generate_password:
            console.print(f"Password (shown once): {password}")
        _print_second_factor(user)
        user_id = user.id
    if no_password:
        send_password_reset(user_id)
        console.print("A link to set a password has been queued for them.")


@app.command("list")
def list_users(role: Role | None = typer.Option(None, help="only this role")) -> None:
    """Everyone, or everyone with one role."""
    with session_scope() as session:
        query = select(User).order_by(User.id)
        if role is not None:
            query = query.where(User.role == role)
        table = Table()
        for column in ("id", "email", "name", "role", "organisation", "active", "2FA", "locked"):
            table.add_column(column)
        for user in session.scalars(query):
            table.add_row(
                str(user.id),
                user.email,
                user.full_name,
                user.role.value,
                user.organisation.slug if user.organisation else "",
                "yes" if user.is_active else "no",
                "on" if user.mfa_enabled else "off",
                "yes" if service.is_locked(user) else "",
            )
    console.print(table)


@app.command("deactivate")
def deactivate(email: str = typer.Argument(..., help="their email address")) -> None:
    """Stop someone signing in and end their sessions. Their records stay."""
    with session_scope() as session:
        user = _user(session, email)
        service.deactivate_user(session=session, user=user)
        console.print(f"Deactivated {user.email}.")


@app.command("reset-password")
def reset_password(
    email: str = typer.Argument(..., help="their email address"),
    generate_password: bool = typer.Option(
        False, help="set a new password now and print it, instead of emailing a link"
    ),
) -> None:
    """Email someone a one-time link to choose a new password (or set one and print it)."""
    with session_scope() as session:
        user = _user(session, email)
        if not user.is_active:
            raise _refuse(f"{user.email} is deactivated.")
        if generate_password:
            password = "-".join(secrets.token_urlsafe(6) for _ in range(4))
            service.set_password(session=session, user=user, password=password, actor="system")
            console.print(f"New password for {user.email} (shown once): {password}")
            return
        user_id = user.id
    send_password_reset(user_id)
    console.print(f"A reset link has been queued for {email}.")


@app.command("reset-second-factor")
def reset_second_factor(email: str = typer.Argument(..., help="their email address")) -> None:
    """For a lost phone: a new secret (printed once) for roles that need one, else none."""
    with session_scope() as session:
        user = _user(session, email)
        second_factor.reset(session=session, user=user, actor="system")
        console.print(f"Second factor reset for {user.email}; their sessions have ended.")
        _print_second_factor(user)


@app.command("reseal")
def reseal_second_factors() -> None:
    """After rotating HUSTINGS_SECRET_KEY (the old one in HUSTINGS_PREVIOUS_SECRET_KEYS):
    seal every stored TOTP seed under the new key, so the old one can then be dropped."""
    try:
        with session_scope() as session:
            count = second_factor.reseal_all(session=session, actor="system")
    except SealBroken as error:
        raise _refuse(str(error)) from error
    console.print(f"Sealed the second-factor secrets of {count} people under the current key.")


@orgs.command("create")
def create_organisation(
    kind: OrgKind = typer.Option(..., help="what sort of organisation"),
    slug: str = typer.Option(..., help="short name for web addresses, like south-wales-police"),
    name: str = typer.Option(..., help="its name"),
    platform: list[str] = typer.Option(
        [], help="a platform it runs (repeat), like facebook; platforms only"
    ),
) -> None:
    """Create an organisation: a platform, party, police force or electoral authority."""
    with session_scope() as session:
        try:
            organisation = service.create_organisation(
                session=session, kind=kind, slug=slug, name=name, platform_slugs=platform
            )
        except AccountError as error:
            raise _refused(error) from error
        console.print(f"Created organisation {organisation.id}: {organisation.slug}")


@orgs.command("list")
def list_organisations() -> None:
    """Every organisation, with its members and active keys."""
    with session_scope() as session:
        table = Table()
        for column in ("id", "slug", "name", "kind", "platforms", "members", "active keys"):
            table.add_column(column)
        for org in session.scalars(select(Organisation).order_by(Organisation.slug)):
            keys = [k for k in service.keys_of(session=session, organisation_id=org.id)]
            table.add_row(
                str(org.id),
                org.slug,
                org.name,
                org.kind.value,
                ", ".join(org.platform_slugs),
                str(len(org.members)),
                str(sum(1 for k in keys if k.is_active)),
            )
    console.print(table)


@orgs.command("keys")
def list_keys(org: str = typer.Option(..., help="organisation short name")) -> None:
    """A platform's API keys (never their tokens)."""
    with session_scope() as session:
        organisation = _organisation(session, org)
        table = Table()
        for column in ("prefix", "name", "scopes", "created", "last used", "revoked"):
            table.add_column(column)
        for key in service.keys_of(session=session, organisation_id=organisation.id):
            table.add_row(
                key.prefix,
                key.name,
                " ".join(key.scopes),
                f"{key.created_at:%Y-%m-%d %H:%M}",
                f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "",
                f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "",
            )
    console.print(table)


@orgs.command("issue-key")
def issue_key(
    org: str = typer.Option(..., help="platform organisation short name"),
    name: str = typer.Option(..., help="what will use the key"),
    scope: list[str] = typer.Option(..., help=f"a permission (repeat): {', '.join(ALL_SCOPES)}"),
) -> None:
    """Issue an API key to a platform. The token is printed once and never stored."""
    with session_scope() as session:
        organisation = _organisation(session, org)
        try:
            issued = service.issue_api_key(
                session=session, organisation=organisation, name=name, scopes=scope, actor="system"
            )
        except AccountError as error:
            raise _refused(error) from error
        console.print(f"Key {issued.api_key.prefix} for {organisation.slug} (shown once):")
        console.print(issued.token, soft_wrap=True)


@orgs.command("revoke-key")
def revoke_key(
    org: str = typer.Option(..., help="organisation short name"),
    prefix: str = typer.Argument(..., help="the key's prefix, as `hustings orgs keys` shows"),
) -> None:
    """Revoke a key at once."""
    with session_scope() as session:
        organisation = _organisation(session, org)
        key = session.scalar(
            select(ApiKey)
            .where(ApiKey.organisation_id == organisation.id)
            .where(ApiKey.prefix == prefix.removeprefix("hk_").split("_")[0])
        )
        if key is None:
            raise _refuse(f"{organisation.slug} has no key starting hk_{prefix}.")
        service.revoke_api_key(session=session, key=key, actor="system")
        console.print(f"Revoked key {key.prefix} of {organisation.slug}.")
