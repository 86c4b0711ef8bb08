"""Evidence that stands up: originals content-addressed and unaltered, metadata stripped from
what people see, the real type read from the bytes, and no half-saved upload, even on a crash."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select
from typer.testing import CliRunner

from hustings.cases import evidence_store, service
from hustings.cases.cli import app as cases_cli
from hustings.cases.models import EvidenceItem, ItemKind
from hustings.cases.permissions import Acting
from tests.factories.auth import make_user
from tests.factories.cases import draft, image_bytes, jpeg_with_gps


@pytest.fixture
def case_and_acting(db: Any) -> tuple[Any, Acting]:
    candidate = make_user(db)
    case = draft(db, candidate, platforms=["x"])
    db.commit()
    return case, Acting(candidate, candidate.id)


def test_originals_are_stored_by_hash_read_only_and_deduplicated(
    db: Any, case_and_acting: Any
) -> None:
    case, acting = case_and_acting
    png = image_bytes()
    first = service.add_files(session=db, case=case, acting=acting, files=[("a.png", png)])
    again = service.add_files(session=db, case=case, acting=acting, files=[("b.png", png)])
    db.commit()
    digest = first[0].sha256
    assert digest == again[0].sha256
    path = evidence_store.original_path(digest)
    assert path.read_bytes() == png
    assert path.parts[-4:] == ("sha256", digest[:2], digest[2:4], digest)
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert len(list(evidence_store.stored_hashes())) == 1


def test_a_tampered_file_is_refused_on_read_and_by_verify_evidence(
    db: Any, case_and_acting: Any
) -> None:
    case, acting = case_and_acting
    (item,) = service.add_files(
        session=db, case=case, acting=acting, files=[("a.png", image_bytes())]
    )
    db.commit()
    runner = CliRunner()
    assert runner.invoke(cases_cli, ["verify-evidence"]).exit_code == 0
    path = evidence_store.original_path(item.sha256)
    os.chmod(path, 0o600)
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")
    with pytest.raises(evidence_store.EvidenceCorrupted):
        evidence_store.read(item.sha256)
    result = runner.invoke(cases_cli, ["verify-evidence"])
    assert result.exit_code == 1
    assert item.sha256[:12] in result.output


def test_display_copies_carry_no_exif_or_gps(db: Any, case_and_acting: Any) -> None:
    case, acting = case_and_acting
    photo = jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)  # the original has GPS
    (item,) = service.add_files(session=db, case=case, acting=acting, files=[("p.jpg", photo)])
    db.commit()
    shown = Image.open(io.BytesIO(evidence_store.display_copy(item.sha256)))
    assert shown.format == "PNG"
    assert not shown.getexif()
    assert not {k for k in shown.info if k.lower() in ("exif", "xmp", "icc_profile", "comment")}
    assert b"PhoneMaker" not in evidence_store.display_copy(item.sha256)
    assert evidence_store.read(item.sha256) == photo  # the original is untouched


def test_heic_webp_and_jpeg_are_accepted_by_their_bytes(db: Any, case_and_acting: Any) -> None:
    from pillow_heif import from_pillow

    heic = io.BytesIO()
    from_pillow(Image.new("RGB", (32, 32), (0, 90, 0))).save(heic, quality=60)
    case, acting = case_and_acting
    items = service.add_files(
        session=db,
        case=case,
        acting=acting,
        files=[
            ("phone-photo.heic", heic.getvalue()),
            ("named-wrongly.txt", image_bytes("WEBP")),
            ("x.jpeg", image_bytes("JPEG")),
        ],
    )
    assert [i.media_type for i in items] == ["image/heic", "image/webp", "image/jpeg"]
    assert Image.open(io.BytesIO(evidence_store.display_copy(items[0].sha256))).size == (32, 32)


def test_bad_files_are_refused_one_by_one_and_nothing_is_kept(
    db: Any, case_and_acting: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hustings.cases.config import cases_settings

    monkeypatch.setenv("HUSTINGS_CASES_MAX_UPLOAD_BYTES", "5000")
    cases_settings.cache_clear()
    case, acting = case_and_acting
    try:
        with pytest.raises(service.UploadsRefused) as refused:
            service.add_files(
                session=db,
                case=case,
                acting=acting,
                files=[
                    ("fine.png", image_bytes()),
                    ("report.png", b"%PDF-1.7 not an image at all"),
                    ("huge.png", image_bytes(size=(400, 400), color=None) + b"\x00" * 6000),
                    ("cut.png", image_bytes()[:60]),
                ],
            )
    finally:
        cases_settings.cache_clear()
    names = [r.name for r in refused.value.refused]
    assert names == ["report.png", "huge.png", "cut.png"]
    assert "5000" not in refused.value.refused[1].message  # says MB, not bytes
    db.rollback()
    assert db.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    assert list(evidence_store.stored_hashes()) == []


def test_an_error_after_the_files_are_written_removes_them(db: Any, case_and_acting: Any) -> None:
    case, acting = case_and_acting
    service.add_files(session=db, case=case, acting=acting, files=[("a.png", image_bytes())])
    assert len(list(evidence_store.stored_hashes())) == 1  # written before the commit
    db.rollback()  # the request failed after writing: nothing may remain
    assert list(evidence_store.stored_hashes()) == []
    assert db.scalar(select(func.count()).select_from(EvidenceItem)) == 0


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from hustings.db import get_sessionmaker
    from hustings.auth.models import User
    from hustings.cases import service
    from hustings.cases.models import Case
    from hustings.cases.permissions import Acting
    from tests.factories.cases import image_bytes

    session = get_sessionmaker()()
    case = session.get(Case, int(sys.argv[1]))
    user = session.get(User, case.candidate_id)
    files = [(f"{n}.png", image_bytes(color=(n, n, n))) for n in range(5)]
    service.add_files(session=session, case=case, acting=Acting(user, user.id), files=files)
    session.flush()
    os._exit(9)  # the process dies before the commit: power cut, OOM kill, deploy
    """
)


