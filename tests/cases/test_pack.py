"""The evidence pack checks out with the tools a police digital forensics unit already has:
coreutils' `sha256sum -c` over a check file built from manifest.json, and poppler's `pdfinfo`
(and pypdf) on the summary."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from hustings.cases import evidence_store
from tests.factories.cases import make_world, submitted_case


def _download(db: Any, make_client: Any, tmp_path: Path) -> tuple[Path, dict[str, Any], int]:
    world = make_world(db)
    case = submitted_case(db, world.candidate, image=True)
    db.commit()
    case_id = case.id
    db.commit()
    response = make_client().login(world.candidate).get(f"/api/v1/cases/{case_id}/pack")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    folder = tmp_path / "pack"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    return folder, manifest, case_id


def _check_file(manifest: dict[str, Any]) -> str:
    return "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"])


def _sha256sum_check(folder: Path, check_file: str) -> subprocess.CompletedProcess[str]:
    (folder.parent / "from-manifest.sha256").write_text(check_file)
    return subprocess.run(
        ["sha256sum", "--strict", "-c", str(folder.parent / "from-manifest.sha256")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_manifest_verifies_with_sha256sum_and_the_pdf_opens(
    db: Any, make_client: Any, tmp_path: Path
) -> None:
    folder, manifest, case_id = _download(db, make_client, tmp_path)
    assert manifest["case_id"] == case_id and manifest["hash_algorithm"] == "sha256"
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert on_disk - listed == {"manifest.json", "SHA256SUMS"}
    assert listed - on_disk == set()
    originals = [f for f in manifest["files"] if f["role"] == "original"]
    assert len(originals) == 1
    for entry in originals:  # byte for byte what was uploaded, and its provenance
        assert (folder / entry["path"]).read_bytes() == evidence_store.read(entry["sha256"])
        assert entry["size"] == (folder / entry["path"]).stat().st_size
        assert entry["provenance"]["source"] == "upload"
        assert entry["added_by"].startswith("user:")

    checked = _sha256sum_check(folder, _check_file(manifest))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(manifest["files"])
    shipped = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert shipped.returncode == 0, shipped.stdout + shipped.stderr

    info = subprocess.run(
        ["pdfinfo", str(folder / "summary.pdf")], capture_output=True, text=True, timeout=60
    )
    assert info.returncode == 0, info.stderr
    pages = int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])
    assert pages >= 1
    words = "".join(page.extract_text() for page in PdfReader(folder / "summary.pdf").pages)
    assert f"{case_id}" in words
    assert "I know where you live" in words


def test_sha256sum_catches_a_file_changed_after_export(
    db: Any, make_client: Any, tmp_path: Path
) -> None:
    """The check is not a formality: change one byte of an original and it fails."""
    folder, manifest, _ = _download(db, make_client, tmp_path)
    original = next(f for f in manifest["files"] if f["role"] == "original")
    path = folder / original["path"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    checked = _sha256sum_check(folder, _check_file(manifest))
    assert checked.returncode == 1
    assert f"{original['path']}: FAILED" in checked.stdout
