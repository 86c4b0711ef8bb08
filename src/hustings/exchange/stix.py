"""Signals as STIX 2.1 objects, for the TAXII server and anyone who reads STIX.

Each signal is one `indicator` whose pattern names what to look for (file hashes, a URL, an
account, a text fingerprint); what STIX has no words for (PDQ and its match threshold, the
text MinHash, labels from our taxonomy, the source's action) travels in a property extension
declared by one `extension-definition`. Identifiers are hashes of our own ids (UUIDv5, in v4
form), so a signal keeps its STIX id on every read and a changed signal is a new version.

TLP: the `stix2` library (3.0) carries only the TLP 1 marking definitions, so TLP 2.0 markings
map to them: CLEAR to WHITE, and AMBER+STRICT to AMBER plus a statement marking that says
"your organisation only" (stricter, never looser, than the label it came from).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import stix2

from hustings.exchange.models import Opinion, OpinionKind, Signal, SignalKind, SignalStatus, Tlp

NAMESPACE = uuid.UUID("6f1b7c3e-2d4a-5b8e-9c0f-4a1d2e3f5b6c")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # created/modified of the fixed objects below
PDQ_THRESHOLD = 31
TEXT_MIN_SIMILARITY = 0.5


def _id(kind: str, name: str) -> str:
    """A stable id: the UUIDv5 of the name, written in version 4 form (STIX asks for v4 ids
    on domain objects; the bits are still a hash of our own id, so every read agrees).
    """
    return f"{kind}--{uuid.UUID(bytes=uuid.uuid5(NAMESPACE, name).bytes, version=4)}"


HUB = stix2.Identity(
    id=_id("identity", "hustings-hub"),
    created=EPOCH,
    modified=EPOCH,
    name="Hustings signal exchange",
    description="The hub that relays signals between member platforms.",
    identity_class="organization",
    sectors=["non-profit"],
)

EXTENSION = stix2.ExtensionDefinition(
    id=_id("extension-definition", "hustings-signal-v1"),
    created=EPOCH,
    modified=EPOCH,
    created_by_ref=HUB.id,
    name="Hustings signal",
    description=(
        "Properties of a Hustings signal that STIX has no names for. signal_id, signal_type "
        "(pdq, md5, sha256, url, account, text), source (the sharing platform), harm_labels, "
        "action and acted_at (what the source did and when), sharing_group, tlp (the TLP 2.0 "
        "label as shared), disputed, suppressed and opinion counts. PDQ: pdq_threshold (the "
        "Hamming distance, out of 256 bits, within which an image matches; 31 by default) and "
        "pdq_quality. Text: text_minhash ('mh1:' and 64 MinHash values over character "
        "5-shingles of the normalised text, see hustings/exchange/textprint.py) and "
        "text_min_similarity (share of equal values that counts as a match)."
    ),
    schema="https://github.com/hustings/hustings/blob/main/docs/exchange.md#taxii-and-stix",
    version="1.0.0",
    extension_types=["property-extension"],
)

AMBER_STRICT = stix2.MarkingDefinition(
    id=_id("marking-definition", "tlp-amber-strict"),
    created=EPOCH,
    definition_type="statement",
    definition=stix2.StatementMarking(
        "TLP:AMBER+STRICT: share only within your own organisation, not with its clients."
    ),
)

TLP_MARKINGS: dict[Tlp, list[str]] = {
    Tlp.CLEAR: [stix2.TLP_WHITE.id],
    Tlp.GREEN: [stix2.TLP_GREEN.id],
    Tlp.AMBER: [stix2.TLP_AMBER.id],
    Tlp.AMBER_STRICT: [stix2.TLP_AMBER.id, AMBER_STRICT.id],
    Tlp.RED: [stix2.TLP_RED.id],
}

FIXED_OBJECTS: tuple[Any, ...] = (
    HUB,
    EXTENSION,
    stix2.TLP_WHITE,
    stix2.TLP_GREEN,
    stix2.TLP_AMBER,
    AMBER_STRICT,
    stix2.TLP_RED,
)

OPINION_WORDS = {
    OpinionKind.POSITIVE: ("agree", "A member platform confirms this signal on its service."),
    OpinionKind.NEGATIVE: (
        "strongly-disagree",
        "A member platform reports a false positive on its service: the signal is disputed.",
    ),
    OpinionKind.ACTIONED: ("strongly-agree", "A member platform acted on this signal."),
}


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with microseconds, as TAXII's date_added and our extension write it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _quote(value: str) -> str:
    """A STIX pattern string literal: backslashes and single quotes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern(signal: Signal) -> str:
    """The STIX pattern that finds what this signal describes."""
    kind, value, details = signal.kind, signal.value, signal.details or {}
    if kind == SignalKind.PDQ:
        return f"[file:hashes.PDQ = {_quote(value)}]"
    if kind == SignalKind.MD5:
        return f"[file:hashes.MD5 = {_quote(value)}]"
    if kind == SignalKind.SHA256:
        return f"[file:hashes.'SHA-256' = {_quote(value)}]"
    if kind == SignalKind.URL:
        return f"[url:value = {_quote(value)}]"
    if kind == SignalKind.ACCOUNT:
        platform = str(details.get("platform") or value.partition(":")[0])
        account_id = str(details.get("account_id") or value.partition(":")[2])
        found = f"user-account:user_id = {_quote(account_id)}"
        handle = details.get("handle")
        if handle:
            found = f"({found} OR user-account:account_login = {_quote(str(handle))})"
        return f"[user-account:account_type = {_quote(platform)} AND {found}]"
    if kind == SignalKind.TEXT:
        return f"[x-hustings-text:exact_sha256 = {_quote(value)}]"
    raise ValueError(f"no STIX pattern for {kind}")


