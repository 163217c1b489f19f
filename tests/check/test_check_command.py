"""planforge check on the Chongqing / Banan fixtures: the findings, the report formats, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from check_helpers import Plans, indicator

from planforge.check import CheckReport, check
from planforge.check_report import FORMATTERS
from planforge.compare import Verdict

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def report() -> CheckReport:
    import os

    cwd = os.getcwd()
    os.chdir(HERE)
    try:
        return check([Path("plans")])
    finally:
        os.chdir(cwd)


def _expected() -> list[str]:
    lines = (HERE / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_bundled_pair_reports_exactly_the_seed_findings(report: CheckReport) -> None:
    got = [f"{p.location}: {p.severity.value} {p.code}" for p in report.problems]
    assert got == _expected()
    assert report.files == ["plans/重庆市/巴南区.yaml", "plans/重庆市/重庆市.yaml"]


def test_named_findings(report: CheckReport) -> None:
    by_code: dict[str, list[str]] = {}
    for p in report.problems:
        by_code.setdefault(p.code, []).append(p.message)
    assert any("≥75" in m and "“100”" in m for m in by_code["PF404"])
    assert any("1 亿元 = 10000 万元" in m for m in by_code["PF408"])
    assert any("≥32.3" in m and "“32.3”" in m for m in by_code["PF410"])
    assert any("37%" in m and "≥32.3" in m for m in by_code["PF501"])


def test_comparison_rows(report: CheckReport) -> None:
    [pair] = report.comparisons
    assert pair.plan.endswith("巴南区.yaml") and pair.parent.endswith("重庆市.yaml")
    rows = {
        (r.child.id if r.child else None, r.parent.id if r.parent else None): r for r in pair.rows
    }
    quality = rows[("zb11", "zb15")]
    assert quality.verdict is Verdict.WEAKER and "PF404" in quality.codes
    donations = rows[("zb05", "zb08")]
    assert donations.verdict is Verdict.NOT_COMPARABLE
    assert donations.conversion == "1 亿元 = 10000 万元"
    target = next(c for c in donations.cells if c.key == "target")
    assert target.parent_converted == "≥900000 万元"
    workers = rows[("zb04", "zb07")]
    assert workers.verdict is Verdict.SHARE and "+31.6%" in workers.detail
    assert rows[(None, "zb01")].verdict is Verdict.OMITTED
    assert rows[("zb12", None)].verdict is Verdict.UNLINKED
    assert not any(r.verdict is Verdict.MISSING for r in pair.rows)


def test_text_shows_both_sides(report: CheckReport) -> None:
    text = FORMATTERS["text"](report)
    assert "指标对照:plans/重庆市/巴南区.yaml" in text
    assert "本级 ≥75" in text and "上级 100" in text and "弱于上级" in text
    assert "上级 ≥90(即 ≥900000 万元)" in text
    assert text.rstrip().endswith("0 个错误,11 个警告,1 条提示。")


def test_markdown_is_a_review_table(report: CheckReport) -> None:
    md = FORMATTERS["markdown"](report)
    assert md.startswith("# 上下级规划一致性审查表")
    assert "| 序号 | 本级指标 | 上级指标 | 类型 | 基期值(本级 / 上级) | 目标值(本级 / 上级) |" in md
    assert "| 级别 | 代码 | 位置 | 说明 |" in md
    row = next(line for line in md.splitlines() if "zb11 养老机构服务基本质量达标率" in line)
    assert "≥75 / 100" in row and "**弱于上级**" in row
    for line in md.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            assert len(cells) in (4, 9), line


def test_json_carries_both_indicators_and_locations(report: CheckReport) -> None:
    data = json.loads(FORMATTERS["json"](report))
    assert data["summary"] == {"error": 0, "warning": 11, "info": 1}
    weaker = next(p for p in data["problems"] if p["code"] == "PF404")
    assert weaker["indicator"] == {"id": "zb11", "name": "养老机构服务基本质量达标率"}
    assert weaker["parent_indicator"]["id"] == "zb15"
    assert weaker["parent_indicator"]["file"].endswith("重庆市.yaml")
    assert weaker["related"]["file"] == weaker["parent_indicator"]["file"]
    assert weaker["related"]["line"] > 0
    row = next(
        r for r in data["comparisons"][0]["rows"] if r["child"] and r["child"]["id"] == "zb11"
    )
    assert row["parent"]["id"] == "zb15" and row["child"]["line"] > 0 and row["parent"]["line"] > 0
    assert row["verdict"] == "weaker" and row["values"][1]["child"] == "≥75"


def _cli(*args: str, cwd: Path = HERE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planforge", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_cli_exit_codes() -> None:
    ok = _cli("check", "plans/")
    assert ok.returncode == 0, ok.stderr
    assert "PF404" in ok.stdout
    strict = _cli("check", "--strict", "plans/")
    assert strict.returncode == 1
    assert "error PF404" in strict.stdout
    github = _cli("check", "--format", "github", "plans/")
    assert "::warning file=plans/重庆市/巴南区.yaml,line=161,col=15,title=PF404::" in github.stdout
    usage = _cli("check", "--format", "pdf", "plans/")
    assert usage.returncode == 2


def test_cli_checks_the_parent_chain_of_a_single_file() -> None:
    run = _cli("check", "--format", "json", "plans/重庆市/巴南区.yaml")
    assert json.loads(run.stdout)["files"] == [
        "plans/重庆市/巴南区.yaml",
        "plans/重庆市/重庆市.yaml",
    ]


def test_binding_weaker_target_fails_the_run(plans: Plans) -> None:
    parent = [indicator("p", "护理型床位占比", target="≥60", attribute="约束性")]
    child = plans.pair(
        parent, [indicator("c", "护理型床位占比", target="≥55", attribute="约束性", parent="p")]
    )
    run = _cli("check", str(child), cwd=child.parent)
    assert run.returncode == 1 and "error PF404" in run.stdout


def test_parent_option_overrides_meta_parent(plans: Plans) -> None:
    other = plans.write(
        "别的市.yaml",
        {
            "format": 1,
            "meta": {
                "title": "别的市规划",
                "region": "别的市",
                "level": "city",
                "period": {"start": 2021, "end": 2025},
            },
            "indicators": {
                "items": [indicator("p", "护理型床位占比", target="≥70", attribute="约束性")]
            },
        },
    )
    child = plans.pair(
        [indicator("p", "护理型床位占比", target="≥50", attribute="约束性")],
        [indicator("c", "护理型床位占比", target="≥60", attribute="约束性", parent="p")],
    )
    assert not check([child]).failed()
    overridden = check([child], parent=other)
    assert [p.code for p in overridden.problems if p.is_error] == ["PF404"]
    assert overridden.comparisons[0].parent.endswith("别的市.yaml")


REAL = HERE.parent.parent / "plans" / "重庆市"


@pytest.mark.skipif(
    not (REAL / "巴南区.yaml").is_file(), reason="the imported real plans are not in plans/"
)
def test_real_plans_report_the_seed_findings() -> None:
    real = check([REAL])
    found = {(p.code, p.indicator_id) for p in real.problems}
    assert ("PF404", "zb11") in found  # 养老机构服务基本质量达标率 ≥75 against 100
    assert ("PF408", "zb05") in found  # 慈善 万元 against 亿元, annual against five-year total
    assert ("PF410", "zb10") in found  # ≥32.3 copied from the parent
    assert ("PF501", "zb10") in found  # the prose's 37% against it
    assert {p.code for p in real.problems if p.is_error} == set()
    donations = next(p for p in real.problems if p.code == "PF408")
    assert "1 亿元 = 10000 万元" in donations.message
