"""`python -m bench [NAME ...]`: run the registered benchmarks (all by default).

Register a benchmark by adding its module name to BENCHMARKS; the module has `run() -> None`,
which measures and calls bench.report.write_section(name, markdown, command).
"""

from __future__ import annotations

import importlib
import sys
import time

BENCHMARKS: tuple[str, ...] = (
    "triage",
    "reporting",
    "exchange",
    "exchange_http",
    "outreach",
    "cases",
)


def main(names: list[str]) -> int:
    chosen = names or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmarks: {unknown}; known: {list(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in chosen:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").run()
        print(f"== {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
