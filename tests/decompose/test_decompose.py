"""Target decomposition on a hand-made city with three districts."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from planforge import cli
from planforge.decompose_report import format_json, format_markdown
from planforge.hierarchy import decompose_tree

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return decompose_tree([FIXTURES])


def _table(result, ind_id: str):  # type: ignore[no-untyped-def]
    tables, _ = result
    return next(t for t in tables if t.indicator.id == ind_id)


def test_complete_decomposition_is_reached(result) -> None:  # type: ignore[no-untyped-def]
    t = _table(result, "workers")
    assert t.status == "reached"
    assert t.total == Decimal("8.5") and t.target == Decimal("8")
    assert [r.region for r in t.rows] == ["甲区", "乙区", "丙区"]
    assert t.rows[0].share == Decimal("0.375")


def test_missing_child_makes_it_incomplete(result) -> None:  # type: ignore[no-untyped-def]
    t = _table(result, "outlets")
    assert t.status == "incomplete"
    assert t.missing == ("丙区",)
    assert t.gap == Decimal("300")


def test_over_allocation_after_unit_conversion(result) -> None:  # type: ignore[no-untyped-def]
    t = _table(result, "donations")  # districts in 万元, city in 亿元
    assert t.status == "over"
    assert t.total == Decimal("1.5")


def test_short_decomposition(result) -> None:  # type: ignore[no-untyped-def]
    t = _table(result, "beds")
    assert t.status == "short" and t.gap == Decimal("1000")


def test_rates_are_not_decomposed(result) -> None:  # type: ignore[no-untyped-def]
    tables, _ = result
    assert "coverage" not in {t.indicator.id for t in tables}


def test_problems_have_codes_and_positions(result) -> None:  # type: ignore[no-untyped-def]
    _, report = result
    got = sorted((p.code, p.indicator_id) for p in report.problems)
    assert got == [("PF601", "beds"), ("PF602", "outlets"), ("PF603", "donations")]
    assert all(p.location.line > 0 for p in report.problems)


def test_markdown_and_json(result) -> None:  # type: ignore[no-untyped-def]
    tables, _ = result
    md = format_markdown(tables)
    assert md.startswith("# 指标分解情况")
    assert "| 丙区 | — | — | — | — | 规划中没有承接该指标 |" in md
    data = json.loads(format_json(tables))
    beds = next(d for d in data if d["indicator"]["id"] == "beds")
    assert beds["status"] == "short" and beds["gap"] == "1000"
    assert beds["children"][0]["region"] == "甲区"


def test_cli_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["decompose", "--format", "markdown", str(FIXTURES)])
    assert exc.value.code == 1  # one decomposition falls short of the city's target
    assert "分解合计未达到上级目标" in capsys.readouterr().out
