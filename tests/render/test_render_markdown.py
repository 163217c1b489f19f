"""Parsing the template dialect and writing GitHub-flavoured Markdown."""

from __future__ import annotations

import pytest

from planforge.errors import PlanforgeError
from planforge.render.markdown import (
    directive_name,
    github_slug,
    inline_gfm,
    parse,
    plain_text,
    render_gfm,
    strong_markup,
    title_children,
)


def test_lead_in_after_punctuation_is_bold() -> None:
    # CommonMark would not make this bold: the closing ** follows 。 and precedes a letter.
    (paragraph,) = parse("**（一）加强统筹协调。**坚持党的领导。\n")
    strong, text = paragraph["children"]
    assert strong["type"] == "strong"
    assert plain_text(strong["children"]) == "（一）加强统筹协调。"
    assert text["raw"] == "坚持党的领导。"


def test_bold_in_the_middle_of_a_sentence() -> None:
    (paragraph,) = parse("——**坚持党的全面领导。**把党的领导\\*贯穿\n")
    kinds = [t["type"] for t in paragraph["children"]]
    assert kinds[:2] == ["text", "strong"]
    assert plain_text(paragraph["children"]) == "——坚持党的全面领导。把党的领导*贯穿"


def test_directives_carry_name_title_and_options() -> None:
    (box,) = parse(":::{box} 专栏2　社会救助能力提升工程\n:merge: 序号,类别\n\n正文\n:::\n")
    assert directive_name(box) == "box"
    assert plain_text(title_children(box)) == "专栏2　社会救助能力提升工程"
    assert box["attrs"]["options"] == {"merge": "序号,类别"}


def test_directives_nest_with_longer_fences() -> None:
    (cover,) = parse("::::{cover}\n:::{style} cover-title\n# 标题\n:::\n::::\n")
    (style,) = [c for c in cover["children"] if c["type"] == "directive"]
    assert style["attrs"]["title"] == "cover-title"


def test_unknown_directive_is_an_error() -> None:
    with pytest.raises(PlanforgeError, match="无法识别的指令"):
        parse(":::{sidebar} 标题\n内容\n:::\n")


def test_indented_text_is_not_code() -> None:
    (paragraph,) = parse("    四个空格开头的段落\n")
    assert paragraph["type"] == "paragraph"


@pytest.mark.parametrize(
    ("inner", "before", "after", "expected"),
    [
        ("加强统筹协调", "", "坚", "**加强统筹协调**"),
        ("加强统筹协调。", "", "坚", "**加强统筹协调**。"),
        ("加强统筹协调。", "", "", "**加强统筹协调。**"),
        ("“智慧救助”建设工程。", "", "建", "**“智慧救助”建设工程**。"),
        ("“智慧救助”", "坚", "建", "“**智慧救助**”"),
        ("。", "甲", "乙", "<strong>。</strong>"),
    ],
)
def test_strong_markup_that_github_shows_as_bold(
    inner: str, before: str, after: str, expected: str
) -> None:
    assert strong_markup(inner, before, after) == expected


def test_github_slugs_drop_punctuation() -> None:
    assert (
        github_slug("第一章　全面开启民政事业现代化建设新篇章")
        == "第一章全面开启民政事业现代化建设新篇章"
    )
    assert github_slug("一、“十四五” Plan 2025") == "一十四五-plan-2025"


def test_gfm_escapes_markup_characters_in_text() -> None:
    (paragraph,) = parse("比例\\*为\\[90\\]\n")
    assert inline_gfm(paragraph["children"]) == "比例\\*为\\[90\\]"


def test_gfm_toc_links_to_heading_anchors_and_numbers_repeats() -> None:
    text = ":::{toc} 目录\n:depth: 2\n:::\n\n## 第一章　总则\n\n### 第一节　目标\n\n## 第二章　目标\n\n### 第一节　目标\n"
    out = render_gfm(parse(text))
    assert "- [第一章　总则](#第一章总则)" in out
    assert "  - [第一节　目标](#第一节目标)" in out
    assert "  - [第一节　目标](#第一节目标-1)" in out


def test_gfm_box_is_a_quote_with_a_bold_title() -> None:
    out = render_gfm(
        parse(":::{box} 专栏2　工程\n**1.甲工程。**内容。\n\n**2.乙工程。**内容。\n:::\n")
    )
    assert out == "> **专栏2　工程**\n>\n> **1.甲工程**。内容。\n>\n> **2.乙工程**。内容。\n"


def test_gfm_table_keeps_blank_merged_cells() -> None:
    text = ":::{indicators} 专栏1　指标\n:merge: 类别\n\n| 类别 | 指标 |\n| --- | --- |\n| 甲 | 一 |\n|  | 二 |\n:::\n"
    out = render_gfm(parse(text))
    assert out == "**专栏1　指标**\n\n| 类别 | 指标 |\n| --- | --- |\n| 甲 | 一 |\n|  | 二 |\n"


def test_block_rules_start_lines() -> None:
    from planforge.render.markdown import parser, starts_lines

    block = parser().block
    assert all(starts_lines(block.specification[name]) for name in block.rules)
    for pattern in ("^a|b", "(^a)?b", "(^a|b)+", "(^a){0,2}", "(?:^a)", "a^", "[(]^a"):
        assert not starts_lines(pattern), pattern
    for pattern in ("^a", "(^a\\n)+", "^a(b|c)", "^[|]", "^[^]|]", "(^a){1,2}"):
        assert starts_lines(pattern), pattern


MARKDOWN_SAMPLES = [
    "段落一\n\n## 第一章　总则\n\n**（一）加强统筹协调。**坚持。\n\n- 一\n- 二\n\n> 引用\n\n---\n",
    ":::{box} 专栏1　标题\n**一、标题。**内容\n\n内容二\n:::\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "文字\n# 标题\n文字 | 不是表格\n1. 列表\n2) 列表\n   续行\n\n\n\n***\n末尾",
    "  缩进文字\n    四格缩进\n\t制表\n::::{cover}\n:::{style} cover-title\n# 题\n:::\n::::\n",
]


@pytest.mark.parametrize("text", MARKDOWN_SAMPLES)
def test_our_parser_parses_as_mistune_does(text: str) -> None:
    import mistune

    from planforge.render import markdown

    reference = markdown.make_parser(mistune.BlockParser(), mistune.InlineParser())
    expected, _ = reference.parse(text)
    assert parse(text) == expected
