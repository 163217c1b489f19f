"""Incremental and parallel builds: content hashes decide what is rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planforge.build import build
from planforge.errors import PlanforgeError

HIERARCHY = Path(__file__).resolve().parents[1] / "cases" / "valid" / "hierarchy"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture()
def plans(tmp_path: Path) -> Path:
    shutil.copytree(HIERARCHY, tmp_path / "plans" / "示例")
    return tmp_path / "plans"


def _names(paths: list[Path]) -> list[str]:
    return sorted(p.name for p in paths)


def test_second_build_skips_unchanged_plans(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert len(build([plans], out).written) == 4
    again = build([plans], out)
    assert again.written == [] and sorted(again.unchanged) == sorted(again.report.files)


def test_editing_a_parent_rebuilds_it_and_its_child(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out)
    city = plans / "示例" / "city.yaml"
    city.write_text(
        city.read_text(encoding="utf-8").replace("示例市民政局", "示例市民政局(编)"),
        encoding="utf-8",
    )
    assert _names(build([plans], out).written) == [
        "city.docx",
        "city.md",
        "district.docx",
        "district.md",
    ]


def test_editing_a_child_rebuilds_only_the_child(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out)
    district = plans / "示例" / "district.yaml"
    district.write_text(district.read_text(encoding="utf-8") + "# 注释\n", encoding="utf-8")
    result = build([plans], out)
    assert _names(result.written) == ["district.docx", "district.md"]


def test_touched_file_with_same_content_is_not_rebuilt(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out)
    city = plans / "示例" / "city.yaml"
    city.write_bytes(city.read_bytes())  # new mtime, same bytes
    assert build([plans], out).written == []


def test_deleted_or_edited_output_is_rebuilt(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out)
    (out / "示例" / "city.md").unlink()
    with (out / "示例" / "district.docx").open("ab") as stream:
        stream.write(b"x")
    assert _names(build([plans], out).written) == ["city.md", "district.docx"]


def test_template_change_rebuilds_everything(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out)
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(TEMPLATES / "cover.md.j2", mine / "cover.md.j2")
    with (mine / "cover.md.j2").open("a", encoding="utf-8") as stream:
        stream.write("\n")
    assert len(build([plans], out, templates=mine).written) == 4


def test_force_and_formats(plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([plans], out, ["md"])
    assert len(build([plans], out, ["md"], force=True).written) == 2
    assert _names(build([plans], out, ["md", "docx"]).written) == ["city.docx", "district.docx"]


def test_parallel_build_gives_the_same_bytes(plans: Path, tmp_path: Path) -> None:
    serial = build([plans], tmp_path / "a", jobs=1)
    parallel = build([plans], tmp_path / "b", jobs=2)
    assert sorted(p.relative_to(tmp_path / "a") for p in serial.written) == sorted(
        p.relative_to(tmp_path / "b") for p in parallel.written
    )
    for path in serial.written:
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes()


def test_broken_template_leaves_no_staging_folder(plans: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "cover.md.j2").write_text("{{ plan.nope }}\n", encoding="utf-8")
    with pytest.raises(PlanforgeError):
        build([plans], tmp_path / "out", templates=mine, jobs=2)
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []
    assert not (tmp_path / "out").exists()
