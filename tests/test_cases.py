"""Every broken file in tests/cases/invalid gives exactly the problems in its expected.txt."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from planforge.validate import validate

CASES = Path(__file__).parent / "cases"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
CJK = re.compile(r"[\u4e00-\u9fff]")


def _expected(case: Path) -> tuple[list[str], int]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    exit_line = [ln for ln in lines if ln.startswith("exit:")]
    problems = [ln for ln in lines if ln and not ln.startswith(("exit:", "#"))]
    return problems, int(exit_line[0].split(":")[1])


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_reports_exact_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    report = validate([Path("plan.yaml")])
    got = [f"{p.location}: {p.severity.value} {p.code}" for p in report.problems]
    expected, _ = _expected(case)
    assert got == expected
    for p in report.problems:
        assert CJK.search(p.message), f"message not in Chinese: {p.message}"
        assert p.location.line > 0 and p.location.column > 0


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_cli_exit_code_without_traceback(case: Path) -> None:
    _, exit_code = _expected(case)
    run = subprocess.run(
        [sys.executable, "-m", "planforge", "validate", "plan.yaml"],
        cwd=case,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == exit_code, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def test_enough_distinct_broken_files() -> None:
    codes = set()
    for case in INVALID:
        codes.update(line.split()[-1] for line in _expected(case)[0])
    assert len(INVALID) >= 30
    assert len(codes) >= 25


VALID = sorted((CASES / "valid").rglob("*.yaml"))


@pytest.mark.parametrize("plan", VALID, ids=[p.name for p in VALID])
def test_valid_plans_have_no_problems(plan: Path) -> None:
    report = validate([plan])
    assert report.problems == []
