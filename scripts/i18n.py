"""Per-domain Welsh catalogues: extract, update, compile and check.

Each domain keeps `src/hustings/<domain>/locale/cy/LC_MESSAGES/messages.po`, so that people
working on different domains never edit the same catalogue. The app merges them at load time.

    python scripts/i18n.py update    # extract strings, add new ones to each domain's .po
    python scripts/i18n.py compile   # build the .mo files the app reads
    python scripts/i18n.py check     # exit 1 listing any string without a Welsh translation
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "hustings"
MAPPING = Path(__file__).resolve().parents[1] / "babel.cfg"
PYBABEL = str(Path(sys.executable).with_name("pybabel"))


def domain_dirs() -> list[Path]:
    """Domain folders with translatable code or templates."""
    return sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def catalogue(domain: Path) -> Path:
    return domain / "locale" / "cy" / "LC_MESSAGES" / "messages.po"


def extract(domain: Path, output: Path) -> None:
    subprocess.run(
        [
            PYBABEL,
            "--quiet",
            "extract",
            "-F",
            str(MAPPING),
            "-k",
            "lazy_gettext",
            "--no-location",
            "--omit-header",
            "-o",
            str(output),
            str(domain),
        ],
        check=True,
    )


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def unfuzz_header(po: Path) -> None:
    """`pybabel init` marks the new catalogue fuzzy, and `compile` then skips all of it."""
    with po.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    catalogue.fuzzy = False
    with po.open("wb") as handle:
        write_po(handle, catalogue, width=100)


def update() -> None:
    """Add new strings and drop gone ones, touching only catalogues whose strings changed
    (the header, with Welsh's plural forms, is kept)."""
    for domain in domain_dirs():
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "messages.pot"
            extract(domain, pot)
            wanted = message_ids(pot)
            if not wanted:
                continue
            po = catalogue(domain)
            if po.exists() and message_ids(po) == wanted:
                continue  # nothing new or gone: leave the file (and its layout) alone
            if po.exists():
                subprocess.run(
                    [
                        PYBABEL,
                        "--quiet",
                        "update",
                        "-i",
                        str(pot),
                        "-o",
                        str(po),
                        "-l",
                        "cy",
                        "--no-fuzzy-matching",
                        "--ignore-obsolete",
                        "--width",
                        "100",
                    ],
                    check=True,
                )
            else:
                po.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [PYBABEL, "--quiet", "init", "-i", str(pot), "-o", str(po), "-l", "cy"],
                    check=True,
                )
                unfuzz_header(po)


def compile_all() -> None:
    """Build each .mo with Babel's API: unlike `pybabel compile`, it does not skip a whole
    catalogue because `pybabel init` left its header marked fuzzy (fuzzy messages stay out)."""
    for domain in domain_dirs():
        po = catalogue(domain)
        if po.exists():
            with po.open("rb") as handle:
                messages = read_po(handle, locale="cy")
            messages.fuzzy = False
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, messages, use_fuzzy=False)


def missing_translations() -> list[str]:
    """Strings in the code with no Welsh (missing from the .po, empty or fuzzy)."""
    problems: list[str] = []
    for domain in domain_dirs():
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / "messages.pot"
            extract(domain, pot)
            wanted = message_ids(pot)
        if not wanted:
            continue
        po = catalogue(domain)
        translated: set[str] = set()
        if po.exists():
            with po.open("rb") as handle:
                translated = {
                    str(m.id)
                    for m in read_po(handle)
                    if m.id
                    and m.string
                    and (not isinstance(m.string, tuple) or all(m.string))
                    and not m.fuzzy
                }
        problems += [f"{domain.name}: {message_id!r}" for message_id in sorted(wanted - translated)]
    return problems


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = missing_translations()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
