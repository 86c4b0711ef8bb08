"""`hustings policy check` names the broken file and field; `pdf` refuses an unknown language."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from hustings.policy.cli import app
from hustings.policy.loader import DATA_DIR

runner = CliRunner()


def test_check_passes_on_the_shipped_data() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "platforms/tiktok.yaml" in result.output and "valid" in result.output


def test_check_names_the_broken_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "platforms" / "x.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: named_rule", "status: rule", 1)
    )
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert (
        "platforms/x.yaml" in result.output and "rules.threat_of_violence.status" in result.output
    )


def test_pdf_refuses_an_unknown_language(tmp_path: Path) -> None:
    result = runner.invoke(app, ["pdf", str(tmp_path / "x.pdf"), "--language", "fr"])
    assert result.exit_code == 2 and "'en' (English) or 'cy' (Welsh)" in result.output
    assert not (tmp_path / "x.pdf").exists()
