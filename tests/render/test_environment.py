"""The Jinja environment: strict, escaping, sandboxed for user templates, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.errors import PlanforgeError
from planforge.render import (
    ROOT_TEMPLATE,
    build_view,
    make_environment,
    parse,
    render,
    template_set,
)
from planforge.render.environment import Raw, escape_markdown
from planforge.render.markdown import plain_text


def test_values_are_escaped_so_markdown_reads_them_as_text() -> None:
    assert escape_markdown("a*b_c|d") == r"a\*b\_c\|d"
    assert escape_markdown("1. 开头") == r"1\. 开头"
    assert escape_markdown("- 开头") == r"\- 开头"
    assert escape_markdown(":::{box} 不是指令") == r"\:::{box} 不是指令"
    assert escape_markdown("第一行\n第二行") == "第一行第二行"
    assert escape_markdown(Raw("**粗**")) == "**粗**"
    assert escape_markdown(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "比例*为[90]_<b>|#1. & 2021-2025",
        ":::{box} 不是指令",
        "1. 不是列表",
        "# 不是标题",
        "> 不是引用",
    ],
)
def test_escaped_text_survives_a_round_trip_through_the_parser(text: str) -> None:
    (paragraph,) = parse(escape_markdown(text) + "\n")
    assert paragraph["type"] == "paragraph"
    assert plain_text(paragraph["children"]) == text


def test_packaged_templates_are_not_sandboxed(tmp_path: Path) -> None:
    templates = template_set(cwd=tmp_path)
    assert not templates.sandboxed
    assert len(templates.dirs) == 1


def test_user_folder_overrides_file_by_file_and_is_sandboxed(tmp_path: Path, city) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "mine"
    (user / "blocks").mkdir(parents=True)
    (user / "toc.md.j2").write_text(":::{toc} 目　　录\n:depth: 1\n:::\n\n", encoding="utf-8")
    templates = template_set(user, cwd=tmp_path)
    assert templates.sandboxed and templates.dirs[0] == user.resolve()
    text = render(make_environment(templates), ROOT_TEMPLATE, plan=build_view(city))
    assert ":::{toc} 目　　录" in text
    assert "## 第一章" in text  # the rest still comes from the packaged templates


def test_local_templates_folder_is_searched(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    templates = template_set(cwd=tmp_path)
    assert templates.dirs[0] == (tmp_path / "templates").resolve()
    assert templates.sandboxed


def test_missing_variable_names_template_and_line(tmp_path: Path, city) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "mine"
    user.mkdir()
    (user / "cover.md.j2").write_text(
        "::::{cover}\n# {{ plan.title }}\n\n{{ plan.no_such_field }}\n::::\n", encoding="utf-8"
    )
    with pytest.raises(PlanforgeError) as info:
        render(
            make_environment(template_set(user, cwd=tmp_path)), ROOT_TEMPLATE, plan=build_view(city)
        )
    message = str(info.value)
    assert "cover.md.j2:4" in message
    assert "no_such_field" in message


def test_syntax_error_names_template_and_line(tmp_path: Path, city) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "mine"
    user.mkdir()
    (user / "toc.md.j2").write_text("目录\n{% if %}\n", encoding="utf-8")
    with pytest.raises(PlanforgeError, match=r"toc\.md\.j2:2: 模板语法错误"):
        render(
            make_environment(template_set(user, cwd=tmp_path)), ROOT_TEMPLATE, plan=build_view(city)
        )


def test_sandbox_refuses_unsafe_attribute_access(tmp_path: Path, city) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "mine"
    user.mkdir()
    (user / "toc.md.j2").write_text("{{ plan.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(PlanforgeError, match=r"toc\.md\.j2:1"):
        render(
            make_environment(template_set(user, cwd=tmp_path)), ROOT_TEMPLATE, plan=build_view(city)
        )


def test_missing_template_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PlanforgeError, match="模板文件夹"):
        template_set(tmp_path / "nope", cwd=tmp_path)


def test_an_office_calls_its_boxes_biao_by_editing_a_template(tmp_path: Path, city) -> None:  # type: ignore[no-untyped-def]
    user = tmp_path / "mine"
    user.mkdir()
    (user / "macros.md.j2").write_text(
        "{% macro number(block) %}表{{ block.number }}{% endmacro %}\n", encoding="utf-8"
    )
    text = render(
        make_environment(template_set(user, cwd=tmp_path)), ROOT_TEMPLATE, plan=build_view(city)
    )
    assert ":::{box} 表2　社会救助能力提升工程" in text
    assert ":::{indicators} 表1　" in text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ plan.no_such_field }}\n", "PlanView 对象没有属性“no_such_field”"),
        ("{{ no_such_variable }}\n", "变量“no_such_variable”未定义"),
        ("{% if %}\n", "这里缺少表达式(遇到了 %})"),
        ("{% for x in plan.chapters %}\n", "“for”块没有结束标签"),
        ("{{ plan.title | no_filter }}\n", "没有名为“no_filter”的过滤器"),
        ("{{ plan.__class__ }}\n", "不允许访问"),
    ],
)
def test_template_errors_are_explained_in_chinese(  # type: ignore[no-untyped-def]
    tmp_path: Path, city, source: str, expected: str
) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "toc.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(PlanforgeError) as info:
        render(
            make_environment(template_set(user, cwd=tmp_path)), ROOT_TEMPLATE, plan=build_view(city)
        )
    message = str(info.value)
    assert "toc.md.j2:1" in message
    assert expected in message
    assert "object" not in message and "undefined" not in message
