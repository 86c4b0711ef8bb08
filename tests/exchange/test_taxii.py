"""The TAXII 2.1 server, read as a real client reads it (taxii2-client over HTTP against a
running hub), and every STIX object it serves checked by stix2-validator.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
import requests
import stix2validator
from sqlalchemy.orm import Session
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages
from tests.factories.exchange import make_member, signal_body

from hustings.exchange import stix, taxii
from hustings.web.errors import TAXII_MEDIA_TYPE


class Bearer(requests.auth.AuthBase):
    """An API key as a bearer token (taxii2-client takes any requests auth object)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: Any) -> Any:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def share(base: str, token: str, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{base}/api/v1/exchange/signals",
        json={"signals": bodies},
        headers={"authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    signals: list[dict[str, Any]] = response.json()["signals"]
    return signals


def all_objects(collection: Collection, **filters: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for envelope in as_pages(collection.get_objects, per_request=3, **filters):
        found.extend(envelope.get("objects", []))
    return found


def assert_valid(objects: list[dict[str, Any]]) -> None:
    options = stix2validator.ValidationOptions(version="2.1")
    for obj in objects:
        result = stix2validator.validate_instance(obj, options)
        problems = [str(e) for e in result.errors] + [str(w) for w in result.warnings]
        assert result.is_valid and not problems, (obj["type"], problems)


def test_discovery_api_root_and_collections_per_organisation(live_server: str, db: Session) -> None:
    a = make_member(db, "tx-a", groups=("uk-test", "wales"))
    b = make_member(db, "tx-b", groups=("uk-test",))
    db.commit()
    server = Server(f"{live_server}/taxii2/", auth=Bearer(a.key.token))
    assert server.title == "Hustings signal exchange"
    root = server.default
    assert root is not None and root.url == f"{live_server}/taxii2/api/"
    assert TAXII_MEDIA_TYPE in root.versions
    assert sorted(c.alias for c in root.collections) == ["uk-test", "wales"]  # type: ignore[attr-defined]

    b_root = ApiRoot(f"{live_server}/taxii2/api/", auth=Bearer(b.key.token))
    assert [c.title for c in b_root.collections] == ["Uk-Test"]
    wales = next(c for c in root.collections if c.title == "Wales")
    # B is not in Wales: the collection does not exist for B.
    with pytest.raises(requests.HTTPError) as refused:
        Collection(wales.url, auth=Bearer(b.key.token)).get_objects()
    assert refused.value.response.status_code == 404
    body = refused.value.response.json()
    assert body["http_status"] == "404" and body["title"]
    assert refused.value.response.headers["content-type"] == TAXII_MEDIA_TYPE


def test_objects_page_with_added_after_and_validate(live_server: str, db: Session) -> None:
    a, b = make_member(db, "tx-a"), make_member(db, "tx-b")
    db.commit()
    kinds = ["pdq", "md5", "sha256", "url", "account", "text"]
    first = share(live_server, a.key.token, [signal_body(k) for k in kinds])
    collection = ApiRoot(f"{live_server}/taxii2/api/", auth=Bearer(b.key.token)).collections[0]
    seen = all_objects(collection)
    ids = [o["id"] for o in seen]
    assert len(ids) == len(set(ids)), "a page repeated an object"
    indicators = [o for o in seen if o["type"] == "indicator"]
    assert [o["id"] for o in indicators] == [stix.indicator_id(s["id"]) for s in first]
    assert {o["type"] for o in seen} >= {"identity", "extension-definition", "marking-definition"}
    pdq = indicators[0]
    assert pdq["pattern"] == f"[file:hashes.PDQ = '{first[0]['value']}']"
    assert pdq["extensions"][stix.EXTENSION.id]["pdq_threshold"] == 31
    assert pdq["valid_until"].startswith(first[0]["expires_at"][:16])
    assert indicators[5]["extensions"][stix.EXTENSION.id]["text_minhash"].startswith("mh1:")
    assert_valid(seen)

    manifest = collection.get_manifest()
    last_added = manifest["objects"][-1]["date_added"]
    later = share(live_server, a.key.token, [signal_body("url"), signal_body("md5")])
    newer = collection.get_objects(added_after=last_added)
    assert [o["id"] for o in newer["objects"]] == [stix.indicator_id(s["id"]) for s in later]
    assert newer["more"] is False

    raw = httpx.get(
        f"{collection.url}objects/",
        params={"added_after": last_added, "limit": 1},
        headers={"authorization": f"Bearer {b.key.token}", "accept": TAXII_MEDIA_TYPE},
    )
    assert raw.status_code == 200
    assert raw.headers["content-type"] == TAXII_MEDIA_TYPE
    assert raw.json()["more"] is True and raw.json()["next"]
    assert raw.headers["x-taxii-date-added-first"] > last_added
    one = collection.get_object(stix.indicator_id(later[0]["id"]))
    assert one["objects"][0]["pattern"].startswith("[url:value = ")


def test_withdrawal_is_revoked_and_dispute_is_an_opinion(live_server: str, db: Session) -> None:
    a, b = make_member(db, "tx-a"), make_member(db, "tx-b")
    db.commit()
    shared = share(live_server, a.key.token, [signal_body("pdq"), signal_body("url")])
    api = f"{live_server}/api/v1/exchange"
    gone = httpx.delete(f"{api}/signals/{shared[0]['id']}", headers=a.headers)
    assert gone.status_code == 200
    disputed = httpx.post(
        f"{api}/signals/{shared[1]['id']}/opinions", json={"kind": "negative"}, headers=b.headers
    )
    assert disputed.status_code == 200, disputed.text
    collection = ApiRoot(f"{live_server}/taxii2/api/", auth=Bearer(b.key.token)).collections[0]
    objects = all_objects(collection)
    by_id = {o["id"]: o for o in objects}
    assert by_id[stix.indicator_id(shared[0]["id"])]["revoked"] is True
    url_indicator = by_id[stix.indicator_id(shared[1]["id"])]
    assert url_indicator["extensions"][stix.EXTENSION.id]["disputed"] is True
    opinions = [o for o in objects if o["type"] == "opinion"]
    assert len(opinions) == 1
    assert opinions[0]["opinion"] == "strongly-disagree"
    assert opinions[0]["object_refs"] == [url_indicator["id"]]
    assert_valid(objects)


def test_bad_credentials_basic_auth_and_version_negotiation(live_server: str, db: Session) -> None:
    a = make_member(db, "tx-a")
    db.commit()
    url = f"{live_server}/taxii2/api/collections/"
    for auth in (Bearer("hk_nope_nope"), ("anyone", "hk_nope_nope"), None):
        with pytest.raises(requests.HTTPError) as refused:
            if isinstance(auth, tuple):
                ApiRoot(f"{live_server}/taxii2/api/", user=auth[0], password=auth[1]).refresh()
            else:
                ApiRoot(f"{live_server}/taxii2/api/", auth=auth).refresh()
        assert refused.value.response.status_code == 401
        assert refused.value.response.json()["http_status"] == "401"
    basic = ApiRoot(f"{live_server}/taxii2/api/", user="tx-a", password=a.key.token)
    assert [c.alias for c in basic.collections] == ["uk-test"]  # type: ignore[attr-defined]

    token = base64.b64encode(f"x:{a.key.token}".encode()).decode()
    old = httpx.get(
        url,
        headers={"authorization": f"Basic {token}", "accept": "application/taxii+json;version=2.0"},
    )
    assert old.status_code == 406
    assert old.headers["content-type"] == TAXII_MEDIA_TYPE
    assert old.json()["http_status"] == "406"
    bad_next = httpx.get(
        f"{live_server}/taxii2/api/collections/{basic.collections[0].id}/objects/?next=nonsense",
        headers=a.headers,
    )
    assert bad_next.status_code == 400 and bad_next.json()["title"]


def test_paging_token_round_trips() -> None:
    assert taxii.parse_token("12.3") == (12, 3)
    for bad in ("", "12", "a.b", "-1.0", f"{2**63}.0"):
        with pytest.raises(ValueError):
            taxii.parse_token(bad)


def test_reads_are_audited_rate_limited_and_carry_no_case_link(
    client: Any, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from hustings.audit.models import AuditEntry
    from hustings.exchange.config import exchange_settings

    a, b = make_member(db, "tx-a"), make_member(db, "tx-b")
    db.commit()
    shared = client.post(
        "/api/v1/exchange/signals", json={"signals": [signal_body("md5")]}, headers=a.headers
    )
    assert shared.status_code == 201
    listed = client.get("/taxii2/api/collections/", headers=b.headers)
    objects_url = f"/taxii2/api/collections/{listed.json()['collections'][0]['id']}/objects/"
    read = client.get(objects_url, headers=b.headers)
    assert read.status_code == 200
    assert "case" not in read.text.lower()
    actions = set(db.scalars(select(AuditEntry.action)))
    assert "exchange.taxii_read" in actions
    db.rollback()  # end the read: SQLite transactions here hold the write lock

    monkeypatch.setattr(exchange_settings(), "rate_limit", "2/minute")
    assert client.get(objects_url, headers=a.headers).status_code == 200
    assert client.get(objects_url, headers=a.headers).status_code == 200
    limited = client.get(objects_url, headers=a.headers)
    assert limited.status_code == 429 and limited.json()["http_status"] == "429"
    assert client.get(objects_url, headers=b.headers).status_code == 200
