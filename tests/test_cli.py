"""CLI behaviour: exit codes, stdout vs stderr, output shapes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from planforge import cli
from planforge.check_report import width

CASES = Path(__file__).parent / "cases"
VALID = CASES / "valid" / "hierarchy"
BROKEN = CASES / "invalid" / "unreadable-value" / "plan.yaml"
WARN_ONLY = CASES / "invalid" / "missing-unit" / "plan.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_valid_plans_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(VALID)], capsys)
    assert code == 0
    assert "没有发现问题" in out
    assert err == ""


def test_errors_exit_one_and_go_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(BROKEN)], capsys)
    assert code == 1
    assert "error PF201" in out
    assert "1 个错误" in out


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(WARN_ONLY)], capsys)[0] == 0
    assert run(["validate", "--strict", str(WARN_ONLY)], capsys)[0] == 1


def test_json_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--format", "json", str(BROKEN)], capsys)
    assert code == 1
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert {"code", "severity", "message", "file", "line", "column", "path"} <= set(item)
    assert item["code"] == "PF201"
    assert item["line"] == 13 and item["column"] == 15
    assert item["path"] == "indicators.items[0].target"
    assert item["indicator"] == {"id": "zb01", "name": "困难残疾人生活补贴覆盖率"}


def test_json_output_is_empty_list_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "--format", "json", str(VALID)], capsys)
    assert code == 0 and json.loads(out) == []


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["validate", "--format", "github", str(BROKEN)], capsys)
    assert out.startswith("::error file=")
    assert "line=13,col=15,title=PF201::" in out


def test_usage_error_exits_two_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", "--format", "xml"], capsys)
    assert code == 2
    assert "用法错误" in err and "xml" in err
    code, _, err = run(["no-such-command"], capsys)
    assert code == 2 and "没有这个命令" in err
    code, _, err = run(["validate", "--bogus"], capsys)
    assert code == 2 and "没有这个选项" in err


def test_missing_path_is_a_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(["validate", str(tmp_path / "nope.yaml")], capsys)
    assert code == 1
    assert "PF001" in out


def test_no_plans_folder_exits_three(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["validate"], capsys)
    assert code == 3
    assert "plans/" in err and "Traceback" not in err


def test_default_folder_is_plans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(VALID, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["validate"], capsys)
    assert code == 0 and "2 个规划文件" in out


def test_internal_crash_exits_three_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated")

    monkeypatch.setattr("planforge.validate.validate", boom)
    code, _, err = run(["validate", str(VALID)], capsys)
    assert code == 3
    assert "内部错误" in err and "Traceback" not in err
    code, _, err = run(["--traceback", "validate", str(VALID)], capsys)
    assert code == 3 and "Traceback" in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "用法" in out and "命令" in out and "validate" in out


COMMANDS = ["validate", "check", "build", "import", "new", "sync", "link", "decompose", "rules"]
CLICK_ENGLISH = re.compile(
    r"\b(?:TEXT|FILE|DIRECTORY|PATH|INTEGER|FLOAT|RANGE|PATHS|CHILD|SOURCE|ARGS|OPTIONS)\b"
    r"|\[default|\[required|x>=|<=x"
)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_is_chinese_and_aligned(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    assert not CLICK_ENGLISH.search(out), out
    lines = out.splitlines()
    options = lines[lines.index("选项:") + 1 :]
    # Each description starts in the same display column, and no line runs past 100.
    starts = set()
    for line in options:
        term, sep, _ = line.strip().partition("  ")
        if sep and line.startswith("  -"):
            rest = line[len(line) - len(line.lstrip()) + len(term) :]
            starts.add(width(line[: len(line) - len(rest.lstrip())]))
    assert len(starts) == 1, out
    assert all(width(line) <= 100 for line in lines), out


def test_long_help_wraps_without_a_closing_mark_at_a_line_start() -> None:
    text = "全部重新生成(默认跳过输入、模板和版式都没有变化的规划)。" * 3
    lines = cli.wrap_display(text, 30)
    assert all(width(line) <= 32 for line in lines)
    assert not any(line[0] in ",。、;:)”" for line in lines)
    assert "".join(lines) == text
    # Latin runs (YAML, GB/T, 9704) stay whole; each line fits the 20 columns.
    assert cli.wrap_display("版式配置:名称或 YAML 文件路径;默认 GB/T 9704。", 20) == [
        "版式配置:名称或 YAML",
        "文件路径;默认 GB/T",
        "9704。",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sync"], "缺少参数:下级规划"),
        (["build", "-j", "0"], "选项 -j / --jobs 的值无效:0 太小,至少为 1"),
        (["build", "-j", "x"], "“x”不是整数"),
        (["link", "--min-score", "2", "x.yaml"], "2.0 不在 0 到 1 之间"),
        (["link", "--min-score", "abc", "x.yaml"], "“abc”不是数值"),
        (["build", "--form", "md"], "没有这个选项:--form(是否想用 --force, --format?)"),
        (["bild"], "没有这个命令:bild(是否想用 build?)"),
        (["import", "/no/such/file.txt"], "参数 原文文件 的值无效:“/no/such/file.txt”不存在"),
    ],
)
def test_usage_errors_are_chinese(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert expected in err
    assert not re.search(r"Did you mean|Invalid value|is not|Missing|Possible", err), err


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules", "-v"], capsys)
    assert code == 0
    for expected in ("PF001", "PF201", "PF302", "PF901"):
        assert expected in out
    assert "通过:" in out and "不通过:" in out
    assert "Passes" not in out and "Fails" not in out
