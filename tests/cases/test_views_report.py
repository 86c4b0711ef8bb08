"""The candidate's pages, as a browser without JavaScript uses them: starting a report,
adding evidence (blurred until revealed), confirming labels, sending, and the police.
Every refused form writes nothing; the menu leads each role to its own case pages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from hustings.cases.models import Case, CaseStatus, EvidenceItem, PoliceEscalation, RoutedReport
from hustings.db import utcnow
from tests.factories.cases import draft, image_bytes, make_world, submitted_case


def _new(**overrides: Any) -> dict[str, Any]:
    return {
        "in_danger_now": "no",
        "summary": "Replies to my post about the bypass",
        "platforms": ["facebook", "x"],
        "accounts": "@angry_neighbour\nfb.com/someone",
        "happened_on-day": "",
        "happened_on-month": "",
        "happened_on-year": "",
        **overrides,
    }


def _count(db: Any, column: Any) -> int:
    db.expire_all()
    found = int(db.scalar(select(func.count(column))) or 0)
    db.commit()  # SQLite: hand the write lock back to the app
    return found


def test_a_candidate_reports_from_the_form_to_the_platforms(db: Any, client: Any) -> None:
    world = make_world(db)
    db.commit()
    client.login(world.candidate)
    assert 'href="/cases/new"' in client.get("/cases").text
    assert client.get("/cases/new").status_code == 200
    started = client.post_form("/cases/new", _new())
    assert started.status_code == 303, started.text
    case_id = int(started.headers["location"].rsplit("/", 1)[1])

    assert (
        client.post_form(
            f"/cases/{case_id}/items",
            {"platform": "facebook", "text": "I know where you live and I will hurt you"},
        ).status_code
        == 303
    )
    assert (
        client.post_form(
            f"/cases/{case_id}/items", {"platform": "x", "url": "https://x.com/a/status/1"}
        ).status_code
        == 303
    )
    upload = client.post(
        f"/cases/{case_id}/files",
        data={"csrf_token": client.csrf, "platform": "x"},
        files=[
            ("files", ("one.png", image_bytes(), "image/png")),
            ("files", ("two.jpg", image_bytes("JPEG"), "image/jpeg")),
        ],
    )
    assert upload.status_code == 303, upload.text
    page = client.get(f"/cases/{case_id}")
    # The threat and every picture are blurred behind a <details> reveal (no script needed);
    # the blurred preview is hidden from assistive technology.
    assert "Show the message (it may be upsetting)" in page.text
    assert page.text.count("Show the picture (it may be upsetting)") == 2
    assert 'aria-hidden="true">I know where you live' in page.text

    db.expire_all()
    items = db.scalars(select(EvidenceItem).where(EvidenceItem.case_id == case_id)).all()
    threat = next(i for i in items if i.text and "hurt" in i.text)
    image = next(i for i in items if i.original_name == "one.png")
    ids, threat_id, image_id = [i.id for i in items], threat.id, image.id
    assert "threat" in threat.labels
    db.commit()
    picture = client.get(f"/cases/{case_id}/items/{image_id}/image")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"

    labels = {f"labels-{i}": [] for i in ids}
    labels[f"labels-{threat_id}"] = ["threat", "intimidation"]
    assert client.post_form(f"/cases/{case_id}/labels", labels).status_code == 303
    db.expire_all()
    assert db.get(EvidenceItem, threat_id).labels == ["threat", "intimidation"]
    assert db.get(EvidenceItem, threat_id).labels_confirmed
    db.commit()

    assert client.post_form(f"/cases/{case_id}/submit").status_code == 303
    sent = client.get(f"/cases/{case_id}")
    assert "Where each report stands" in sent.text
    assert 'data-report="facebook"' in sent.text and 'data-report="x"' in sent.text
    assert _count(db, RoutedReport.id) == 2

    refused = client.post_form(f"/cases/{case_id}/police", {"force": "south-wales-police"})
    assert refused.status_code == 400  # no consent ticked: nothing is sent
    assert _count(db, PoliceEscalation.id) == 0
    escalated = client.post_form(
        f"/cases/{case_id}/police", {"force": "south-wales-police", "consent": "yes"}
    )
    assert escalated.status_code == 303
    assert _count(db, PoliceEscalation.id) == 1
    assert 'id="police-status"' in client.get(f"/cases/{case_id}").text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"in_danger_now": ""}, "in_danger_now"),
        ({"summary": "  "}, "summary"),
        ({"platforms": []}, "platforms"),
        ({"platforms": ["myspace"]}, "platforms"),
        (
            {"happened_on-day": "31", "happened_on-month": "2", "happened_on-year": "2026"},
            "happened_on",
        ),
        ({"summary": "x" * 5001}, "summary"),
        ({"thinks_crime": "maybe"}, "thinks_crime"),
        ({"constituency": "Atlantis"}, "constituency"),
    ],
)
def test_a_wrong_start_writes_nothing(
    db: Any, client: Any, overrides: dict[str, Any], field: str
) -> None:
    world = make_world(db)
    db.commit()
    client.login(world.candidate)
    response = client.post_form("/cases/new", _new(**overrides))
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert f'href="#{field}"' in response.text
    assert _count(db, Case.id) == 0


def test_the_candidates_own_word_opens_the_police_route_to_their_force(
    db: Any, client: Any
) -> None:
    """Triage sees no crime in an insult, but the candidate thinks it is one: they may still
    send it, and their constituency picks the force."""
    world = make_world(db)
    db.commit()
    client.login(world.candidate)
    started = client.post_form(
        "/cases/new", _new(thinks_crime="yes", constituency="Cardiff North", platforms=["x"])
    )
    assert started.status_code == 303, started.text
    case_id = int(started.headers["location"].rsplit("/", 1)[1])
    db.expire_all()
    case = db.get(Case, case_id)
    assert case.candidate_thinks_crime is True and case.constituency == "Cardiff North"
    db.commit()
    client.post_form(f"/cases/{case_id}/items", {"platform": "x", "text": "You are a clown"})
    assert client.post_form(f"/cases/{case_id}/submit").status_code == 303
    page = client.get(f"/cases/{case_id}").text
    assert "Send to the police" in page
    assert 'value="south-wales-police"' in page and 'value="gwent-police"' not in page


def test_not_sure_leaves_it_to_triage(db: Any, client: Any) -> None:
    world = make_world(db)
    db.commit()
    client.login(world.candidate)
    started = client.post_form("/cases/new", _new(thinks_crime="unsure"))
    case_id = int(started.headers["location"].rsplit("/", 1)[1])
    db.expire_all()
    assert not db.get(Case, case_id).candidate_thinks_crime
    db.commit()


def test_a_date_in_the_future_is_refused(db: Any, client: Any) -> None:
    world = make_world(db)
    db.commit()
    client.login(world.candidate)
    year = str(utcnow().year + 1)
    answer = client.post_form(
        "/cases/new",
        _new(**{"happened_on-day": "1", "happened_on-month": "1", "happened_on-year": year}),
    )
    assert answer.status_code == 400
    assert _count(db, Case.id) == 0


def test_bad_evidence_writes_nothing(db: Any, client: Any) -> None:
    world = make_world(db)
    case = draft(db, world.candidate, platforms=["x"])
    db.commit()
    client.login(world.candidate)
    for form in (
        {"platform": "x", "text": "", "url": ""},
        {"platform": "x", "text": "", "url": "javascript:alert(1)"},
        {"platform": "myspace", "text": "hello"},
        {"platform": "x", "text": "x" * 20_001},
    ):
        response = client.post_form(f"/cases/{case.id}/items", form)
        assert response.status_code == 400, form
        assert "There is a problem" in response.text
    mixed = client.post(
        f"/cases/{case.id}/files",
        data={"csrf_token": client.csrf, "platform": "x"},
        files=[
            ("files", ("good.png", image_bytes(), "image/png")),
            ("files", ("bad.png", b"this is not an image", "image/png")),
        ],
    )
    assert mixed.status_code == 400 and "bad.png" in mixed.text  # one bad file refuses all
    empty = client.post(
        f"/cases/{case.id}/files",
        data={"csrf_token": client.csrf, "platform": "x"},
        files=[("files", ("", b"", "application/octet-stream"))],
    )
    assert empty.status_code == 400
    wrong_label = client.post_form(f"/cases/{case.id}/labels", {"labels-1": ["nonsense"]})
    assert wrong_label.status_code in (303, 400)
    assert _count(db, EvidenceItem.id) == 0


def test_sending_too_early_sends_nothing(db: Any, client: Any) -> None:
    world = make_world(db)
    case = draft(db, world.candidate, platforms=["x"])
    db.commit()
    client.login(world.candidate)
    response = client.post_form(f"/cases/{case.id}/submit")
    assert response.status_code == 400
    assert "Add at least one piece of evidence." in response.text
    db.expire_all()
    assert db.get(Case, case.id).status == CaseStatus.DRAFT
    db.commit()
    assert _count(db, RoutedReport.id) == 0


def test_someone_in_danger_sees_999_before_anything_else(db: Any, client: Any) -> None:
    world = make_world(db)
    case = draft(db, world.candidate, platforms=["x"], in_danger_now=True)
    db.commit()
    client.login(world.candidate)
    page = client.get(f"/cases/{case.id}").text
    main = page[page.index('id="main-content"') :]
    assert "999" in main[: main.index("<h1")]


def test_staff_report_for_their_candidate_and_it_says_so(db: Any, client: Any) -> None:
    world = make_world(db)
    db.commit()
    name, candidate_id = world.candidate.full_name, world.candidate.id
    client.login(world.staff)
    assert name in client.get("/cases/new").text
    started = client.post_form("/cases/new", _new(candidate=str(candidate_id)))
    assert started.status_code == 303
    case_id = int(started.headers["location"].rsplit("/", 1)[1])
    client.post_form(f"/cases/{case_id}/items", {"platform": "x", "text": "Go away, idiot"})
    db.expire_all()
    case = db.get(Case, case_id)
    assert case.candidate_id == candidate_id
    assert all(i.added_on_behalf_of_id == candidate_id for i in case.items)
    db.commit()
    history = client.get(f"/cases/{case_id}").text
    assert "(by staff for the candidate)" in history  # delegated steps say so


MENU = {
    "candidate": ("/cases", "Your cases"),
    "staff": ("/cases", "Your cases"),
    "meta_member": ("/platform/reports", "Reports"),
    "liaison": ("/police/cases", "Police cases"),
    "coordinator": ("/coordinator", "Deadlines"),
    "admin": ("/coordinator", "Deadlines"),
}


def test_the_menu_leads_each_role_to_its_case_pages(db: Any, make_client: Any) -> None:
    world = make_world(db)
    db.commit()
    for persona, (href, words) in MENU.items():
        client = make_client().login(getattr(world, persona))
        home = client.get("/").text
        assert f'href="{href}"' in home and words in home, persona
        assert client.get(href).status_code == 200, persona
        welsh = client.get("/cy/").text
        assert f'href="/cy{href}"' in welsh, persona
    for persona in ("party_officer", "electoral_official"):
        home = make_client().login(getattr(world, persona)).get("/").text
        assert 'href="/cases"' not in home and 'href="/coordinator"' not in home


def test_a_refusal_page_still_shows_the_signed_in_menu(db: Any, make_client: Any) -> None:
    """An error page renders after the request's database session has rolled back: the menu
    must not need the user's row again."""
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    db.commit()
    client = make_client().login(world.other_candidate)
    answer = client.get(f"/cases/{case.id}")
    assert answer.status_code == 404
    assert 'href="/cases"' in answer.text
    forbidden = make_client().login(world.meta_member).get(f"/cases/{case.id}")
    assert forbidden.status_code == 403
    assert 'href="/platform/reports"' in forbidden.text
