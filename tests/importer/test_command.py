"""The import command: YAML to a file or stdout, summary and problems on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planforge.importer.command import import_cmd, schema_ref_for
from tests.importer.conftest import BANAN, CHONGQING, FIXTURES, load_yaml, seed


def test_writes_yaml_and_reports_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "plans" / "巴南区.yaml"
    result = CliRunner().invoke(
        import_cmd, [str(seed(BANAN)), "-o", str(out), "--parent", "重庆市.yaml"]
    )
    assert result.exit_code == 0, result.output
    data = load_yaml(out.read_text(encoding="utf-8"))
    assert data["meta"]["parent"] == "重庆市.yaml"
    assert result.stdout == ""
    assert "正文字符" in result.stderr and "第 18 行" in result.stderr
    assert "001_3e75d17b5e191f51.txt:285:0: warning IMP101" in result.stderr


def test_stdout_json_simplified_and_external_toc(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        import_cmd,
        [
            str(seed(CHONGQING)),
            "--simplified",
            "--toc",
            str(FIXTURES / "chongqing_toc.txt"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    report = json.loads(result.stderr)
    assert report["summary"]["counts"]["indicators"] == 16
    assert report["summary"]["share"] >= 0.99
    assert [n["line"] for n in report["summary"]["noise"]] == [104, 105, 106, 107]
    assert any(p["code"] == "IMP010" and p["line"] == 41 for p in report["problems"])


def test_schema_reference_is_relative_to_the_output(tmp_path: Path) -> None:
    ref = schema_ref_for(Path(__file__).resolve().parents[2] / "plans" / "重庆市" / "x.yaml")
    assert ref == "../../schema/plan.schema.json"
