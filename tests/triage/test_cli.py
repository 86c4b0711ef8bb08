"""`hustings triage` reads JSON Lines and never lets a bad line stop the batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hustings.cli import app
from hustings.triage.cli import triage_lines
from hustings.triage.schemas import TriageError, TriageResult

runner = CliRunner()

GOOD = {"id": "a", "text": "I am going to kill you tonight"}
BAD_LINES = [
    "{not json",
    "[1, 2, 3]",
    '"just a string"',
    '{"id": "no-text"}',
    '{"id": "wrong-type", "text": 42}',
    '{"id": "too-long", "text": "' + "x" * 20_001 + '"}',
    "null",
]


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_stdin_to_stdout_in_order_with_the_output_fields() -> None:
    lines = [
        json.dumps({"id": 1, "text": "Lovely to meet you on the doorstep"}),
        json.dumps({"id": 2, "text": "I am going to kill you", "platform": "x"}),
    ]
    result = runner.invoke(app, ["triage"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = _lines(result.stdout)
    assert [o["id"] for o in out] == [1, 2]
    for o in out:
        assert set(o) == {
            "id",
            "abusive",
            "labels",
            "scores",
            "severity",
            "explanation",
            "rules",
            "offences",
        }
        assert set(o["scores"]) == {
            "threat",
            "harassment",
            "hate",
            "sexual_harassment",
            "private_information",
            "intimidation",
        }
    assert out[0]["abusive"] is False and out[0]["severity"] == "none"
    assert out[1]["abusive"] is True and "threat" in out[1]["labels"]
    assert all(r["platform"] == "x" for r in out[1]["rules"])


def test_malformed_lines_never_stop_a_batch(tmp_path: Path) -> None:
    lines = []
    for i, bad in enumerate(BAD_LINES):
        lines.append(json.dumps({"id": f"good-{i}", "text": "you are a worthless idiot"}))
        lines.append(bad)
    lines.append(json.dumps(GOOD))
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["triage", "--input", str(path)])
    assert result.exit_code == 0, result.output
    out = _lines(result.stdout)
    assert len(out) == len(lines)
    for number, (line, o) in enumerate(zip(lines, out, strict=True), start=1):
        if line in BAD_LINES:
            assert o["line"] == number and o["error"]
        else:
            assert o["id"] == json.loads(line)["id"] and "abusive" in o
    assert out[-1]["abusive"] is True


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.text(max_size=60), st.just(json.dumps(GOOD))), max_size=12))
def test_any_input_gives_one_line_per_non_blank_line(lines: list[str]) -> None:
    flat = "\n".join(lines).splitlines()
    outputs = list(triage_lines(flat))
    assert len(outputs) == sum(1 for line in flat if line.strip())
    assert all(isinstance(o, TriageResult | TriageError) for o in outputs)


def test_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["triage", "--input", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2


def test_eval_reports_per_label_and_group_metrics(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [
        {"text": "I am going to kill you", "labels": ["threat", "harassment"], "group": "t"},
        {"text": "The budget is a disgrace", "labels": [], "group": "p"},
        {"text": "We know where you live", "abusive": True, "group": "i"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = runner.invoke(app, ["triage", "eval", str(path)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 3
    assert metrics["labels"]["threat"]["support"] == 1
    assert set(metrics["groups"]) == {"t", "p", "i"}
    assert 0.0 <= metrics["abusive"]["accuracy"] <= 1.0


def test_eval_refuses_unlabelled_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "no labels here"}\n')
    result = runner.invoke(app, ["triage", "eval", str(path)])
    assert result.exit_code == 2
    assert "line 1" in result.output


@pytest.mark.parametrize("bad", BAD_LINES)
def test_each_kind_of_bad_line_is_reported_with_its_number(bad: str) -> None:
    outputs = list(triage_lines(["", bad]))
    assert len(outputs) == 1
    assert isinstance(outputs[0], TriageError) and outputs[0].line == 2
