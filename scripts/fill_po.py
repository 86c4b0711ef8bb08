"""Fill a domain's Welsh catalogue from a Python dict of {English: Welsh} (a translator's aid).

    python scripts/fill_po.py src/hustings/web/locale/cy/LC_MESSAGES/messages.po translations.py
The dict file defines CY = {...}. Existing translations are kept unless the dict gives another.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main() -> int:
    po_path, dict_path = Path(sys.argv[1]), sys.argv[2]
    welsh: dict[str, str] = runpy.run_path(dict_path)["CY"]
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    filled = 0
    for message in catalogue:
        if message.id and message.id in welsh:
            message.string = welsh[message.id]
            message.flags.discard("fuzzy")
            filled += 1
    # A catalogue made by `pybabel init` has a fuzzy header, and compile skips fuzzy catalogues.
    catalogue.fuzzy = False
    with po_path.open("wb") as handle:
        write_po(handle, catalogue, omit_header=False, no_location=True, width=100)
    print(f"{filled} strings filled in {po_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
