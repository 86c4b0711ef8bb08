"""The acceptance flow through the JSON API alone: a candidate reports three items on two
platforms (one a threat); each platform sees only its own report; one acknowledges and
removes; the other goes overdue and is flagged; the candidate sends the case to the police;
the liaison downloads the pack; the candidate sees every step, and emails went out."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

from hustings.cases import routing
from hustings.db import utcnow
from tests.factories.cases import image_bytes, make_world


def _csrf(client: Any) -> dict[str, str]:
    return {"x-csrf-token": client.csrf}


def test_the_whole_flow_through_the_api(db: Any, make_client: Any, smtp_server: Any) -> None:
    world = make_world(db)
    db.commit()
    candidate = make_client().login(world.candidate)
    h = _csrf(candidate)

    created = candidate.post(
        "/api/v1/cases",
        json={
            "summary": "Replies to my post about the bypass",
            "platforms": ["facebook", "x"],
            "accounts": ["@angry_neighbour", "fb.com/someone"],
            "happened_on": str(utcnow().date()),
            "constituency": "Cardiff North",
        },
        headers=h,
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assert created.json()["status"] == "draft"

    texts = candidate.post(
        f"/api/v1/cases/{case_id}/items",
        json={
            "items": [
                {"text": "I will find you and stab you", "platform": "facebook"},
                {"text": "Nobody wants you, go away", "platform": "x"},
            ]
        },
        headers=h,
    )
    assert texts.status_code == 201, texts.text
    upload = candidate.post(
        f"/api/v1/cases/{case_id}/files",
        files=[("files", ("screenshot.png", image_bytes(), "application/octet-stream"))],
        data={"platform": "x"},
        headers=h,
    )
    assert upload.status_code == 201, upload.text
    items = upload.json()["items"]
    assert len(items) == 3
    threat = next(i for i in items if i["text"] == "I will find you and stab you")
    labels = {str(i["id"]): ["harassment"] for i in items}
    labels[str(threat["id"])] = ["threat"]
    confirmed = candidate.put(f"/api/v1/cases/{case_id}/labels", json={"labels": labels}, headers=h)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["may_be_crime"] is True

    sent = candidate.post(f"/api/v1/cases/{case_id}/submit", headers=h)
    assert sent.status_code == 200, sent.text
    reports = {r["platform"]: r for r in sent.json()["reports"]}
    assert set(reports) == {"facebook", "x"}
    assert all(r["status"] == "routed" and r["decide_due"] for r in reports.values())

    # Each platform sees its own report only, with its own items only.
    meta = make_client()
    meta_auth = {"authorization": f"Bearer {world.meta_key}"}
    x_auth = {"authorization": f"Bearer {world.x_key}"}
    meta_queue = meta.get("/api/v1/platform/reports", headers=meta_auth).json()["reports"]
    x_queue = meta.get("/api/v1/platform/reports", headers=x_auth).json()["reports"]
    assert [r["id"] for r in meta_queue] == [reports["facebook"]["id"]]
    assert [r["id"] for r in x_queue] == [reports["x"]["id"]]
    assert [i["text"] for i in meta_queue[0]["items"]] == ["I will find you and stab you"]
    assert {i["kind"] for i in x_queue[0]["items"]} == {"text", "image"}
    other = meta.get(f"/api/v1/platform/reports/{reports['x']['id']}", headers=meta_auth)
    assert other.status_code == 404
    image_item = next(i for i in x_queue[0]["items"] if i["kind"] == "image")
    assert meta.get(image_item["file_url"], headers=x_auth).headers["content-type"] == "image/png"
    assert meta.get(image_item["file_url"], headers=meta_auth).status_code == 404

    # Meta acknowledges and removes, naming its rule.
    fb = reports["facebook"]["id"]
    ack = meta.post(f"/api/v1/platform/reports/{fb}/acknowledge", headers=meta_auth)
    assert ack.status_code == 200 and ack.json()["status"] == "acknowledged"
    assert (
        meta.post(f"/api/v1/platform/reports/{fb}/acknowledge", headers=meta_auth).status_code
        == 409
    )
    no_rule = meta.post(
        f"/api/v1/platform/reports/{fb}/decision", json={"decision": "removed"}, headers=meta_auth
    )
    assert no_rule.status_code == 409
    decided = meta.post(
        f"/api/v1/platform/reports/{fb}/decision",
        json={"decision": "removed", "rule_applied": "Violence and Incitement"},
        headers=meta_auth,
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "removed"

    # X says nothing; the deadline passes and the report is flagged.
    flagged = routing.flag_overdue(session=db, now=utcnow() + timedelta(days=5))
    db.commit()
    assert [r.id for r in flagged] == [reports["x"]["id"]]
    x_view = meta.get(f"/api/v1/platform/reports/{reports['x']['id']}", headers=x_auth).json()
    assert x_view["overdue"] is True

    # The candidate sends the case to the police, with consent.
    refused = candidate.post(
        f"/api/v1/cases/{case_id}/police",
        json={"force": "south-wales-police", "consent": False},
        headers=h,
    )
    assert refused.status_code == 422
    escalated = candidate.post(
        f"/api/v1/cases/{case_id}/police",
        json={"force": "south-wales-police", "consent": True},
        headers=h,
    )
    assert escalated.status_code == 200, escalated.text
    assert escalated.json()["police"]["status"] == "sent"

    # The liaison of that force sees it and downloads the pack; another force does not.
    liaison = make_client().login(world.liaison)
    assert [c["case_id"] for c in liaison.get("/api/v1/police/cases").json()] == [case_id]
    other_force = make_client().login(world.other_liaison)
    assert other_force.get("/api/v1/police/cases").json() == []
    assert other_force.get(f"/api/v1/police/cases/{case_id}/pack").status_code == 404
    packed = liaison.get(f"/api/v1/police/cases/{case_id}/pack")
    assert packed.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(packed.content)).namelist()
    assert {"summary.pdf", "manifest.json", "SHA256SUMS"} <= set(names)
    updated = liaison.patch(
        f"/api/v1/police/cases/{case_id}",
        json={"status": "investigating", "reference": "SWP-2026-0042", "notes": "Seen by DC"},
        headers=_csrf(liaison),
    )
    assert updated.status_code == 200, updated.text

    # The candidate sees every step, and the police status but not the police notes.
    final = candidate.get(f"/api/v1/cases/{case_id}").json()
    assert final["police"]["status"] == "investigating"
    assert final["police"]["reference"] == "SWP-2026-0042"
    assert "Seen by DC" not in str(final)
    steps = [s["action"] for s in final["timeline"]]
    for action in (
        "case.created",
        "evidence.added",
        "case.submitted",
        "report.routed",
        "report.acknowledged",
        "report.decided",
        "report.overdue",
        "police.escalated",
        "police.updated",
        "pack.exported",
    ):
        assert action in steps, action
    states = {r["platform"]: r for r in final["reports"]}
    assert states["facebook"]["decision"] == "removed"
    assert states["x"]["overdue"] is True

    # Emails: the platforms on routing, the candidate at each step, everyone on overdue.
    smtp_server.wait_for(8)
    assert smtp_server.to(world.meta_member.email)
    assert smtp_server.to(world.x_member.email)
    assert smtp_server.to(world.liaison.email)
    assert smtp_server.to(world.coordinator.email)
    subjects = [m["Subject"] for m in smtp_server.to(world.candidate.email)]
    assert any("sent" in s for s in subjects)
    assert any("Overdue" in s for s in subjects)
    assert any("police" in s for s in subjects)
    assert not any("stab" in str(m) for m in smtp_server.messages)
