"""Open the generated .docx with python-docx and check the GB/T 9704 layout piece by piece."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _near(value: float, expected: float, tolerance: float = 0.1) -> bool:
    return abs(value - expected) <= tolerance


def test_every_section_is_a4_with_gbt9704_margins(city: Document, district: Document) -> None:
    for document in (city, district):
        for section in document.sections:
            assert _near(section.page_width.mm, 210) and _near(section.page_height.mm, 297)
            margins = (
                section.top_margin.mm,
                section.bottom_margin.mm,
                section.left_margin.mm,
                section.right_margin.mm,
            )
            assert all(_near(m, e) for m, e in zip(margins, (37, 35, 28, 26), strict=True)), margins


def test_body_style_fangsong_16pt_exact_line_pitch_two_character_indent(city: Document) -> None:
    body = city.styles["正文首行缩进"]
    assert body.font.size == Pt(16)
    assert body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    fmt = body.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert _near(fmt.line_spacing.pt, 28.95, 0.05)
    assert _near(fmt.first_line_indent.pt, 2 * (16 - 0.25), 0.05)  # two characters of 28 a line


def test_title_and_heading_fonts(city: Document) -> None:
    def east_asian(name: str) -> str:
        return city.styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asian("Title") == "方正小标宋简体" and city.styles["Title"].font.size == Pt(22)
    assert [east_asian(f"Heading {n}") for n in (1, 2, 3)] == ["黑体", "楷体_GB2312", "仿宋_GB2312"]
    assert city.styles["Heading 3"].font.bold
    # Headings must not inherit the body's first-line indent (a classic python-docx trap).
    assert city.styles["Title"].paragraph_format.first_line_indent in (None, 0)


def test_every_run_names_its_east_asian_font_and_no_theme_fonts(built: dict[str, Path]) -> None:
    for path in built.values():
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.startswith("word/") or not name.endswith(".xml"):
                    continue
                xml = archive.read(name).decode("utf-8")
                assert "Theme=" not in xml, name  # w:asciiTheme etc. would override the fonts
                for run_props in re.findall(r"<w:r>(<w:rPr>.*?</w:rPr>)?", xml):
                    assert 'w:eastAsia="' in run_props, (name, run_props)


def test_runs_of_quotes_and_dashes_use_the_east_asian_font(city: Document) -> None:
    runs = [r for p in city.paragraphs for r in p.runs if "“" in r.text or "——" in r.text]
    assert runs
    for run in runs:
        fonts = run._element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:hint")) == "eastAsia"


def test_lead_in_sentences_are_bold(city: Document) -> None:
    (paragraph,) = [p for p in city.paragraphs if p.text.startswith("构建分层分类的救助体系。")]
    lead, rest = paragraph.runs
    assert lead.text == "构建分层分类的救助体系。" and lead.bold
    assert not rest.bold


def test_odd_and_even_footers_with_page_field(city: Document) -> None:
    assert city.settings.odd_and_even_pages_header_footer
    body = city.sections[-1]
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for paragraph in (odd, even):
        assert paragraph.text.replace("1", "{page}") == "— {page} —"
        assert " PAGE " in "".join(paragraph._element.xpath(".//w:instrText/text()"))
        fonts = paragraph.runs[0]._element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "宋体"
    indent = Pt(14)
    assert (
        odd.paragraph_format.right_indent == indent and even.paragraph_format.left_indent == indent
    )
    assert body._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]


def test_cover_and_toc_have_no_page_number(city: Document) -> None:
    cover, toc = city.sections[0], city.sections[1]
    for section in (cover, toc):
        assert not section.footer.paragraphs[0].text
        assert not section.even_page_footer.paragraphs[0].text


def test_toc_lists_headings_with_pageref_to_their_bookmarks(city: Document) -> None:
    entries = [p for p in city.paragraphs if p.style.name in ("toc 1", "toc 2")]
    texts = [p._element.xpath("string(.//w:t[1])") for p in entries]
    assert texts[0] == "第一章　全面开启民政事业现代化建设新篇章"
    assert "第一节　健全优化社会救助体系" in texts and len(entries) == 7
    bookmarks = {b for b in city.element.body.xpath(".//w:bookmarkStart/@w:name")}
    for entry in entries:
        (instr,) = entry._element.xpath(".//w:instrText/text()")
        target = instr.split()[1]
        assert instr.strip().startswith("PAGEREF") and target in bookmarks
        assert entry._element.xpath(".//w:hyperlink/@w:anchor") == [target]
        assert entry._element.xpath(".//w:tab[@w:leader='dot']")
    settings = city.settings.element
    assert settings.xpath("./w:updateFields/@w:val") == ["true"]


def test_headings_carry_the_bookmarks_the_toc_points_to(city: Document) -> None:
    headings = [p for p in city.paragraphs if p.style.name.startswith("Heading")]
    named = [p for p in headings if p._element.xpath("./w:bookmarkStart")]
    assert len(named) == 7
    assert named[0].text == "第一章　全面开启民政事业现代化建设新篇章"


def _indicator_table(document: Document):  # type: ignore[no-untyped-def]
    return next(t for t in document.tables if t.rows[0].cells[0].text == "序号")


def test_indicator_table_header_repeats_rows_never_split(city: Document) -> None:
    table = _indicator_table(city)
    rows = table._tbl.tr_lst
    assert rows[0].xpath("./w:trPr/w:tblHeader")
    assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
    grid = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert len(grid) == 8 and sum(grid) == int(table._tbl.xpath("./w:tblPr/w:tblW/@w:w")[0])
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "类别",
        "指标名称",
        "单位",
        "2020年",
        "2023年",
        "2025年",
        "属性",
    ]


def test_indicator_table_merges_category_cells(city: Document) -> None:
    table = _indicator_table(city)
    merges = [
        r.xpath("./w:tc[2]/w:tcPr/w:vMerge/@w:val") or r.xpath("./w:tc[2]/w:tcPr/w:vMerge")
        for r in table._tbl.tr_lst[1:]
    ]
    kinds = ["restart" if m == ["restart"] else ("continue" if m else "") for m in merges]
    assert kinds == [
        "restart",
        "continue",
        "continue",
        "restart",
        "continue",
        "restart",
        "continue",
        "continue",
        "continue",
        "continue",
    ]
    # python-docx resolves the merge: the cell below shows the category of the group.
    assert table.cell(2, 1).text == "基本民生保障"
    assert table.cell(1, 4).text == "—" and table.cell(2, 6).text == "≥85"


def test_box_is_a_bordered_one_cell_table_with_title(city: Document) -> None:
    box = next(t for t in city.tables if t.rows[0].cells[0].text.startswith("专栏2"))
    assert len(box.columns) == 1 and len(box.rows) == 1
    sides = box._tbl.xpath("./w:tblPr/w:tblBorders/*")
    assert {s.tag.split("}")[1]: s.get(qn("w:val")) for s in sides} == {
        "top": "single",
        "left": "single",
        "bottom": "single",
        "right": "single",
    }
    title, *items = box.rows[0].cells[0].paragraphs
    assert title.text == "专栏2　社会救助能力提升工程" and title.style.name == "专栏标题"
    assert items[0].runs[0].bold and items[0].runs[0].text == "1.“智慧救助”建设工程。"


def test_document_properties_come_from_the_plan(city: Document, district: Document) -> None:
    props = city.core_properties
    assert props.title == "示例市民政事业发展“十四五”规划"
    assert props.author == "示例市民政局"
    assert props.created.year == 2022 and props.created.month == 1
    assert district.core_properties.created.month == 12


def test_issuing_notice_comes_first(district: Document) -> None:
    texts = [p.text.replace("\n", "") for p in district.paragraphs if p.text]
    assert texts[:3] == [
        "示例市示例区人民政府文件",
        "示例府发〔2022〕20号",
        "示例市示例区人民政府关于印发《示例市示例区民政事业发展“十四五”规划》的通知",
    ]
    assert "（此件公开发布）" in texts
    issuer = district.paragraphs[0]
    assert issuer.style.font.color.rgb is not None and str(issuer.style.font.color.rgb) == "FF0000"
    rule = district.element.body.xpath(".//w:pBdr/w:bottom/@w:color")
    assert rule == ["FF0000"]
    notice = district.sections[0]
    assert notice._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]


def test_colophon_is_between_rules_on_an_even_page(district: Document) -> None:
    table = district.tables[-1]
    assert table.rows[0].cells[0].text == "抄送：区委办公室,区人大常委会办公室。"
    assert [c.text for c in table.rows[1].cells] == [
        "示例市示例区人民政府办公室",
        "2022年3月23日印发",
    ]
    borders = {b.tag.split("}")[1]: b for b in table._tbl.xpath("./w:tblPr/w:tblBorders/*")}
    assert borders["top"].get(qn("w:sz")) == borders["bottom"].get(qn("w:sz")) == "8"  # 0.35 mm
    assert borders["insideH"].get(qn("w:sz")) == "6"  # 0.25 mm
    assert borders["left"].get(qn("w:val")) == "nil"
    assert district.sections[-1]._sectPr.xpath("./w:type/@w:val") == ["evenPage"]


def test_no_schema_violations(built: dict[str, Path]) -> None:
    try:
        from openxml_audit import OpenXmlValidator
    except ImportError:
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail("CI=true 时必须运行 OOXML 校验,但没有安装 openxml-audit")
        pytest.skip("未安装 openxml-audit(pip install openxml-audit):跳过 OOXML 校验")
    validator = OpenXmlValidator()
    for path in built.values():
        result = validator.validate(str(path))
        assert result.is_valid, [str(e) for e in result.errors]


def test_long_centred_titles_break_into_balanced_lines(district: Document) -> None:
    (title,) = [p for p in district.paragraphs if p.style.name == "公文标题"]
    lines = title.text.split("\n")
    # Whole phrases, similar lengths (GB/T 9704: 梯形或菱形), “十四五” never split.
    assert lines == [
        "示例市示例区人民政府关于",
        "印发《示例市示例区民政事业",
        "发展“十四五”规划》的通知",
    ]
