"""Evaluation of triage against labelled messages.

A labelled JSON Lines file has one object per line with `text` and at least one of:
- `labels`: the gold triage labels (a list, possibly empty), for per-label precision/recall/F1;
- `abusive`: the gold yes/no, for accuracy and ROC AUC of the abuse score.
An optional `functionality` (or `group`) field gives accuracy per group, the way functional test
suites (HateCheck-style) report. When `abusive` is missing it is "any gold label".
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hustings.triage.labels import LABELS, Label
from hustings.triage.model import TriageModel
from hustings.triage.schemas import TriageInput, TriageResult
from hustings.triage.service import triage_inputs

_BATCH = 512


class Labelled(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def labels(self) -> frozenset[Label]: ...


def abuse_score(result: TriageResult) -> float:
    """One number for "how abusive": the highest label score (used for ROC AUC)."""
    return max(result.scores.values())


def roc_auc(y: Sequence[bool], s: Sequence[float]) -> float | None:
    """Area under the ROC curve (ties counted half); None unless both classes are present."""
    y_arr = np.asarray(y, dtype=bool)
    s_arr = np.asarray(s, dtype=np.float64)
    pos, neg = int(y_arr.sum()), int((~y_arr).sum())
    if not pos or not neg:
        return None
    order = np.argsort(s_arr, kind="mergesort")
    ranks = np.empty(len(s_arr), dtype=np.float64)
    sorted_s = s_arr[order]
    i = 0
    while i < len(sorted_s):
        j = i
        while j + 1 < len(sorted_s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y_arr].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def run(
    texts: Sequence[str], model: TriageModel | None = None, progress: Any = None
) -> list[TriageResult]:
    """Triage in batches, advancing an optional Rich progress callback."""
    results: list[TriageResult] = []
    for start in range(0, len(texts), _BATCH):
        chunk = [
            TriageInput(id=start + i, text=t) for i, t in enumerate(texts[start : start + _BATCH])
        ]
        results.extend(triage_inputs(chunk, model=model))
        if progress is not None:
            progress(len(chunk))
    return results


def score(
    results: Sequence[TriageResult],
    gold_labels: Sequence[frozenset[Label] | None],
    gold_abusive: Sequence[bool],
    groups: Sequence[str | None],
) -> dict[str, Any]:
    """Metrics for results against gold: per label, abusive yes/no, AUC, per group."""
    out: dict[str, Any] = {"n": len(results)}
    with_labels = [i for i, g in enumerate(gold_labels) if g is not None]
    if with_labels:
        per_label = {}
        for label in LABELS:
            tp = fp = fn = 0
            for i in with_labels:
                is_gold = label in (gold_labels[i] or frozenset())
                is_pred = label in results[i].labels
                tp += is_gold and is_pred
                fp += is_pred and not is_gold
                fn += is_gold and not is_pred
            per_label[label.value] = _prf(tp, fp, fn)
        out["labels"] = per_label
        f1s = [m["f1"] for m in per_label.values() if m["support"]]
        out["macro_f1"] = round(float(np.mean(f1s)), 4) if f1s else None
    pred = [r.abusive for r in results]
    tp = sum(p and g for p, g in zip(pred, gold_abusive, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold_abusive, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold_abusive, strict=True))
    correct = sum(p == g for p, g in zip(pred, gold_abusive, strict=True))
    out["abusive"] = _prf(tp, fp, fn) | {
        "accuracy": round(correct / len(results), 4) if results else 0.0,
        "roc_auc": (
            round(a, 4)
            if (a := roc_auc(gold_abusive, [abuse_score(r) for r in results])) is not None
            else None
        ),
    }
    by_group: dict[str, list[bool]] = defaultdict(list)
    for g, p, gold in zip(groups, pred, gold_abusive, strict=True):
        if g:
            by_group[g].append(p == gold)
    if by_group:
        out["groups"] = {
            g: {"accuracy": round(sum(v) / len(v), 4), "n": len(v)}
            for g, v in sorted(by_group.items())
        }
    return out


def evaluate_items(model: TriageModel, items: Sequence[Labelled]) -> dict[str, Any]:
    """Metrics for in-memory labelled items (used by training on its test split)."""
    results = run([it.text for it in items], model)
    golds = [frozenset(it.labels) for it in items]
    return score(results, golds, [bool(g) for g in golds], [None] * len(items))


def read_labelled(lines: Iterable[str]) -> list[dict[str, Any]]:
    """Parse a labelled JSONL file; a bad line raises with its number (gold data must be clean)."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"line {number}: not JSON ({error.msg})") from error
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise ValueError(f"line {number}: needs a string field 'text'")
        if "labels" not in rec and "abusive" not in rec:
            raise ValueError(f"line {number}: needs 'labels' or 'abusive'")
        records.append(rec)
    return records


def evaluate_file(
    path: Path, model: TriageModel | None = None, progress: Any = None
) -> dict[str, Any]:
    """Metrics for a labelled JSON Lines file."""
    with path.open(encoding="utf-8") as fh:
        records = read_labelled(fh)
    results = run([r["text"] for r in records], model, progress)
    gold_labels: list[frozenset[Label] | None] = []
    for r in records:
        if "labels" in r:
            gold_labels.append(frozenset(Label(v) for v in r["labels"]))
        else:
            gold_labels.append(None)
    gold_abusive = [
        bool(r["abusive"]) if "abusive" in r else bool(g)
        for r, g in zip(records, gold_labels, strict=True)
    ]
    groups = [r.get("functionality") or r.get("group") for r in records]
    return score(results, gold_labels, gold_abusive, groups)