def test_a_crash_mid_upload_leaves_no_half_saved_case(db: Any, case_and_acting: Any) -> None:
    case, _ = case_and_acting
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(case.id)],
        env=env,
        capture_output=True,
        timeout=600,  # it imports the app and OCRs five images: slow on a loaded machine
    )
    assert result.returncode == 9, result.stderr.decode()[-2000:]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    orphans = list(evidence_store.stored_hashes())
    assert orphans  # the files got written, then the process died
    removed = evidence_store.sweep_orphans(service.referenced_hashes(db), older_than_seconds=0)
    assert sorted(removed) == sorted(orphans)
    assert list(evidence_store.stored_hashes()) == []


def test_exports_become_one_item_per_post_with_provenance(db: Any, case_and_acting: Any) -> None:
    case, acting = case_and_acting
    csv_export = (
        b"created_at,username,text,url\n"
        b"2026-05-01T10:00:00Z,@a,first nasty reply,https://x.com/a/status/1\n"
        b"2026-05-01T10:05:00Z,@b,second nasty reply,https://x.com/b/status/2\n"
    )
    json_export = b'{"data": [{"full_text": "third", "user": {"screen_name": "c"}}, {"x": 1}]}'
    items = service.add_files(
        session=db,
        case=case,
        acting=acting,
        files=[("campaign.csv", csv_export), ("more.json", json_export)],
    )
    exports = [i for i in items if i.kind == ItemKind.EXPORT]
    posts = [i for i in items if i.kind == ItemKind.POST]
    assert [e.media_type for e in exports] == ["text/csv", "application/json"]
    assert [p.text for p in posts] == ["first nasty reply", "second nasty reply", "third"]
    assert posts[1].provenance == {
        "source": "export",
        "export_sha256": exports[0].sha256,
        "filename": "campaign.csv",
        "row": 2,
    }
    assert posts[2].author_handle == "c"
    assert posts[0].posted_at is not None and posts[0].posted_at.hour == 10
    assert all(p.parent_id == exports[0].id for p in posts[:2])


def test_cut_files_are_refused_even_after_weasyprint_relaxes_pillow() -> None:
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES on import; uploads must not care."""
    import weasyprint  # noqa: F401

    from hustings.cases.uploads import UploadRefused, check_file

    for fmt in ("PNG", "JPEG", "WEBP"):
        with pytest.raises(UploadRefused):
            check_file(f"cut.{fmt.lower()}", image_bytes(fmt)[:60])
