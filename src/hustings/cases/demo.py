"""Demo cases for the demo candidate, so that `make run` shows the flow with something in it.

Built with the same service functions a person's clicks call (triage, routing, deadlines,
escalation), so every page shows real data: a case sent four days ago that one platform
answered and another let run overdue, now with the police; a second case just sent; and a
draft still being written. Only the times are set back, so that the deadline check (run
here for real) has something to flag.
"""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from hustings.auth import service as accounts
from hustings.auth.models import User
from hustings.cases import police, routing, service
from hustings.cases.models import Case, Decision
from hustings.cases.permissions import Acting
from hustings.db import utcnow
from hustings.demo.data import DemoData

FORCE = "south-wales-police"


def _screenshot(words: str) -> bytes:
    """A small phone-style screenshot of a post, drawn here (nothing is downloaded)."""
    image = Image.new("RGB", (520, 140), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.text((16, 16), "@valley_watcher_88 · 2h", fill=(90, 90, 90))
    draw.text((16, 56), words, fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _backdate(case: Case, days: int) -> None:
    """Move a sent case's clock back, keeping each deadline as far from routing as before."""
    shift = timedelta(days=days)
    case.created_at -= shift
    if case.submitted_at:
        case.submitted_at -= shift
    for report in case.reports:
        report.routed_at -= shift
        if report.acknowledge_due:
            report.acknowledge_due -= shift
        if report.decide_due:
            report.decide_due -= shift


def _case(
    session: Session, acting: Acting, details: service.Details, texts: list[service.NewText]
) -> Case:
    """A case with its details and pasted texts, as the first two steps of the form leave it."""
    case = service.start_case(session=session, acting=acting)
    service.update_details(session=session, case=case, acting=acting, details=details)
    service.add_texts(session=session, case=case, acting=acting, entries=texts)
    return case


def _answered_and_overdue(session: Session, acting: Acting, meta_member: User | None) -> Case:
    case = _case(
        session,
        acting,
        service.Details(
            summary=(
                "After the hustings at the leisure centre, replies to my posts turned nasty. "
                "One account says it knows where I live and that I should watch my back."
            ),
            platforms=["facebook", "x"],
            accounts=["@valley_watcher_88", "facebook.com/profile/10009"],
            happened_on=(utcnow() - timedelta(days=5)).date(),
            in_danger_now=False,
            candidate_thinks_crime=True,
            constituency="Cardiff North",
        ),
        [
            service.NewText(
                text="I know where you live. Watch your back on polling day.",
                platform_slug="facebook",
                author_handle="facebook.com/profile/10009",
            ),
            service.NewText(
                text="Absolute disgrace of a candidate, nobody wants you here, go away",
                url="https://x.com/valley_watcher_88/status/1860000000000000001",
                platform_slug="x",
                author_handle="@valley_watcher_88",
            ),
        ],
    )
    service.add_files(
        session=session,
        case=case,
        acting=acting,
        files=[("reply-screenshot.png", _screenshot("you will regret standing here"))],
        platform_slug="x",
    )
    session.refresh(case)
    service.submit_case(session=session, case=case, acting=acting)
    _backdate(case, days=4)
    session.flush()
    facebook = next(r for r in case.reports if r.platform_slug == "facebook")
    actor = f"user:{meta_member.id}" if meta_member else "demo"
    routing.acknowledge(session=session, report=facebook, actor=actor)
    routing.decide(
        session=session,
        report=facebook,
        actor=actor,
        decision=Decision.REMOVED,
        rule_applied="Violence and incitement: threats of violence",
        note="We removed the comment and warned the account.",
    )
    routing.flag_overdue(session=session)  # X has not answered: its deadlines have passed
    escalation = police.escalate(
        session=session, case=case, acting=acting, force_slug=FORCE, consent=True
    )
    escalation.reference = "SWP-2026-11-0412"
    return case


def _just_sent(session: Session, acting: Acting) -> Case:
    case = _case(
        session,
        acting,
        service.Details(
            summary="A video reply mocks my accent and calls for people to flood my inbox.",
            platforms=["tiktok"],
            accounts=["@hustings_heckler"],
            in_danger_now=False,
        ),
        [
            service.NewText(
                text="Everyone spam her inbox until she quits, she is pathetic",
                platform_slug="tiktok",
                author_handle="@hustings_heckler",
            )
        ],
    )
    session.refresh(case)
    service.submit_case(session=session, case=case, acting=acting)
    return case


def _draft(session: Session, acting: Acting) -> Case:
    return _case(
        session,
        acting,
        service.Details(
            summary="Comments under my campaign video on YouTube (still collecting them).",
            platforms=["youtube"],
            in_danger_now=False,
        ),
        [
            service.NewText(
                text="Typical politician, all talk and no action", platform_slug="youtube"
            )
        ],
    )


def load(session: Session, demo: DemoData) -> None:
    candidate: User | None = demo.rows.get("user:candidate")
    if candidate is None:
        return
    staff: User | None = demo.rows.get("user:candidate_staff")
    if staff is not None:
        accounts.grant_delegation(session=session, candidate=candidate, staff_email=staff.email)
    acting = Acting(candidate, candidate.id)
    meta_member: User | None = demo.rows.get("user:meta@demo.hustings.localhost")
    demo.rows["case:answered"] = _answered_and_overdue(session, acting, meta_member)
    demo.rows["case:sent"] = _just_sent(session, acting)
    if staff is not None:
        demo.rows["case:draft"] = _draft(session, Acting(staff, candidate.id))
    session.flush()
