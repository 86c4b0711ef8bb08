"""The one explicit list of domains. The app, the CLI, the jobs and the migrations loop over it.

A domain is a package under hustings/ that may hold `models`, `api`, `views`, `cli`, `jobs` and
`checks` modules; each found module is wired in by convention (`router`, `app`, task functions,
`checks.run()` called by create_app so that bad data stops the app before it serves anyone).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Domain:
    name: str

    @property
    def package(self) -> str:
        return f"hustings.{self.name}"

    def module(self, part: str) -> ModuleType | None:
        """The domain's `part` module, or None when the domain has none."""
        qualified = f"{self.package}.{part}"
        try:
            return importlib.import_module(qualified)
        except ModuleNotFoundError as error:
            if error.name == qualified:
                return None
            raise


# Order matters where one domain's demo data builds on another's: keep `demo` last.
DOMAINS: tuple[Domain, ...] = (
    Domain("web"),
    Domain("audit"),
    Domain("auth"),
    Domain("jobs"),
    Domain("policy"),
    Domain("triage"),
    Domain("cases"),
    Domain("outreach"),
    Domain("reporting"),
    Domain("exchange"),
    Domain("demo"),
)


def import_all_models() -> None:
    """Import every domain's tables so that Base.metadata knows them all."""
    for domain in DOMAINS:
        domain.module("models")
