"""build(): outputs for good plans only, atomic writes, reproducible bytes, and the CLI command."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge import build as build_module
from planforge.build import build, parse_formats
from planforge.cli import cli
from planforge.errors import PlanforgeError

HIERARCHY = Path(__file__).resolve().parents[1] / "cases" / "valid" / "hierarchy"


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "示例"
    shutil.copytree(HIERARCHY, folder)
    return tmp_path / "plans"


def test_builds_markdown_and_word_for_every_plan(plans: Path, tmp_path: Path) -> None:
    result = build([plans], tmp_path / "out")
    names = sorted(p.relative_to(tmp_path / "out").as_posix() for p in result.written)
    assert names == ["示例/city.docx", "示例/city.md", "示例/district.docx", "示例/district.md"]
    assert not result.failed() and not result.skipped
    assert zipfile.is_zipfile(tmp_path / "out" / "示例" / "city.docx")
    assert (
        (tmp_path / "out" / "示例" / "city.md")
        .read_text(encoding="utf-8")
        .startswith("# 示例市民政事业")
    )


def test_same_input_gives_identical_bytes(plans: Path, tmp_path: Path) -> None:
    first = build([plans], tmp_path / "a", ["docx"]).written
    second = build([plans], tmp_path / "b", ["docx"]).written
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_plan_with_errors_gets_no_output(plans: Path, tmp_path: Path) -> None:
    bad = plans / "示例" / "district.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("level: district", "level: 区"), encoding="utf-8"
    )
    result = build([plans], tmp_path / "out")
    assert result.failed()
    assert len(result.skipped) == 1 and result.skipped[0].endswith("district.yaml")
    assert not (tmp_path / "out" / "示例" / "district.docx").exists()
    assert (tmp_path / "out" / "示例" / "city.docx").exists()
    assert any(p.is_error for p in result.report.problems)


def test_strict_leaves_out_plans_with_warnings(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    text = (
        (HIERARCHY / "city.yaml")
        .read_text(encoding="utf-8")
        .replace("          - insert: vision\n", "")
    )
    plan.write_text(text, encoding="utf-8")
    assert build([plan], tmp_path / "a").written
    result = build([plan], tmp_path / "b", strict=True)
    assert result.skipped and not result.written


def test_nothing_half_written_when_a_template_breaks(plans: Path, tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "colophon.md.j2").write_text("{{ plan.nope }}\n", encoding="utf-8")
    with pytest.raises(PlanforgeError, match=r"colophon\.md\.j2:1"):
        build([plans], tmp_path / "out", templates=user)
    assert not (tmp_path / "out").exists()


def test_formats_are_checked() -> None:
    assert parse_formats("docx,md") == ("md", "docx")
    with pytest.raises(PlanforgeError, match="html"):
        parse_formats("md,html")


def test_pdf_without_libreoffice_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, plans: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr("planforge.office.find_soffice", lambda: None)
    with pytest.raises(PlanforgeError, match="apt-get install libreoffice"):
        build([plans], tmp_path / "out", ["pdf"])
    assert not (tmp_path / "out").exists()


def test_output_files_are_not_private(plans: Path, tmp_path: Path) -> None:
    (path, *_rest) = build([plans], tmp_path / "out", ["md"]).written
    assert path.stat().st_mode & 0o044  # readable by others, like any file the user writes


def test_cli_build_default_folder_and_exit_codes(
    plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(cli, ["build"])
    assert ok.exit_code == 0, ok.output
    assert "已生成 build/示例/city.docx" in ok.output
    assert (tmp_path / "build" / "示例" / "district.md").is_file()
    bad = plans / "示例" / "city.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("level: city", "level: 城市"), encoding="utf-8"
    )
    failed = runner.invoke(cli, ["build", "-o", "out2", "--format", "md"])
    assert failed.exit_code == 1
    assert "error" in failed.output and "未生成" in failed.output


def test_build_module_never_prints(
    capsys: pytest.CaptureFixture[str], plans: Path, tmp_path: Path
) -> None:
    build_module.build([plans], tmp_path / "out", ["md"])
    assert capsys.readouterr() == ("", "")


def test_cli_unknown_format_is_a_usage_error(plans: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--format", "html", str(plans)])
    assert result.exit_code == 2
    assert "html" in result.output
