"""Triage benchmarks: batch throughput on one core, API latency for one message, memory, and a
comparison with alt-profanity-check on the same held-out data.

    python -m bench triage

Throughput is measured on one core (the process is pinned to CPU 0) and reported both per CPU
second (stable when other work shares the machine) and per wall-clock second.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import write_section

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONAL = ROOT / "tests" / "triage" / "data"
THROUGHPUT_MESSAGES = 5_000
LATENCY_REQUESTS = 300


def _pin_one_core() -> None:
    """Run on a single core, and keep numeric libraries single-threaded."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _held_out() -> list[Any]:
    from hustings.triage.training import build_items

    return [it for it in build_items() if it.split == "test"]


def _throughput(texts: list[str]) -> dict[str, float]:
    from hustings.triage.model import default_model
    from hustings.triage.schemas import TriageInput
    from hustings.triage.service import triage_inputs

    triage_inputs([TriageInput(text="warm up")], model=default_model())  # load every table
    batch = 512
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), batch):
        triage_inputs([TriageInput(text=t) for t in texts[start : start + batch]])
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"per_cpu_second": len(texts) / cpu, "per_wall_second": len(texts) / wall}


def _profanity_check(texts: list[str]) -> tuple[list[float], dict[str, float]]:
    from profanity_check import predict_prob

    wall0, cpu0 = time.perf_counter(), time.process_time()
    scores = [float(s) for s in predict_prob(texts)]
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return scores, {"per_cpu_second": len(texts) / cpu, "per_wall_second": len(texts) / wall}


def _accuracy(gold: list[bool], scores: list[float], cut: float = 0.5) -> float:
    return sum((s >= cut) == g for s, g in zip(scores, gold, strict=True)) / len(gold)


def _compare(texts: list[str], gold: list[bool], groups: list[str | None]) -> dict[str, Any]:
    from hustings.triage.evaluation import abuse_score, roc_auc, run

    ours = run(texts)
    our_scores = [abuse_score(r) for r in ours]
    theirs, _ = _profanity_check(texts)
    out: dict[str, Any] = {
        "n": len(texts),
        "ours": {"accuracy": _accuracy(gold, our_scores), "auc": roc_auc(gold, our_scores)},
        "profanity_check": {"accuracy": _accuracy(gold, theirs), "auc": roc_auc(gold, theirs)},
    }
    if any(groups):
        for name, scores in (("ours", our_scores), ("profanity_check", theirs)):
            per: dict[str, list[bool]] = {}
            for g, s, y in zip(groups, scores, gold, strict=True):
                if g:
                    per.setdefault(g, []).append((s >= 0.5) == y)
            out[name]["groups"] = {g: sum(v) / len(v) for g, v in sorted(per.items())}
    return out


def _civility() -> dict[str, dict[str, Any]]:
    """Uncivil vs civil, by ROC AUC of the highest score, with and without the incivility head.

    OLID's held-out rows (offensive or not, every row, as `hustings.triage.civility_data` maps
    them) are the nearest public stand-in for replies to politicians coded for civility.
    """
    import dataclasses

    from hustings.triage.civility_training import build_civility_items
    from hustings.triage.evaluation import abuse_score, roc_auc, run
    from hustings.triage.model import default_model
    from hustings.triage.training import SEED, SYNTHETIC_SCALE

    items = [it for it in build_civility_items(None, SEED, SYNTHETIC_SCALE) if it.split == "test"]
    suite = [json.loads(line) for line in (FUNCTIONAL / "civility.jsonl").read_text().splitlines()]
    parts = {
        "held-out split, OLID only, offensive vs not (all rows)": [
            (it.text, it.uncivil) for it in items if it.source == "olid"
        ],
        "held-out split, public sets, offensive vs not": [
            (it.text, it.uncivil) for it in items if ":" not in it.source
        ],
        "held-out split, our civility templates": [
            (it.text, it.uncivil) for it in items if it.source.startswith("civility:")
        ],
        "civility suite (hand-written, rude vs polite)": [
            (r["text"], bool(r["uncivil"])) for r in suite if r
        ],
    }
    labels_only = dataclasses.replace(default_model(), civility_coef=None)
    # The served head mixes in alt-profanity-check's own weights; this is our head alone.
    head_alone = dataclasses.replace(default_model(), civility_mix=1.0)
    out: dict[str, dict[str, Any]] = {}
    for name, rows in parts.items():
        texts, gold = [t for t, _ in rows], [g for _, g in rows]
        theirs, _ = _profanity_check(texts)
        out[name] = {
            "n": len(rows),
            "ours": roc_auc(gold, [abuse_score(r) for r in run(texts)]),
            "labels_only": roc_auc(gold, [abuse_score(r) for r in run(texts, labels_only)]),
            "head_alone": roc_auc(gold, [abuse_score(r) for r in run(texts, head_alone)]),
            "profanity_check": roc_auc(gold, theirs),
        }
    return out


