"""Every string shown to people has a Welsh translation (Wales: every page works in Welsh)."""

from __future__ import annotations

import runpy
from pathlib import Path

I18N_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "i18n.py"


def test_every_string_has_welsh() -> None:
    missing = runpy.run_path(str(I18N_SCRIPT))["missing_translations"]()
    assert not missing, "strings without Welsh:\n" + "\n".join(missing)
