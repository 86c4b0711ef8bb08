"""`hustings triage`: triage JSON Lines from a file or stdin; `hustings triage eval FILE`.

Input lines are `{"id": ..., "text": ..., "platform"?: ..., "target"?: ...}`; output is one JSON
line per input line, in order. A line that cannot be read becomes `{"line": N, "error": ...}` and
the run goes on: one bad line in a bulk import must never lose the rest.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hustings.triage.evaluation import evaluate_file
from hustings.triage.schemas import TriageError, TriageInput, TriageResult
from hustings.triage.service import triage_inputs

app = typer.Typer(help="Triage messages for abuse.", no_args_is_help=False)

BATCH = 256
PROGRESS_FROM = 200  # lines; shorter inputs finish before a bar would be worth drawing


def _parse(number: int, line: str) -> TriageInput | TriageError:
    """One input line to an input, or to the error line that will stand in its place."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as error:
        return TriageError(line=number, error=f"not valid JSON: {error.msg}")
    if not isinstance(raw, dict):
        return TriageError(line=number, error="expected a JSON object")
    try:
        return TriageInput.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "line"
        ident = raw.get("id") if isinstance(raw.get("id"), str | int) else None
        return TriageError(id=ident, line=number, error=f"{where}: {first['msg']}")


def triage_lines(lines: Iterable[str]) -> Iterator[TriageResult | TriageError]:
    """Results for JSON Lines input, in input order, triaged in batches; blank lines skipped."""
    pending: list[tuple[int, TriageInput | TriageError]] = []

    def flush() -> Iterator[TriageResult | TriageError]:
        inputs = [p for _, p in pending if isinstance(p, TriageInput)]
        try:
            results = iter(triage_inputs(inputs))
        except Exception as error:  # one poisoned batch must not end the run: retry one by one
            yield from _one_by_one(pending, error)
            return
        for _, parsed in pending:
            yield next(results) if isinstance(parsed, TriageInput) else parsed

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        pending.append((number, _parse(number, line)))
        if len(pending) >= BATCH:
            yield from flush()
            pending = []
    if pending:
        yield from flush()


def _one_by_one(
    pending: list[tuple[int, TriageInput | TriageError]], _: Exception
) -> Iterator[TriageResult | TriageError]:
    for number, parsed in pending:
        if isinstance(parsed, TriageError):
            yield parsed
            continue
        try:
            yield triage_inputs([parsed])[0]
        except Exception as error:
            yield TriageError(id=parsed.id, line=number, error=f"could not triage: {error}")


def _write(out: IO[str], item: TriageResult | TriageError) -> None:
    out.write(item.model_dump_json() + "\n")


def _progress(total: int | None) -> Progress:
    return Progress(
        TextColumn("[bold]triage"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=total is not None and total < PROGRESS_FROM,
    )


@app.callback(invoke_without_command=True)
def triage(
    ctx: typer.Context,
    input: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="JSON Lines file (default: standard input)."),
    ] = None,
) -> None:
    """Triage JSON Lines messages; writes one JSON line per input line to standard output."""
    if ctx.invoked_subcommand is not None:
        return
    out = sys.stdout
    if input is None:
        with _progress(None if sys.stderr.isatty() else 0) as bar:
            task = bar.add_task("triage", total=None)
            for item in triage_lines(sys.stdin):
                _write(out, item)
                bar.advance(task)
        return
    if not input.is_file():
        raise typer.BadParameter(f"no such file: {input}", param_hint="--input")
    with input.open(encoding="utf-8", errors="replace") as fh:
        total = sum(1 for line in fh if line.strip())
    with input.open(encoding="utf-8", errors="replace") as fh, _progress(total) as bar:
        task = bar.add_task("triage", total=total)
        for item in triage_lines(fh):
            _write(out, item)
            bar.advance(task)
    out.flush()


@app.command("eval")
def eval_command(
    file: Annotated[
        Path, typer.Argument(help="Labelled JSON Lines: text + labels and/or abusive.")
    ],
) -> None:
    """Evaluate triage on a labelled JSON Lines file; prints metrics as JSON."""
    if not file.is_file():
        raise typer.BadParameter(f"no such file: {file}", param_hint="FILE")
    with file.open(encoding="utf-8") as fh:
        total = sum(1 for line in fh if line.strip())
    try:
        with _progress(total) as bar:
            task = bar.add_task("eval", total=total)
            metrics = evaluate_file(file, progress=lambda n: bar.advance(task, n))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="FILE") from error
    _print_table(metrics)
    sys.stdout.write(json.dumps(metrics, indent=1, sort_keys=True) + "\n")


def _print_table(metrics: dict[str, object]) -> None:
    """A readable summary on stderr; stdout stays pure JSON for scripts."""
    console = Console(stderr=True)
    if isinstance(labels := metrics.get("labels"), dict):
        table = Table("label", "precision", "recall", "F1", "support", title="Per label")
        for name, m in labels.items():
            table.add_row(
                name,
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
                str(m["support"]),
            )
        console.print(table)
    if isinstance(ab := metrics.get("abusive"), dict):
        auc = ab.get("roc_auc")
        console.print(
            f"abusive: accuracy {ab['accuracy']:.3f}, precision {ab['precision']:.3f}, "
            f"recall {ab['recall']:.3f}, F1 {ab['f1']:.3f}"
            + (f", ROC AUC {auc:.3f}" if auc is not None else "")
        )
    if isinstance(groups := metrics.get("groups"), dict):
        table = Table("group", "accuracy", "n", title="Per group")
        for name, g in groups.items():
            table.add_row(name, f"{g['accuracy']:.3f}", str(g["n"]))
        console.print(table)