def _latency() -> dict[str, float]:
    """p50/p95 of POST /api/v1/triage with one message, against a local uvicorn."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench._triage_server", str(LATENCY_REQUESTS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"latency benchmark failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _memory_mb() -> float:
    """Peak resident memory of a fresh process that loads the model and triages a batch."""
    code = (
        "import resource\n"
        "from hustings.triage.service import triage_texts\n"
        "triage_texts(['you are a worthless idiot'] * 1000)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.strip()) / 1024


def _functional(name: str) -> tuple[list[str], list[bool], list[str | None]]:
    rows = [json.loads(line) for line in (FUNCTIONAL / name).read_text().splitlines() if line]
    return (
        [r["text"] for r in rows],
        [bool(r.get("abusive", bool(r.get("labels")))) for r in rows],
        [r.get("functionality") for r in rows],
    )


def run() -> None:
    _pin_one_core()
    items = _held_out()
    texts = [it.text for it in items]
    gold = [bool(it.labels) for it in items]
    sample = (texts * (THROUGHPUT_MESSAGES // max(len(texts), 1) + 1))[:THROUGHPUT_MESSAGES]
    ours_speed = _throughput(sample)
    _, theirs_speed = _profanity_check(sample)
    public = [i for i, it in enumerate(items) if ":" not in it.source]
    olid = [i for i, it in enumerate(items) if it.source == "olid"]
    comparisons = {
        "held-out split (public + synthetic)": _compare(texts, gold, [None] * len(texts)),
        "held-out split, public sets only": _compare(
            [texts[i] for i in public], [gold[i] for i in public], [None] * len(public)
        ),
        "held-out split, OLID only (tweets about politics)": _compare(
            [texts[i] for i in olid], [gold[i] for i in olid], [None] * len(olid)
        ),
        "functional suite 1 (development)": _compare(*_functional("functional.jsonl")),
        "functional suite 2 (development)": _compare(*_functional("functional_dev2.jsonl")),
        "functional suite 3 (held back, looked at in session 4)": _compare(
            *_functional("functional_unseen.jsonl")
        ),
        "identity suite (development, session 8)": _compare(*_functional("identity.jsonl")),
        "identity suite (held out, session 8)": _compare(*_functional("identity_heldout.jsonl")),
        "independent suite (session 8; its misses were read in session 10)": _compare(
            *_functional("functional_independent.jsonl")
        ),
        "second independent suite (session 9; its misses were read in session 10)": _compare(
            *_functional("functional_independent2.jsonl")
        ),
        "third independent suite (session 10, sealed: only its totals were read)": _compare(
            *_functional("functional_independent3.jsonl")
        ),
    }
    civility = _civility()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    latency = _latency()
    memory = _memory_mb()
    peak_here = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{100 * v:.1f}%"

    def auc(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    lines = [
        "## Triage",
        "",
        "### Speed and memory",
        "",
        "| measure | Hustings triage | alt-profanity-check |",
        "|---|---|---|",
        f"| batch throughput, one core (messages per CPU second) | "
        f"{ours_speed['per_cpu_second']:,.0f} | {theirs_speed['per_cpu_second']:,.0f} |",
        f"| batch throughput, one core (messages per wall-clock second) | "
        f"{ours_speed['per_wall_second']:,.0f} | {theirs_speed['per_wall_second']:,.0f} |",
        f"| API latency for one message, p50 | {latency['p50_ms']:.1f} ms | - |",
        f"| API latency for one message, p95 | {latency['p95_ms']:.1f} ms | - |",
        f"| API server CPU time per one-message request | {latency['server_cpu_ms']:.1f} ms | - |",
        f"| API server peak memory (RSS) | {latency['server_rss_mb']:.0f} MB | - |",
        f"| peak memory of a process triaging 1,000 messages | {memory:.0f} MB | - |",
        "",
        f"Throughput: {len(sample):,} messages from the held-out split, batches of 512, process "
        "pinned to one core. Latency: "
        f"{LATENCY_REQUESTS} sequential POST /api/v1/triage requests with one message each, "
        "against uvicorn on 127.0.0.1 (one worker), after a warm-up. The machine is shared: "
        f"its load average was {load_before:.1f} on {os.cpu_count()} cores when latency was "
        "measured, so wall-clock figures are pessimistic; CPU-time figures are not affected.",
        "",
        "### Quality against alt-profanity-check on the same data",
        "",
        "Abusive yes/no: accuracy at each tool's own 0.5 cut, and ROC AUC of its score "
        "(ours: the highest of `scores`).",
        "",
        "| data | n | Hustings accuracy | Hustings AUC | profanity-check accuracy | "
        "profanity-check AUC |",
        "|---|---|---|---|---|---|",
    ]
    for name, c in comparisons.items():
        lines.append(
            f"| {name} | {c['n']:,} | {pct(c['ours']['accuracy'])} | {auc(c['ours']['auc'])} | "
            f"{pct(c['profanity_check']['accuracy'])} | {auc(c['profanity_check']['auc'])} |"
        )
    held = comparisons["functional suite 3 (held back, looked at in session 4)"]
    lines += [
        "",
        "Per functionality on functional suite 3 (accuracy):",
        "",
        "| functionality | Hustings | alt-profanity-check |",
        "|---|---|---|",
    ]
    for g, v in held["ours"].get("groups", {}).items():
        lines.append(f"| {g} | {pct(v)} | {pct(held['profanity_check']['groups'][g])} |")
    lines += [
        "",
        "### Civility ranking against alt-profanity-check",
        "",
        "Uncivil vs civil: ROC AUC of the highest score (ours with the incivility head, as "
        "served, whose log-odds mix in alt-profanity-check's (docs/model-card.md); ours with "
        "our own head only, without that mix; ours with the labels' scores only, as before the "
        "head; alt-profanity-check's probability alone). Labels, `abusive` and severity are the "
        "same in every Hustings column. The public-sets row flatters the mix: Davidson's "
        "tweets were in alt-profanity-check's training data.",
        "",
        "| data | n | Hustings (served) | Hustings (own head only) | Hustings (labels only) "
        "| alt-profanity-check |",
        "|---|---|---|---|---|---|",
    ]
    for name, c in civility.items():
        lines.append(
            f"| {name} | {c['n']:,} | {auc(c['ours'])} | {auc(c['head_alone'])} | "
            f"{auc(c['labels_only'])} | {auc(c['profanity_check'])} |"
        )
    lines += ["", f"(This benchmark process peaked at {peak_here:.0f} MB.)"]
    write_section("triage", "\n".join(lines), "python -m bench triage")
    print("\n".join(lines))


if __name__ == "__main__":
    run()
