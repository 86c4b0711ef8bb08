"""The printable guide pack: it opens, has a contents page with page numbers, and holds every
platform and harm with each fact's review date and source, in English and in Welsh."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hustings.policy import pdf, service


@pytest.fixture(scope="module")
def packs() -> dict[str, bytes]:
    """Each language rendered once for the module (rendering takes seconds)."""
    return {language: pdf.guide_pdf(language) for language in ("en", "cy")}


def pages_text(document: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(document)).pages]


def test_the_pack_opens_and_has_a_contents_page_with_page_numbers(packs: dict[str, bytes]) -> None:
    pages = pages_text(packs["en"])
    assert len(pages) > 20
    contents = pages[1]
    assert contents.lstrip().startswith("Contents")
    for item in (*service.harms(), *service.platforms()):
        line = next(line for line in contents.splitlines() if item.name.en in line)
        number = int(re.findall(r"(\d+)\s*$", line)[0])
        # The page the contents page points at really starts that section.
        assert item.name.en in pages[number - 1], (item.name.en, number)


def test_every_platform_and_harm_is_in_the_pack_with_dates_and_sources(
    packs: dict[str, bytes],
) -> None:
    text = "\n".join(pages_text(packs["en"]))
    flat = re.sub(r"\s+", "", text)
    for harm in service.harms():
        assert harm.name.en in text
    for platform in service.platforms():
        assert platform.name.en in text
        for rule in platform.rules.values():
            assert re.sub(r"\s+", "", str(rule.source_url)) in flat
    assert text.count("Last reviewed 23 November 2026.") > 100
    assert "Unconfirmed" in text and "guidance, not legal advice" in text
    assert "Is it a crime? When to call the police" in text and "Protect yourself" in text


def test_the_welsh_pack_is_in_welsh(packs: dict[str, bytes]) -> None:
    pages = pages_text(packs["cy"])
    assert pages[1].lstrip().startswith("Cynnwys")
    text = "\n".join(pages)
    for harm in service.harms():
        assert harm.name.cy in text
    assert "Adolygwyd ddiwethaf 23 Tachwedd 2026." in text
    assert "Heb ei gadarnhau" in text and "Last reviewed" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_renders_the_cover_and_the_matrix(packs: dict[str, bytes], tmp_path: Path) -> None:
    source = tmp_path / "guide.pdf"
    source.write_bytes(packs["en"])
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "4", str(source), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 4 and all(image.stat().st_size > 2000 for image in images)


def test_the_pdf_routes_serve_the_cached_packs(client: Any, packs: dict[str, bytes]) -> None:
    english = client.get("/guide.pdf")
    assert english.status_code == 200
    assert english.headers["content-type"] == "application/pdf"
    assert english.content == packs["en"] and english.content.startswith(b"%PDF")
    welsh = client.get("/cy/guide.pdf")
    assert welsh.content == packs["cy"]
    assert 'filename="hustings-guide-cy.pdf"' in welsh.headers["content-disposition"]


def test_the_cache_is_per_language_and_data_version(monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []

    def fake_render(language: str) -> bytes:
        rendered.append(language)
        return f"%PDF {language} {len(rendered)}".encode()

    monkeypatch.setattr(pdf, "render_pdf", fake_render)
    monkeypatch.setattr(pdf, "_cache", {})
    first = pdf.guide_pdf("en")
    assert pdf.guide_pdf("en") is first and rendered == ["en"]
    pdf.guide_pdf("cy")
    assert rendered == ["en", "cy"]

    class NewData:
        data_version = "something-else"

    monkeypatch.setattr(service, "knowledge_base", lambda: NewData())
    assert pdf.guide_pdf("en") != first and rendered == ["en", "cy", "en"]
