"""The exchange API end to end through the app: sharing, the feed, withdrawal, opinions,
matching, visibility by sharing group, audit and rate limits.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories.exchange import (
    Member,
    flip_bits,
    make_member,
    pdq_data_dir,
    random_pdq,
    share_via_api,
    signal_body,
)

from hustings import writebehind
from hustings.audit.models import AuditEntry
from hustings.auth.apikeys import revoke_key
from hustings.exchange.models import Receipt, Signal
from hustings.exchange.textprint import fingerprint

SIGNALS = "/api/v1/exchange/signals"
MATCH = "/api/v1/exchange/match"
BRIDGE = pdq_data_dir() / "bridge-mods"


def feed(client: Any, member: Member, since: int = 0, limit: int = 100) -> dict[str, Any]:
    response = client.get(SIGNALS, params={"since": since, "limit": limit}, headers=member.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def match(client: Any, member: Member, *queries: dict[str, Any], **extra: Any) -> list[Any]:
    response = client.post(MATCH, json={"queries": list(queries), **extra}, headers=member.headers)
    assert response.status_code == 200, response.text
    return [r["matches"] for r in response.json()["results"]]


def test_a_shared_signal_reaches_the_other_platform(client: Any, pair: Any) -> None:
    a, b = pair
    body = signal_body("url", url="HTTP://WWW.Example.org/post/1/?utm_source=tw&fbclid=x")
    shared = share_via_api(client, a, body)[0]
    assert shared["value"] == "https://example.org/post/1"
    assert shared["details"]["as_given"].startswith("HTTP://WWW")
    assert shared["source"] == "platform-a" and shared["event"] == "new"
    page = feed(client, b)
    assert [s["id"] for s in page["signals"]] == [shared["id"]]
    assert page["next"] == shared["seq"] and page["more"] is False
    assert "case_id" not in page["signals"][0]
    hits = match(client, b, {"type": "url", "url": "https://example.org/post/1?utm_medium=x"})
    assert [h["signal_id"] for h in hits[0]] == [shared["id"]]
    assert hits[0][0]["labels"] == ["threat_of_violence"]


def test_every_kind_can_be_shared_and_matched(client: Any, pair: Any) -> None:
    a, b = pair
    bodies = [signal_body(kind) for kind in ("pdq", "md5", "sha256", "url", "account", "text")]
    shared = share_via_api(client, a, *bodies)
    assert [s["type"] for s in shared] == ["pdq", "md5", "sha256", "url", "account", "text"]
    queries = [
        {"type": "pdq", "hash": flip_bits(bodies[0]["hash"], 20)},
        {"type": "md5", "hash": bodies[1]["hash"].upper()},
        {"type": "sha256", "hash": bodies[2]["hash"]},
        {"type": "url", "url": bodies[3]["url"] + "/"},
        {"type": "account", "platform": "X", "handle": bodies[4]["handle"].upper()},
        {"type": "text", "exact": bodies[5]["exact"], "minhash": bodies[5]["minhash"]},
    ]
    results = match(client, b, *queries)
    assert [[h["signal_id"] for h in r] for r in results] == [[s["id"]] for s in shared]
    assert results[0][0]["distance"] == 20


def test_pdq_threshold_is_31_unless_asked_up_to_63(client: Any, pair: Any) -> None:
    a, b = pair
    body = signal_body("pdq")
    share_via_api(client, a, body)
    far = {"type": "pdq", "hash": flip_bits(body["hash"], 40)}
    assert match(client, b, far) == [[]]
    assert match(client, b, far, pdq_threshold=45)[0][0]["distance"] == 40
    near = {"type": "pdq", "hash": flip_bits(body["hash"], 31)}
    assert len(match(client, b, near)[0]) == 1
    refused = client.post(MATCH, json={"queries": [far], "pdq_threshold": 64}, headers=b.headers)
    assert refused.status_code == 422


def test_similar_text_matches_and_the_text_is_never_kept(
    client: Any, db: Session, pair: Any
) -> None:
    a, b = pair
    original = "Everyone knows where you live now, you should be very careful going home tonight"
    printed = fingerprint(original)
    share_via_api(client, a, signal_body("text", exact=printed.exact, minhash=printed.minhash))
    changed = "everyone knows where u live now!! you should be very careful going home tonight"
    hits = match(client, b, {"type": "text", "text": changed})[0]
    assert len(hits) == 1 and hits[0]["similarity"] >= 0.5
    assert match(client, b, {"type": "text", "text": "Thank you for coming to the hustings"}) == [
        []
    ]
    raw = client.post(
        SIGNALS, json={"signals": [signal_body("text", text=original)]}, headers=a.headers
    )
    assert raw.status_code == 422 and "never the text" in raw.text
    stored = db.scalars(select(Signal.details)).all()
    assert not any("careful" in str(d) for d in stored)


@pytest.mark.skipif(not BRIDGE.is_dir(), reason="../shared/data/pdq is not beside the checkout")
def test_an_uploaded_image_matches_its_edits(client: Any, pair: Any) -> None:
    a, b = pair
    original = (BRIDGE / "aaa-orig.jpg").read_bytes()
    response = client.post(
        MATCH + "/image", files={"image": ("x.jpg", original, "image/jpeg")}, headers=a.headers
    )
    pdq = response.json()["pdq"]
    assert pdq["quality"] >= 80
    share_via_api(client, a, signal_body("pdq", hash=pdq["hash"], quality=pdq["quality"]))
    edit = (BRIDGE / "blur-a-lot.jpg").read_bytes()
    response = client.post(
        MATCH + "/image", files={"image": ("y.jpg", edit, "image/jpeg")}, headers=b.headers
    )
    assert response.status_code == 200, response.text
    hits = response.json()["results"][0]["matches"]
    assert len(hits) == 1 and hits[0]["distance"] <= 31


def test_a_batch_is_all_or_nothing_with_every_problem_named(
    client: Any, db: Session, pair: Any
) -> None:
    a, _ = pair
    bodies = [
        signal_body("pdq"),
        signal_body("pdq", hash="not-a-hash"),
        signal_body("url", labels=["not_a_harm"]),
        signal_body("md5", sharing_group="someone-elses"),
    ]
    response = client.post(SIGNALS, json={"signals": bodies}, headers=a.headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"signals[1]"} <= fields
    assert "PDQ hash is 64 hexadecimal digits" in response.text
    # The PDQ problem is found first; the label and group are then checked on a fixed batch.
    bodies[1] = signal_body("pdq")
    response = client.post(SIGNALS, json={"signals": bodies}, headers=a.headers)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"signals[2].labels", "signals[3].sharing_group"}
    assert db.scalar(select(Signal.id)) is None


def test_a_huge_batch_gets_413_with_the_limit(client: Any, pair: Any) -> None:
    a, _ = pair
    bodies = [signal_body("md5") for _ in range(501)]
    response = client.post(SIGNALS, json={"signals": bodies}, headers=a.headers)
    assert response.status_code == 413
    assert "At most 500 signals" in response.json()["detail"]
    empty = client.post(SIGNALS, json={"signals": []}, headers=a.headers)
    assert empty.status_code == 422


def test_sharing_again_updates_rather_than_duplicates(client: Any, pair: Any) -> None:
    a, b = pair
    body = signal_body("sha256")
    first = share_via_api(client, a, body)[0]
    again = share_via_api(client, a, {**body, "confidence": 0.5})[0]
    assert again["id"] == first["id"] and again["version"] == 2 and again["event"] == "changed"
    page = feed(client, b)
    assert len(page["signals"]) == 1 and page["signals"][0]["confidence"] == 0.5


def test_the_cursor_neither_skips_nor_repeats(client: Any, pair: Any) -> None:
    a, b = pair
    shared = share_via_api(client, a, *[signal_body("md5") for _ in range(5)])
    first = feed(client, b, 0, 2)
    assert first["more"] is True and len(first["signals"]) == 2
    second = feed(client, b, first["next"], 2)
    third = feed(client, b, second["next"], 2)
    seen = [s["id"] for page in (first, second, third) for s in page["signals"]]
    assert seen == [s["id"] for s in shared]
    # Replaying an old cursor gives the same page again (nothing lost, nothing invented).
    assert [s["id"] for s in feed(client, b, first["next"], 2)["signals"]] == seen[2:4]
    # Nothing new: the cursor stays put.
    assert feed(client, b, third["next"])["next"] == third["next"]
    # A withdrawal moves the signal to the end of the feed as a withdrawn event.
    client.delete(f"{SIGNALS}/{shared[0]['id']}", headers=a.headers)
    after = feed(client, b, third["next"])["signals"]
    assert [(s["id"], s["event"]) for s in after] == [(shared[0]["id"], "withdrawn")]
    bad = client.get(SIGNALS, params={"since": -1}, headers=b.headers)
    assert bad.status_code == 422


def test_only_the_source_withdraws_and_withdrawn_signals_stop_matching(
    client: Any, pair: Any
) -> None:
    a, b = pair
    body = signal_body("md5")
    shared = share_via_api(client, a, body)[0]
    assert client.delete(f"{SIGNALS}/{shared['id']}", headers=b.headers).status_code == 403
    assert len(match(client, b, {"type": "md5", "hash": body["hash"]})[0]) == 1
    response = client.delete(f"{SIGNALS}/{shared['id']}", headers=a.headers)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert match(client, b, {"type": "md5", "hash": body["hash"]}) == [[]]
    assert client.delete(f"{SIGNALS}/999999", headers=a.headers).status_code == 404


def test_opinions_dispute_and_enough_negatives_suppress(
    client: Any, db: Session, pair: Any
) -> None:
    a, b = pair
    c = make_member(db, "platform-c")
    db.commit()
    body = signal_body("sha256")
    shared = share_via_api(client, a, body)[0]
    url = f"{SIGNALS}/{shared['id']}/opinions"
    own = client.post(url, json={"kind": "positive"}, headers=a.headers)
    assert own.status_code == 409
    response = client.post(url, json={"kind": "negative"}, headers=b.headers)
    assert response.status_code == 200
    assert response.json()["disputed"] is True and response.json()["your_opinions"] == ["negative"]
    assert feed(client, a)["signals"][0]["disputed"] is True
    query = {"type": "sha256", "hash": body["hash"]}
    assert len(match(client, c, query)[0]) == 1  # one negative: still matches, marked disputed
    assert client.post(url, json={"kind": "negative"}, headers=c.headers).status_code == 200
    assert match(client, c, query) == [[]]
    assert len(match(client, c, query, include_suppressed=True)[0]) == 1
    # b changes its mind: positive replaces negative.
    response = client.post(url, json={"kind": "positive"}, headers=b.headers)
    assert response.json()["opinions"] == {"positive": 1, "negative": 1, "actioned": 0}
    missing = client.post(url, json={"kind": "actioned"}, headers=b.headers)
    assert missing.status_code == 422
    acted = client.post(
        url,
        json={"kind": "actioned", "action": "removed", "acted_at": "2026-01-01T10:00:00Z"},
        headers=b.headers,
    )
    assert acted.status_code == 200
    receipt = db.scalar(select(Receipt).where(Receipt.organisation_id == b.org.id))
    assert receipt is not None and receipt.acted_at is not None


def test_sharing_groups_decide_who_sees_what(client: Any, db: Session, pair: Any) -> None:
    a, b = pair
    outsider = make_member(db, "outsider", groups=("elsewhere",))
    db.commit()
    body = signal_body("md5")
    shared = share_via_api(client, a, body)[0]
    assert feed(client, outsider)["signals"] == []
    assert match(client, outsider, {"type": "md5", "hash": body["hash"]}) == [[]]
    assert client.get(f"{SIGNALS}/{shared['id']}", headers=outsider.headers).status_code == 404
    assert client.get(f"{SIGNALS}/{shared['id']}", headers=b.headers).status_code == 200
    opinion = client.post(
        f"{SIGNALS}/{shared['id']}/opinions", json={"kind": "negative"}, headers=outsider.headers
    )
    assert opinion.status_code == 404
    groups = client.get("/api/v1/exchange/groups", headers=outsider.headers).json()
    assert groups == [{"slug": "elsewhere", "name": "Elsewhere"}]


def test_a_revoked_key_is_refused_clearly(client: Any, db: Session, pair: Any) -> None:
    a, _ = pair
    revoke_key(session=db, key=a.key.api_key)
    db.commit()
    response = client.get(SIGNALS, headers=a.headers)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_reads_and_writes_are_audited(client: Any, db: Session, pair: Any) -> None:
    a, b = pair
    body = signal_body("md5")
    shared = share_via_api(client, a, body)[0]
    feed(client, b)
    match(client, b, {"type": "md5", "hash": body["hash"]})
    client.delete(f"{SIGNALS}/{shared['id']}", headers=a.headers)
    writebehind.flush()  # the lookup's audit entry and receipt are written behind
    actions = set(db.scalars(select(AuditEntry.action)))
    assert {
        "exchange.signals_shared",
        "exchange.feed_read",
        "exchange.match",
        "exchange.signal_withdrawn",
    } <= actions
    receipt = db.scalar(select(Receipt).where(Receipt.organisation_id == b.org.id))
    assert receipt is not None and receipt.matched_at is not None


def test_each_key_is_rate_limited(client: Any, pair: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from hustings.exchange.config import exchange_settings

    a, b = pair
    monkeypatch.setattr(exchange_settings(), "rate_limit", "3/minute")
    for _ in range(3):
        assert client.get(SIGNALS, headers=a.headers).status_code == 200
    assert client.get(SIGNALS, headers=a.headers).status_code == 429
    assert client.get(SIGNALS, headers=b.headers).status_code == 200


def test_the_default_expiry_is_election_day_plus_30_days(
    client: Any, pair: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from hustings.exchange.config import exchange_settings

    a, _ = pair
    monkeypatch.setattr(exchange_settings(), "election_day", date(2099, 5, 7))
    shared = share_via_api(client, a, signal_body("md5"))[0]
    assert shared["expires_at"].startswith("2099-06-06")


def test_a_malformed_match_query_is_named(client: Any, pair: Any) -> None:
    _, b = pair
    response = client.post(
        MATCH,
        json={"queries": [{"type": "pdq", "hash": random_pdq()}, {"type": "pdq", "hash": "zz"}]},
        headers=b.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "queries[1]", "message": "a PDQ hash is 64 hexadecimal digits"}
    ]