def indicator_id(signal_id: int) -> str:
    return _id("indicator", f"signal:{signal_id}")


def _extension(signal: Signal, source: str, group: str, suppressed: bool) -> dict[str, Any]:
    details = signal.details or {}
    props: dict[str, Any] = {
        "extension_type": "property-extension",
        "signal_id": signal.id,
        "signal_type": signal.kind.value,
        "source": source,
        "harm_labels": list(signal.labels),
        "action": signal.source_action.value,
        "acted_at": timestamp(signal.source_acted_at),
        "sharing_group": group,
        "tlp": signal.tlp.value,
        "disputed": signal.disputed,
        "suppressed": suppressed,
        "opinions_positive": signal.positive_count,
        "opinions_negative": signal.negative_count,
        "opinions_actioned": signal.actioned_count,
    }
    if signal.kind == SignalKind.PDQ:
        props["pdq_threshold"] = PDQ_THRESHOLD
        if "quality" in details:
            props["pdq_quality"] = int(details["quality"])
    if signal.kind == SignalKind.TEXT:
        props["text_minhash"] = str(details.get("minhash", ""))
        props["text_min_similarity"] = TEXT_MIN_SIMILARITY
    if signal.kind == SignalKind.URL and details.get("short_link"):
        props["short_link"] = True
    return props


def indicator(signal: Signal, *, source: str, group: str, suppressed: bool) -> stix2.Indicator:
    """One signal as a STIX indicator; withdrawn means revoked, expiry means valid_until."""
    valid_from = signal.source_acted_at
    # STIX wants valid_until after valid_from; a row that breaks that stays open-ended.
    valid_until = signal.expires_at if signal.expires_at > valid_from else None
    return stix2.Indicator(
        id=indicator_id(signal.id),
        created=signal.created_at,
        modified=max(signal.updated_at, signal.created_at),
        created_by_ref=HUB.id,
        name=f"Hustings {signal.kind.value} signal {signal.id}",
        description=(
            f"Shared by {source} ({signal.source_action.value}) in sharing group {group}. "
            "A clue, not proof: review it under your own rules."
        ),
        indicator_types=["malicious-activity"],
        pattern=pattern(signal),
        pattern_type="stix",
        pattern_version="2.1",
        valid_from=valid_from,
        valid_until=valid_until,
        revoked=signal.status == SignalStatus.WITHDRAWN,
        confidence=round(signal.confidence * 100),
        labels=list(signal.labels) or None,
        object_marking_refs=TLP_MARKINGS[signal.tlp],
        extensions={EXTENSION.id: _extension(signal, source, group, suppressed)},
    )


def opinion(row: Opinion, signal: Signal) -> stix2.Opinion:
    """A receiver's opinion on a signal. Not attributed: the JSON API shows platforms only
    counts of others' opinions, and STIX readers get the same.
    """
    word, explanation = OPINION_WORDS[row.kind]
    if row.kind == OpinionKind.ACTIONED and row.action is not None:
        explanation = f"{explanation} Action: {row.action.value}."
    return stix2.Opinion(
        id=_id("opinion", f"opinion:{row.id}"),
        created=row.created_at,
        modified=row.created_at,
        opinion=word,
        explanation=explanation,
        object_refs=[indicator_id(signal.id)],
        object_marking_refs=TLP_MARKINGS[signal.tlp],
    )


def as_dict(obj: Any) -> dict[str, Any]:
    """A STIX object as the JSON a TAXII envelope carries."""
    import json

    data: dict[str, Any] = json.loads(obj.serialize())
    return data


def version_of(obj: dict[str, Any]) -> str:
    """An object's version for manifests: `modified`, or `created` for markings."""
    return str(obj.get("modified") or obj["created"])
