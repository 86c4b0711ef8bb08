"""Training rows for the incivility ranking head: uncivil (1) or civil (0), never our labels.

Civility coders count rudeness as incivility (vulgarity, name-calling, aspersion, accusations of
lying, contempt for what someone said), whether or not it is abuse; the label model is trained
to leave rudeness alone. So the incivility head has its own, wider, mapping of the public sets:
- OLID: OFF -> 1 (targeted or not, at a person, a group or nothing); NOT -> 0.
- Davidson: hate or offensive -> 1 (at half weight: most of the set is offensive, and much of it
  casual swearing); neither -> 0.
- HateXplain: hatespeech or offensive -> 1; normal -> 0.
- ConvAbuse: majority abusive -> 1; majority "not abuse" -> 0; ambiguous dropped.
- ETHOS: isHate >= 0.5 -> 1; isHate <= 0.2 -> 0.
- Synthetic: every abusive family -> 1; the families that are civil by construction (neutral
  or warm mentions of groups, news about abuse, referring to abuse to condemn it) -> 0; the mixed
  families (profanity, robust criticism, quoting, negation) are left out and replaced by
  `hustings.triage.civility_templates`, whose every template says whether it is rude.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hustings.triage.civility_templates import generate_civility
from hustings.triage.data import default_data_dir
from hustings.triage.synthetic import generate

# Families of hustings.triage.synthetic that are civil whatever their slots hold.
CIVIL_FAMILIES = frozenset(
    {"group_neutral", "group_positive", "reporting", "counter_ref", "homonym"}
)
# Families that mix rude and polite templates: their civility is not known, so not used.
MIXED_FAMILIES = frozenset(
    {
        "policy_profanity",
        "profanity_benign",
        "political_criticism",
        "counter_quote",
        "negation",
        "non_protected",
        "reclaimed",
    }
)


@dataclass(frozen=True, slots=True)
class CivilityRow:
    """One training example for the incivility head."""

    text: str
    uncivil: bool
    weight: float
    source: str


def _olid(root: Path) -> Iterator[CivilityRow]:
    with (root / "olid" / "olid_train.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["text"].replace("@USER", "@user").replace("URL", "url")
            yield CivilityRow(text, rec["subtask_a"] == "OFF", 1.0, "olid")


def _davidson(root: Path) -> Iterator[CivilityRow]:
    with (root / "davidson" / "labeled_data.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["tweet"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            uncivil = rec["class"] in ("0", "1")
            yield CivilityRow(text, uncivil, 0.5 if uncivil else 1.0, "davidson")


def _hatexplain(root: Path) -> Iterator[CivilityRow]:
    path = root / "hatexplain" / "hatexplain_train_val.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["text"].replace("<user>", "@user").replace("<number>", "12")
            yield CivilityRow(text, rec["label"] != "normal", 1.0, "hatexplain")


def _convabuse(root: Path) -> Iterator[CivilityRow]:
    for name in ("ConvAbuseEMNLPtrain.csv", "ConvAbuseEMNLPvalid.csv"):
        with (root / "convabuse" / name).open(newline="", encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                text = rec["user"]
                if not text or not text.strip():
                    continue
                votes = {
                    level: sum(
                        rec[k] == "1"
                        for k in rec
                        if k.startswith("Annotator") and k.endswith(f"_is_abuse.{level}")
                    )
                    for level in ("1", "0", "-1", "-2", "-3")
                }
                total = sum(votes.values())
                abusive = votes["-1"] + votes["-2"] + votes["-3"]
                if total and abusive * 2 > total:
                    yield CivilityRow(text, True, 1.0, "convabuse")
                elif total and votes["1"] * 2 > total:
                    yield CivilityRow(text, False, 1.0, "convabuse")


def _ethos(root: Path) -> Iterator[CivilityRow]:
    with (root / "ethos" / "Ethos_Dataset_Binary.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter=";"):
            score = float(rec["isHate"])
            if score >= 0.5 or score <= 0.2:
                yield CivilityRow(rec["comment"].strip(), score >= 0.5, 1.0, "ethos")


LOADERS = {
    "convabuse": _convabuse,
    "davidson": _davidson,
    "ethos": _ethos,
    "hatexplain": _hatexplain,
    "olid": _olid,
}


def load_civility_public(root: Path | None = None) -> list[CivilityRow]:
    """Every public row with its civility label, in a fixed order."""
    root = root or default_data_dir()
    rows: list[CivilityRow] = []
    for name in sorted(LOADERS):
        rows.extend(LOADERS[name](root))
    return rows


def civility_synthetic(seed: int, scale: float) -> list[CivilityRow]:
    """Synthetic rows: the label templates' clear cases and the civility templates."""
    rows = [
        CivilityRow(e.text, bool(e.labels), 1.0, "synthetic:" + e.family)
        for e in generate(seed, scale)
        if e.family not in MIXED_FAMILIES and (e.labels or e.family in CIVIL_FAMILIES)
    ]
    rows += [
        CivilityRow(e.text, e.uncivil, 1.0, "civility:" + e.family)
        for e in generate_civility(seed, scale)
    ]
    return rows
