"""Importing people: the Democracy Club candidate CSV and our electoral staff CSV.

Both imports work in two steps so that a dry run and `atomic` are exact:

1. `plan_*` reads and validates every row, then reads what the registry already holds in a
   few bulk queries, and works out what would be created and updated (no writes);
2. `apply_plan` writes it with bulk INSERT/UPDATE statements (no per-row round trips).

Rows are matched by stable keys (Democracy Club person and ballot ids, the staff list's own
reference), so importing a file again updates what changed and creates nothing new; a
second import of the same file writes nothing at all. Imports add and update, never delete:
a file may cover only one election. Bad rows are reported with their line number and reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Table, insert, select, true, update
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.auth.rules import email_problem, normalise_email
from hustings.cases import geography
from hustings.db import utcnow
from hustings.outreach.models import (
    STAFF_ROLES,
    Area,
    AreaKind,
    Election,
    Party,
    Person,
    PersonKind,
    Position,
    PositionRole,
    SocialAccount,
)
from hustings.web.i18n import gettext as _

Progress = Callable[[int, int], None]  # (done, total): the CLI's bar and the web page use it
CHUNK = 900  # ids per IN (...) query: under SQLite's variable limit, few round trips
# Past this many keys, one scan of the table beats many long IN lists (PostgreSQL plans each).
SCAN_ABOVE = 2 * CHUNK

DC_REQUIRED = (
    "person_id",
    "person_name",
    "election_id",
    "ballot_paper_id",
    "party_name",
    "post_label",
)
# Democracy Club's social columns, and the platform each names (knowledge-base slugs where
# the guide covers the platform).
DC_ACCOUNTS: dict[str, str] = {
    "twitter_username": "x",
    "facebook_page_url": "facebook",
    "facebook_personal_url": "facebook_personal",
    "instagram_url": "instagram",
    "youtube_profile": "youtube",
    "tiktok_url": "tiktok",
    "threads_url": "threads",
    "blue_sky_url": "bluesky",
    "mastodon_username": "mastodon",
    "linkedin_url": "linkedin",
    "homepage_url": "homepage",
}
STAFF_REQUIRED = ("reference", "name", "role")
STAFF_OPTIONAL = ("authority", "area", "party", "email", "language", "postal_address")
NO_PARTY = {"", "independent", "speaker seeking re-election"}
MAX_NAME = 200
MAX_VALUE = 500

_ELECTION_ID = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(\d{4}-\d{2}-\d{2})$")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_REFERENCE = re.compile(r"^[A-Za-z0-9._:/-]{1,100}$")
CONSTITUENCY_TYPES = {"parl", "senedd", "sp", "nia"}
WARD_TYPES = {"local"}


def slugify(text: str) -> str:
    return _SLUG_CHARS.sub("-", text.lower()).strip("-")


def area_key(name: str) -> str:
    """Names compare without case, spacing or punctuation ('St. Mary's' ~ 'st marys')."""
    return " ".join(geography._key(name).replace(".", " ").replace("'", "").split())


# ---------------------------------------------------------------- parsed rows and the report


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class PositionRow:
    key: str
    role: PositionRole
    election_slug: str | None = None
    area_slug: str | None = None
    party_slug: str | None = None
    authority_id: int | None = None


@dataclass
class PersonRow:
    line: int
    key: str
    kind: PersonKind
    full_name: str
    email: str | None
    language: str | None  # None: keep what the registry has (default English)
    postal_address: str | None = None
    positions: list[PositionRow] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    kind: str
    rows: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    people: Counts = field(default_factory=Counts)
    positions: Counts = field(default_factory=Counts)
    accounts: Counts = field(default_factory=Counts)
    elections_created: int = 0
    areas_created: int = 0
    areas_linked: int = 0
    parties_created: int = 0
    dry_run: bool = False
    atomic: bool = False
    written: bool = False

    @property
    def good_rows(self) -> int:
        return self.rows - len(self.bad_rows)

    @property
    def changes(self) -> int:
        return (
            self.people.created
            + self.people.updated
            + self.positions.created
            + self.positions.updated
            + self.accounts.created
            + self.accounts.updated
            + self.elections_created
            + self.areas_created
            + self.areas_linked
            + self.parties_created
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "good_rows": self.good_rows,
            "bad_rows": [{"line": b.line, "reason": b.reason} for b in self.bad_rows],
            "people": vars(self.people),
            "positions": vars(self.positions),
            "accounts": vars(self.accounts),
            "elections_created": self.elections_created,
            "areas_created": self.areas_created,
            "areas_linked": self.areas_linked,
            "parties_created": self.parties_created,
            "dry_run": self.dry_run,
            "atomic": self.atomic,
            "written": self.written,
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV, not UTF-8, required columns missing)."""


# ---------------------------------------------------------------- reading CSV


def _reader(data: bytes | str) -> tuple[csv.DictReader[str], list[str]]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The file must be a CSV file saved as UTF-8")) from error
    reader = csv.DictReader(io.StringIO(data, newline=""))
    try:
        headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportFileError(_("The file is not a CSV file")) from error
    if not headers:
        raise ImportFileError(_("The file is empty"))
    reader.fieldnames = headers
    return reader, headers


def _require(headers: Sequence[str], required: Sequence[str]) -> None:
    missing = [name for name in required if name not in headers]
    if missing:
        raise ImportFileError(
            _("The file is missing these columns: %(columns)s", columns=", ".join(missing))
        )


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) with every value stripped; a malformed row is a bad row."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, {"__error__": "csv"}
            continue
        clean = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
        if row.get(None):
            clean["__error__"] = "extra"
        yield reader.line_num, clean


def _email(value: str) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    email = normalise_email(value)
    problem = email_problem(email)
    return (None, problem) if problem else (email, None)


def _language(value: str) -> tuple[str | None, str | None]:
    lowered = value.lower()
    if not lowered:
        return None, None
    if lowered in ("en", "english", "saesneg"):
        return "en", None
    if lowered in ("cy", "welsh", "cymraeg"):
        return "cy", None
    return None, _("The language must be en (English) or cy (Welsh)")


def _row_problem(row: dict[str, str]) -> str | None:
    if row.get("__error__") == "csv":
        return _("This row is not valid CSV")
    if row.get("__error__") == "extra":
        return _("This row has more values than the file has columns")
    return None


# ---------------------------------------------------------------- Democracy Club candidates


@dataclass
class _DcContext:
    elections: dict[str, tuple[str, date | None]] = field(default_factory=dict)  # slug -> name
    areas: dict[str, tuple[AreaKind, str, str | None]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)  # slug -> name


def _election_type(election_id: str) -> str:
    return election_id.split(".", 1)[0]


def _election_name(election_id: str) -> str:
    parts = election_id.split(".")
    return " ".join(p.replace("-", " ") for p in parts[:-1]).strip() + f" ({parts[-1]})"


def _area_slug(ballot_paper_id: str) -> str:
    """The post a ballot is for: its id without the date (and any by-election marker)."""
    parts = ballot_paper_id.split(".")[:-1]
    if parts and parts[-1] == "by":
        parts = parts[:-1]
    return ".".join(parts)


def _parse_dc_row(line: int, row: dict[str, str], context: _DcContext) -> PersonRow | BadRow:
    if problem := _row_problem(row):
        return BadRow(line, problem)
    person_id, name = row.get("person_id", ""), row.get("person_name", "")
    election_id, ballot = row.get("election_id", "").lower(), row.get("ballot_paper_id", "").lower()
    post_label, party_name = row.get("post_label", ""), row.get("party_name", "")
    problems: list[str] = []
    if not person_id.isdigit() or len(person_id) > 12:
        problems.append(_("person_id must be a Democracy Club person number"))
    if not name:
        problems.append(_("person_name is empty"))
    elif len(name) > MAX_NAME:
        problems.append(_("person_name is longer than 200 characters"))
    election_match = _ELECTION_ID.match(election_id)
    ballot_match = _ELECTION_ID.match(ballot)
    if election_match is None or len(election_id) > 200:
        problems.append(_("election_id is not a Democracy Club election id"))
    if ballot_match is None or len(ballot) > 200:
        problems.append(_("ballot_paper_id is not a Democracy Club ballot id"))
    elif election_match is not None and (
        ballot_match.group(1) != election_match.group(1)
        or _election_type(ballot) != _election_type(election_id)
    ):
        problems.append(_("ballot_paper_id is not a ballot of election_id"))
    if not post_label:
        problems.append(_("post_label is empty"))
    elif len(post_label) > MAX_NAME:
        problems.append(_("post_label is longer than 200 characters"))
    if len(party_name) > 300:
        problems.append(_("party_name is longer than 300 characters"))
    email, email_error = _email(row.get("email", ""))
    if email_error:
        problems.append(_("email: %(problem)s", problem=email_error))
    language, language_error = _language(row.get("language", ""))
    if language_error:
        problems.append(language_error)
    accounts = {}
    for column, platform in DC_ACCOUNTS.items():
        value = row.get(column, "")
        if len(value) > MAX_VALUE:
            problems.append(_("%(column)s is too long", column=column))
        elif value:
            accounts[platform] = value
    if problems:
        return BadRow(line, "; ".join(problems))
    assert election_match is not None
    election_date = _date(election_match.group(1))
    if election_date is None:
        return BadRow(line, _("election_id does not end with a real date"))
    context.elections.setdefault(election_id, (_election_name(election_id), election_date))
    area_slug = _area_slug(ballot)
    kind = _election_type(election_id)
    area_kind = (
        AreaKind.CONSTITUENCY
        if kind in CONSTITUENCY_TYPES
        else AreaKind.WARD
        if kind in WARD_TYPES
        else AreaKind.OTHER
    )
    force = geography.force_for_constituency(post_label) if kind == "parl" else None
    context.areas[area_slug] = (area_kind, post_label, force.slug if force else None)
    party_slug = None
    if party_name.lower() not in NO_PARTY and slugify(party_name):
        party_slug = slugify(party_name)[:200]
        context.parties[party_slug] = party_name
    return PersonRow(
        line=line,
        key=f"dc:{person_id}",
        kind=PersonKind.CANDIDATE,
        full_name=name,
        email=email,
        language=language,
        positions=[
            PositionRow(
                key=ballot,
                role=PositionRole.CANDIDATE,
                election_slug=election_id,
                area_slug=area_slug,
                party_slug=party_slug,
            )
        ],
        accounts=accounts,
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def plan_candidates(
    *, session: Session, data: bytes | str, progress: Progress | None = None
) -> Plan:
    """Read and check a Democracy Club candidate CSV against the registry (reads only)."""
    reader, headers = _reader(data)
    _require(headers, DC_REQUIRED)
    context = _DcContext()
    report = ImportReport(kind="candidates")
    parsed: list[PersonRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in _rows(reader):
        report.rows += 1
        result = _parse_dc_row(line, row, context)
        if isinstance(result, BadRow):
            report.bad_rows.append(result)
            continue
        marker = (result.key, result.positions[0].key)
        if marker in seen:
            report.bad_rows.append(
                BadRow(line, _("This candidacy repeats line %(line)s", line=seen[marker]))
            )
            continue
        seen[marker] = line
        parsed.append(result)
        if progress and report.rows % 500 == 0:
            progress(report.rows, 0)
    plan = Plan(report=report, people=_merge_people(parsed), context=context)
    _resolve(session, plan)
    return plan


# ---------------------------------------------------------------- electoral staff and agents


def plan_staff(*, session: Session, data: bytes | str, progress: Progress | None = None) -> Plan:
    """Read and check a staff CSV (see docs/outreach.md) against the registry (reads only)."""
    reader, headers = _reader(data)
    _require(headers, STAFF_REQUIRED)
    report = ImportReport(kind="staff")
    authorities = {
        org.slug: org.id
        for org in session.scalars(
            select(Organisation).where(Organisation.kind == OrgKind.ELECTORAL_AUTHORITY)
        )
    }
    areas = _area_lookup(session)
    parties = {p.slug: p.name for p in session.scalars(select(Party))}
    context = _DcContext()
    parsed: list[PersonRow] = []
    seen: dict[str, int] = {}
    area_authority: dict[str, int] = {}
    for line, row in _rows(reader):
        report.rows += 1
        result = _parse_staff_row(line, row, authorities, areas, parties)
        if isinstance(result, BadRow):
            report.bad_rows.append(result)
            continue
        if result.key in seen:
            report.bad_rows.append(
                BadRow(line, _("This reference repeats line %(line)s", line=seen[result.key]))
            )
            continue
        position = result.positions[0]
        if position.area_slug and position.authority_id:
            current = areas.authority.get(position.area_slug) or area_authority.get(
                position.area_slug
            )
            if current is not None and current != position.authority_id:
                report.bad_rows.append(
                    BadRow(line, _("This area is run by another electoral authority"))
                )
                continue
            area_authority[position.area_slug] = position.authority_id
        seen[result.key] = line
        if position.party_slug and position.party_slug not in parties:
            context.parties[position.party_slug] = row.get("party", "")
        parsed.append(result)
        if progress and report.rows % 500 == 0:
            progress(report.rows, 0)
    plan = Plan(report=report, people=parsed, context=context, area_authority=area_authority)
    _resolve(session, plan)
    return plan


@dataclass
class _AreaLookup:
    by_slug: set[str]
    by_name: dict[str, list[str]]  # area_key(name) -> slugs
    authority: dict[str, int | None]


def _area_lookup(session: Session) -> _AreaLookup:
    by_name: dict[str, list[str]] = {}
    slugs: set[str] = set()
    authority: dict[str, int | None] = {}
    for slug, name, authority_id in session.execute(
        select(Area.slug, Area.name, Area.authority_id)
    ):
        slugs.add(slug)
        by_name.setdefault(area_key(name), []).append(slug)
        authority[slug] = authority_id
    return _AreaLookup(slugs, by_name, authority)


def _parse_staff_row(
    line: int,
    row: dict[str, str],
    authorities: dict[str, int],
    areas: _AreaLookup,
    parties: dict[str, str],
) -> PersonRow | BadRow:
    if problem := _row_problem(row):
        return BadRow(line, problem)
    problems: list[str] = []
    reference, name = row.get("reference", ""), row.get("name", "")
    if not _REFERENCE.match(reference):
        problems.append(_("reference must be 1 to 100 letters, digits or . _ : / - (no spaces)"))
    if not name:
        problems.append(_("name is empty"))
    elif len(name) > MAX_NAME:
        problems.append(_("name is longer than 200 characters"))
    try:
        role: PositionRole | None = PositionRole(row.get("role", "").lower())
    except ValueError:
        role = None
    if role is None or role == PositionRole.CANDIDATE:
        allowed = ", ".join(r.value for r in PositionRole if r != PositionRole.CANDIDATE)
        problems.append(_("role must be one of: %(roles)s", roles=allowed))
    authority_slug = row.get("authority", "").lower()
    authority_id = authorities.get(authority_slug) if authority_slug else None
    if authority_slug and authority_id is None:
        problems.append(_("authority is not the short name of an electoral authority"))
    elif role in STAFF_ROLES and not authority_slug:
        problems.append(_("authority is needed for electoral staff"))
    area_slug = None
    if area_name := row.get("area", ""):
        if area_name.lower() in areas.by_slug:
            area_slug = area_name.lower()
        else:
            found = areas.by_name.get(area_key(area_name), [])
            if not found:
                problems.append(_("area is not an area in the registry (import candidates first)"))
            elif len(found) > 1:
                problems.append(_("more than one area has this name: give its id instead"))
            else:
                area_slug = found[0]
    party_slug = None
    party_name = row.get("party", "")
    if role == PositionRole.AGENT:
        if party_name.lower() in NO_PARTY:
            if not area_slug:
                problems.append(_("an independent candidate's agent needs an area"))
        else:
            party_slug = slugify(party_name)[:200] or None
        if party_slug is None and party_name.lower() not in NO_PARTY:
            problems.append(_("party is not a party name"))
    elif party_name:
        problems.append(_("only agents belong to a party"))
    email, email_error = _email(row.get("email", ""))
    if email_error:
        problems.append(_("email: %(problem)s", problem=email_error))
    language, language_error = _language(row.get("language", ""))
    if language_error:
        problems.append(language_error)
    address = row.get("postal_address", "")
    if len(address) > 1000:
        problems.append(_("postal_address is longer than 1000 characters"))
    if problems or role is None:
        return BadRow(line, "; ".join(problems))
    kind = PersonKind.AGENT if role == PositionRole.AGENT else PersonKind.ELECTORAL_STAFF
    return PersonRow(
        line=line,
        key=f"staff:{reference}",
        kind=kind,
        full_name=name,
        email=email,
        language=language,
        postal_address=address or None,
        positions=[
            PositionRow(
                key=f"{role.value}:{area_slug or authority_slug or party_slug or '-'}",
                role=role,
                area_slug=area_slug,
                party_slug=party_slug,
                authority_id=authority_id,
            )
        ],
    )


# ---------------------------------------------------------------- planning against the registry


def _merge_people(rows: list[PersonRow]) -> list[PersonRow]:
    """One PersonRow per person: a candidate on several ballots has several positions; their
    details come from their last row."""
    merged: dict[str, PersonRow] = {}
    for row in rows:
        existing = merged.get(row.key)
        if existing is None:
            merged[row.key] = row
            continue
        existing.full_name, existing.line = row.full_name, row.line
        existing.email = row.email or existing.email
        existing.language = row.language or existing.language
        existing.positions.extend(row.positions)
        existing.accounts.update(row.accounts)
    return list(merged.values())


@dataclass
class Plan:
    """What an import will write; built by plan_*, written by apply_plan."""

    report: ImportReport
    people: list[PersonRow]
    context: _DcContext
    area_authority: dict[str, int] = field(default_factory=dict)
    new_elections: list[dict[str, Any]] = field(default_factory=list)
    new_areas: list[dict[str, Any]] = field(default_factory=list)
    area_updates: list[dict[str, Any]] = field(default_factory=list)
    new_parties: list[dict[str, Any]] = field(default_factory=list)
    new_people: list[dict[str, Any]] = field(default_factory=list)
    person_updates: list[dict[str, Any]] = field(default_factory=list)
    person_ids: dict[str, int] = field(default_factory=dict)
    existing_positions: dict[tuple[int, str], tuple[int, tuple[Any, ...]]] = field(
        default_factory=dict
    )
    existing_accounts: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)


T = TypeVar("T")


def _table(model: type[Any]) -> Table:
    """A model's Core table: bulk inserts through Core run as batched multi-row INSERTs
    (the ORM's bulk path sends PostgreSQL a statement per row here)."""
    return cast(Table, model.__table__)


def matching(column: Any, values: Sequence[Any]) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses that together cover `values`: a few IN lists for a small import, or
    one full scan (no filter; callers look rows up by key) for a large one."""
    if len(values) > SCAN_ABOVE:
        yield true()
        return
    for chunk in chunks(values):
        yield column.in_(chunk)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _resolve(session: Session, plan: Plan) -> None:
    """Compare the parsed rows with the registry, in bulk, and fill the plan's lists."""
    report, context = plan.report, plan.context
    known_elections = {
        slug: election_id
        for slug, election_id in session.execute(select(Election.slug, Election.id))
    }
    for slug, (name, when) in context.elections.items():
        if slug not in known_elections:
            plan.new_elections.append({"slug": slug, "name": name, "election_date": when})
    report.elections_created = len(plan.new_elections)
    party_orgs = {
        slug: org_id
        for slug, org_id in session.execute(
            select(Organisation.slug, Organisation.id).where(Organisation.kind == OrgKind.PARTY)
        )
    }
    known_parties = {
        slug: org for slug, org in session.execute(select(Party.slug, Party.organisation_id))
    }
    for slug, name in context.parties.items():
        if slug not in known_parties:
            plan.new_parties.append(
                {"slug": slug, "name": name, "organisation_id": party_orgs.get(slug)}
            )
    report.parties_created = len(plan.new_parties)
    known_areas = {
        row.slug: row for row in session.execute(select(Area.id, Area.slug, Area.force_slug))
    }
    for slug, (kind, name, force) in context.areas.items():
        existing = known_areas.get(slug)
        if existing is None:
            plan.new_areas.append({"slug": slug, "kind": kind, "name": name, "force_slug": force})
        elif existing.force_slug is None and force is not None:
            plan.area_updates.append({"id": existing.id, "force_slug": force})
    report.areas_created = len(plan.new_areas)
    if plan.area_authority:
        current = {
            slug: (area_id, authority)
            for area_id, slug, authority in session.execute(
                select(Area.id, Area.slug, Area.authority_id)
            )
        }
        for slug, authority_id in plan.area_authority.items():
            area_id, authority = current[slug]
            if authority is None:
                plan.area_updates.append({"id": area_id, "authority_id": authority_id})
                report.areas_linked += 1
    _resolve_people(session, plan)


def _resolve_people(session: Session, plan: Plan) -> None:
    report = plan.report
    keys = [p.key for p in plan.people]
    existing: dict[str, Any] = {}
    for condition in matching(Person.key, keys):
        for hit in session.execute(
            select(
                Person.id,
                Person.key,
                Person.kind,
                Person.full_name,
                Person.email,
                Person.language,
                Person.postal_address,
            ).where(condition)
        ):
            existing[hit.key] = hit
    now = utcnow()
    for person in plan.people:
        row = existing.get(person.key)
        if row is None:
            plan.new_people.append(
                {
                    "key": person.key,
                    "kind": person.kind,
                    "full_name": person.full_name,
                    "email": person.email,
                    "language": person.language or "en",
                    "postal_address": person.postal_address,
                    "created_at": now,
                    "updated_at": now,
                    "reminders_sent": 0,
                }
            )
            continue
        plan.person_ids[person.key] = row.id
        wanted = {
            "kind": person.kind,
            "full_name": person.full_name,
            "email": person.email if person.email is not None else row.email,
            "language": person.language or row.language,
            "postal_address": person.postal_address
            if person.postal_address is not None
            else row.postal_address,
        }
        changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if changed:
            plan.person_updates.append({"id": row.id, "updated_at": now, **changed})
    report.people.created = len(plan.new_people)
    report.people.updated = len(plan.person_updates)
    report.people.unchanged = len(plan.people) - report.people.created - report.people.updated
    ids = list(plan.person_ids.values())
    for condition in matching(Position.person_id, ids):
        for found_position in session.execute(
            select(
                Position.id,
                Position.person_id,
                Position.key,
                Position.role,
                Election.slug.label("election_slug"),
                Area.slug.label("area_slug"),
                Party.slug.label("party_slug"),
                Position.authority_id,
            )
            .outerjoin(Election, Election.id == Position.election_id)
            .outerjoin(Area, Area.id == Position.area_id)
            .outerjoin(Party, Party.id == Position.party_id)
            .where(condition)
        ):
            p = found_position
            plan.existing_positions[(p.person_id, p.key)] = (
                p.id,
                (p.role, p.election_slug, p.area_slug, p.party_slug, p.authority_id),
            )
    for condition in matching(SocialAccount.person_id, ids):
        for found_account in session.execute(
            select(
                SocialAccount.id,
                SocialAccount.person_id,
                SocialAccount.platform,
                SocialAccount.value,
            ).where(condition)
        ):
            plan.existing_accounts[(found_account.person_id, found_account.platform)] = (
                found_account.id,
                found_account.value,
            )
    for person in plan.people:
        person_id = plan.person_ids.get(person.key)
        for position in person.positions:
            found = plan.existing_positions.get((person_id, position.key)) if person_id else None
            if found is None:
                report.positions.created += 1
            elif found[1] != _position_values(position):
                report.positions.updated += 1
            else:
                report.positions.unchanged += 1
        for platform, value in person.accounts.items():
            account = plan.existing_accounts.get((person_id, platform)) if person_id else None
            if account is None:
                report.accounts.created += 1
            elif account[1] != value:
                report.accounts.updated += 1
            else:
                report.accounts.unchanged += 1


def _position_values(position: PositionRow) -> tuple[Any, ...]:
    return (
        position.role,
        position.election_slug,
        position.area_slug,
        position.party_slug,
        position.authority_id,
    )


# ---------------------------------------------------------------- writing


def apply_plan(*, session: Session, plan: Plan, progress: Progress | None = None) -> None:
    """Write the plan with bulk statements. The caller commits (or rolls back)."""
    total = len(plan.people)
    if plan.new_elections:
        session.execute(insert(_table(Election)), plan.new_elections)
    if plan.new_parties:
        session.execute(insert(_table(Party)), plan.new_parties)
    if plan.new_areas:
        session.execute(insert(_table(Area)), plan.new_areas)
    for change in plan.area_updates:
        session.execute(update(Area).where(Area.id == change.pop("id")).values(**change))
    election_ids = {
        slug: row_id for slug, row_id in session.execute(select(Election.slug, Election.id))
    }
    area_ids = {slug: row_id for slug, row_id in session.execute(select(Area.slug, Area.id))}
    party_ids = {slug: row_id for slug, row_id in session.execute(select(Party.slug, Party.id))}
    for chunk in chunks(plan.new_people):
        for person_id, key in session.execute(
            insert(_table(Person)).returning(Person.id, Person.key), list(chunk)
        ):
            plan.person_ids[key] = person_id
    if plan.person_updates:
        session.execute(update(Person), plan.person_updates)
    new_positions: list[dict[str, Any]] = []
    position_updates: list[dict[str, Any]] = []
    new_accounts: list[dict[str, Any]] = []
    account_updates: list[dict[str, Any]] = []
    for done, person in enumerate(plan.people, start=1):
        person_id = plan.person_ids[person.key]
        for position in person.positions:
            values = {
                "role": position.role,
                "election_id": election_ids.get(position.election_slug or ""),
                "area_id": area_ids.get(position.area_slug or ""),
                "party_id": party_ids.get(position.party_slug or ""),
                "authority_id": position.authority_id,
            }
            found = plan.existing_positions.get((person_id, position.key))
            if found is None:
                new_positions.append({"person_id": person_id, "key": position.key, **values})
            elif found[1] != _position_values(position):
                position_updates.append({"id": found[0], **values})
        for platform, value in person.accounts.items():
            account = plan.existing_accounts.get((person_id, platform))
            if account is None:
                new_accounts.append({"person_id": person_id, "platform": platform, "value": value})
            elif account[1] != value:
                account_updates.append({"id": account[0], "value": value})
        if progress and done % 500 == 0:
            progress(done, total)
    for rows, statement in (
        (new_positions, insert(_table(Position))),
        (position_updates, update(Position)),
        (new_accounts, insert(_table(SocialAccount))),
        (account_updates, update(SocialAccount)),
    ):
        for chunk in chunks(rows, 5000):
            session.execute(statement, list(chunk))
    session.flush()
    plan.report.written = True
    if progress:
        progress(total, total)


def run_import(
    *,
    session: Session,
    kind: str,
    data: bytes | str,
    dry_run: bool = False,
    atomic: bool = False,
    progress: Progress | None = None,
    actor: str = "system",
) -> ImportReport:
    """Plan, then write unless this is a dry run (or `atomic` and any row is bad); a write
    is audited (counts only, never names)."""
    planner = plan_candidates if kind == "candidates" else plan_staff
    plan = planner(session=session, data=data, progress=progress)
    plan.report.dry_run, plan.report.atomic = dry_run, atomic
    if dry_run or (atomic and plan.report.bad_rows):
        return plan.report
    apply_plan(session=session, plan=plan, progress=progress)
    report = plan.report
    record(
        session=session,
        actor=actor,
        action="outreach.import",
        subject_type="outreach_import",
        subject_id=kind,
        details={
            "rows": report.rows,
            "bad_rows": len(report.bad_rows),
            "people_created": report.people.created,
            "people_updated": report.people.updated,
        },
    )
    return report
