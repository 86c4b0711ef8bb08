"""Loads the public abuse data sets from ../shared/data/abuse and maps them onto our labels.

The sets disagree with each other and with our taxonomy, so each mapping is a judgement, written
down here once:
- Davidson: "hate" -> hate; "offensive" -> harassment only when aimed at someone (a mention or
  "you"), otherwise dropped (much of it is casual swearing, which we do not call abuse);
  "neither" -> none.
- HateXplain: hatespeech -> hate; offensive -> hate when it names a community, else harassment
  (both at half weight, the class is noisy); normal -> none.
- OLID: OFF/TIN/IND -> harassment; OFF/UNT (untargeted swearing) -> none at half weight;
  OFF/TIN/GRP and OTH dropped (mostly political groups, not protected characteristics);
  NOT -> none.
- ConvAbuse: majority of annotators abusive -> harassment if aimed at the addressee,
  sexual_harassment / hate by the majority type; majority "not abuse" -> none; ambiguous dropped.
- ETHOS (GPL-3.0): isHate >= 0.5 -> hate (+ threat when violence >= 0.5, + harassment when
  directed >= 0.5); isHate <= 0.2 -> none.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hustings.config import PROJECT_ROOT
from hustings.triage.labels import Label


def default_data_dir() -> Path:
    """../shared/data/abuse beside the checkout (a worktree under /work/wt looks one level up).

    HUSTINGS_ABUSE_DATA overrides it.
    """
    if env := os.environ.get("HUSTINGS_ABUSE_DATA"):
        return Path(env)
    for base in (PROJECT_ROOT.parent, PROJECT_ROOT.parent.parent):
        candidate = base / "shared" / "data" / "abuse"
        if candidate.is_dir():
            return candidate
    return PROJECT_ROOT.parent / "shared" / "data" / "abuse"


_AIMED = re.compile(r"(?:^|\s)(?:@\w+|you|your|youre|ur|u|ya)(?:\s|$|[.,!?])", re.IGNORECASE)
_COMMUNITIES = ("race", "religion", "gender", "sexual_orientation")


@dataclass(frozen=True, slots=True)
class Row:
    """One public example: text, labels, a training weight and where it came from."""

    text: str
    labels: frozenset[Label]
    weight: float
    source: str


def _davidson(root: Path) -> Iterator[Row]:
    with (root / "davidson" / "labeled_data.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["tweet"].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            cls = rec["class"]
            if cls == "0":
                yield Row(text, frozenset({Label.HATE}), 1.0, "davidson")
            elif cls == "1":
                if _AIMED.search(text):
                    yield Row(text, frozenset({Label.HARASSMENT}), 0.4, "davidson")
            else:
                yield Row(text, frozenset(), 1.0, "davidson")


def _hatexplain(root: Path) -> Iterator[Row]:
    path = root / "hatexplain" / "hatexplain_train_val.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["text"].replace("<user>", "@user").replace("<number>", "12")
            if rec["label"] == "hatespeech":
                yield Row(text, frozenset({Label.HATE}), 1.0, "hatexplain")
            elif rec["label"] == "offensive":
                named = any(rec[c] and not rec[c].startswith(("No_", "None")) for c in _COMMUNITIES)
                label = Label.HATE if named else Label.HARASSMENT
                yield Row(text, frozenset({label}), 0.5, "hatexplain")
            else:
                yield Row(text, frozenset(), 1.0, "hatexplain")


def _olid(root: Path) -> Iterator[Row]:
    with (root / "olid" / "olid_train.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            text = rec["text"].replace("@USER", "@user").replace("URL", "url")
            a, b, c = rec["subtask_a"], rec["subtask_b"], rec["subtask_c"]
            if a == "NOT":
                yield Row(text, frozenset(), 1.0, "olid")
            elif b == "UNT":
                yield Row(text, frozenset(), 0.5, "olid")
            elif c == "IND":
                yield Row(text, frozenset({Label.HARASSMENT}), 1.0, "olid")


def _majority(rec: dict[str, str], field: str) -> bool:
    """Whether most of the annotators who annotated this row ticked `field`."""
    votes = [
        rec[k] == "1"
        for k in rec
        if k.startswith("Annotator") and k.endswith("_" + field) and rec[k] not in ("", None)
    ]
    return bool(votes) and sum(votes) * 2 > len(votes)


def _convabuse(root: Path) -> Iterator[Row]:
    for name in ("ConvAbuseEMNLPtrain.csv", "ConvAbuseEMNLPvalid.csv"):
        with (root / "convabuse" / name).open(newline="", encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                text = rec["user"]
                if not text or not text.strip():
                    continue
                levels = {}
                for level in ("1", "0", "-1", "-2", "-3"):
                    levels[level] = sum(
                        rec[k] == "1"
                        for k in rec
                        if k.startswith("Annotator") and k.endswith(f"_is_abuse.{level}")
                    )
                total = sum(levels.values())
                abusive = levels["-1"] + levels["-2"] + levels["-3"]
                if total == 0:
                    continue
                if abusive * 2 > total:
                    labels = set()
                    if _majority(rec, "sex_harassment"):
                        labels.add(Label.SEXUAL_HARASSMENT)
                    if any(
                        _majority(rec, t)
                        for t in ("racist", "sexist", "homophobic", "transphobic", "ableist")
                    ):
                        labels.add(Label.HATE)
                    if _majority(rec, "target.individual") or not labels:
                        labels.add(Label.HARASSMENT)
                    yield Row(text, frozenset(labels), 1.0, "convabuse")
                elif levels["1"] * 2 > total:
                    yield Row(text, frozenset(), 1.0, "convabuse")


def _ethos(root: Path) -> Iterator[Row]:
    extra: dict[str, set[Label]] = {}
    path = root / "ethos" / "Ethos_Dataset_Multi_Label.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter=";"):
            labels: set[Label] = set()
            if float(rec["violence"]) >= 0.5:
                labels.add(Label.THREAT)
            if float(rec["directed_vs_generalized"]) >= 0.5:
                labels.add(Label.HARASSMENT)
            extra[rec["comment"].strip()] = labels
    with (root / "ethos" / "Ethos_Dataset_Binary.csv").open(newline="", encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter=";"):
            text = rec["comment"].strip()
            score = float(rec["isHate"])
            if score >= 0.5:
                yield Row(text, frozenset({Label.HATE} | extra.get(text, set())), 1.0, "ethos")
            elif score <= 0.2:
                yield Row(text, frozenset(), 1.0, "ethos")


LOADERS = {
    "convabuse": _convabuse,
    "davidson": _davidson,
    "ethos": _ethos,
    "hatexplain": _hatexplain,
    "olid": _olid,
}


def load_public(root: Path | None = None) -> list[Row]:
    """All public rows, in a fixed order (by source, then file order)."""
    root = root or default_data_dir()
    if not root.is_dir():
        raise FileNotFoundError(
            f"the abuse data sets are not at {root}: training expects ../shared/data/abuse"
        )
    rows: list[Row] = []
    for name in sorted(LOADERS):
        rows.extend(LOADERS[name](root))
    return rows
