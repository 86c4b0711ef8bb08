"""Writing results into docs/benchmarks.md, one marked section per benchmark, plus the machine.

Sections live between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, so each benchmark
rewrites only its own part and the others' figures stay as they were last measured.
"""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Every figure here is written by `make bench` (or `python -m bench NAME` for one section);
performance targets live here, never in timed unit tests. Each section says when it was
measured and the command that produced it.
"""


def machine() -> str:
    """A description of the machine the figures were measured on."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    postgres = "not measured"
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        postgres = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, check=False, timeout=5
        ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory, no GPU; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"{postgres}; SQLite {__import__('sqlite3').sqlite_version}"
    )


def write_section(name: str, body: str, command: str) -> None:
    """Replace (or add) one benchmark's section in docs/benchmarks.md."""
    text = DOC.read_text() if DOC.exists() else HEADER
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n{body.strip()}\n\n"
        f"_Measured {stamp} with `{command}` on: {machine()}._\n<!-- /bench:{name} -->"
    )
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)
