"""Every string shown to people has a Welsh translation (Wales: every page works in Welsh)."""

from __future__ import annotations

import runpy
from pathlib import Path

I18N_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "i18n.py"


def test_every_string_has_welsh() -> None:
    missing = runpy.run_path(str(I18N_SCRIPT))["missing_translations"]()
    assert not missing, "strings without Welsh:\n" + "\n".join(missing)


def test_every_catalogue_reaches_the_app() -> None:
    """A catalogue that does not compile (a fuzzy header made pybabel skip it) leaves Welsh
    pages in English while the .po looks complete: check the app really sees each one."""
    from babel.messages.pofile import read_po

    from hustings.web.i18n import PACKAGE_DIR, translations_for

    welsh = translations_for("cy")
    for po in sorted(PACKAGE_DIR.glob("*/locale/cy/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            sample = next(m for m in read_po(handle) if m.id and isinstance(m.id, str) and m.string)
        assert welsh.gettext(sample.id) == sample.string, f"{po} is not compiled into the app"
