"""Layout profiles: the GB/T 9704 default, local variants that extend it, and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.errors import PlanforgeError
from planforge.render import template_set
from planforge.render.profile import load_profile


def dirs(tmp_path: Path) -> tuple[Path, ...]:
    return template_set(cwd=tmp_path).dirs


def test_default_profile_is_gbt9704(tmp_path: Path) -> None:
    profile = load_profile(None, dirs(tmp_path))
    page = profile.page
    assert (page.width_mm, page.height_mm) == (210, 297)
    assert (
        page.margin_top_mm,
        page.margin_bottom_mm,
        page.margin_left_mm,
        page.margin_right_mm,
    ) == (37, 35, 28, 26)
    assert round(page.text_height_mm / (profile.line_pitch_pt * 25.4 / 72)) == 22
    assert profile.style("body").font == "仿宋_GB2312" and profile.style("body").size_pt == 16
    assert profile.style("title").font == "方正小标宋简体" and profile.style("title").size_pt == 22
    assert [profile.style(f"heading{n}").font for n in (1, 2, 3)] == [
        "黑体",
        "楷体_GB2312",
        "仿宋_GB2312",
    ]
    assert profile.style("heading3").bold
    assert profile.page_number.text == "— {page} —" and profile.page_number.size_pt == 14


def test_outline_scheme_moves_headings_left(tmp_path: Path) -> None:
    assert load_profile(None, dirs(tmp_path), "chapter").style("heading1").align == "center"
    assert load_profile(None, dirs(tmp_path), "outline").style("heading1").align == "left"


def test_a_local_profile_extends_the_default(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(
        "extends: gbt9704\nline_pitch_pt: 28\nstyles:\n  heading1: {font: 方正小标宋简体}\n",
        encoding="utf-8",
    )
    profile = load_profile(str(local), dirs(tmp_path))
    assert profile.line_pitch_pt == 28
    assert profile.style("heading1").font == "方正小标宋简体"
    assert profile.style("heading1").align == "center"  # kept from the base
    assert profile.style("body").line_pt == 28  # exact line spacing follows the pitch


def test_profiles_are_found_by_name_in_template_folders(tmp_path: Path) -> None:
    (tmp_path / "templates" / "profiles").mkdir(parents=True)
    (tmp_path / "templates" / "profiles" / "区县.yaml").write_text(
        "extends: gbt9704\nline_pitch_pt: 29\n", encoding="utf-8"
    )
    assert load_profile("区县", dirs(tmp_path)).line_pitch_pt == 29


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("extends: gbt9704\nstyles:\n  body: {colour: red}\n", "未知的项:colour"),
        ("extends: gbt9704\nstyles:\n  body: {align: middle}\n", "align 应为"),
        ("extends: gbt9704\nline_pitch_pt: 大\n", "line_pitch_pt 应为数字"),
        ("extends: nothing-like-this\n", "找不到版式配置“nothing-like-this”"),
        ("- a list\n", "顶层应为映射"),
        ("extends: gbt9704\npage_number: {text: 第页}\n", "{page}"),
    ],
)
def test_profile_errors_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PlanforgeError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_profile(str(bad), dirs(tmp_path))


def test_unknown_style_in_a_template_is_named(tmp_path: Path) -> None:
    with pytest.raises(PlanforgeError, match="没有样式“no-such-style”"):
        load_profile(None, dirs(tmp_path)).style("no-such-style")
