"""Word input: real heading styles, headings only as bold/centred paragraphs, merged cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

from planforge.importer import ImportResult, import_document
from tests.importer.conftest import load_yaml, write_and_validate

LEAD_PARAS = [
    ("基本民生保障更加有力。", "城乡低保标准提高到每人每月620元,社会救助兜底保障能力明显增强。"),
    ("基层治理创新推进。", "城乡社区综合服务设施覆盖率达到100%,社区治理水平明显提高。"),
]
INDICATORS = [
    ["序号", "类别", "指标名称", "单位", "2020年", "2025年", "指标属性"],
    ["1", "基本民生保障", "困难残疾人生活补贴覆盖率", "%", "100", "100", "约束性"],
    ["2", "基本民生保障", "重度残疾人护理补贴覆盖率", "%", "100", "100", "约束性"],
    ["3", "基层治理", "社会工作专业人才数", "万人", "6.3", "≥8", "预期性"],
]


def _lead_paragraph(document: Any, lead: str, text: str) -> None:
    p = document.add_paragraph()
    p.add_run(lead).bold = True
    p.add_run(text)


def _indicator_table(document: Any) -> None:
    document.add_paragraph("表1 “十四五”某市民政事业主要发展指标")
    table = document.add_table(rows=len(INDICATORS), cols=len(INDICATORS[0]))
    for r, row in enumerate(INDICATORS):
        for c, text in enumerate(row):
            if r == 2 and c == 1:
                continue  # the merged 类别 cell is written once
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(2, 1))


def _box(document: Any) -> None:
    box = document.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.text = "专栏2 社会救助能力提升工程"
    cell.add_paragraph("1.“智慧救助”建设工程。建设市级社会救助信息平台。")
    cell.add_paragraph("2.基层社会救助能力提升工程。配齐配强基层社会救助经办人员。")


def _stats_table(document: Any) -> None:
    document.add_paragraph("表2 “十三五”时期主要统计数据")
    t = document.add_table(rows=3, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "数量"
    t.cell(0, 1).merge(t.cell(0, 2))  # a header cell spanning two columns
    for r, row in enumerate([["登记社会组织", "家", "458"], ["社会工作服务机构", "家", "9"]], 1):
        for c, text in enumerate(row):
            t.cell(r, c).text = text


def _heading(document: Any, text: str, level: int, styled: bool) -> None:
    if styled:
        document.add_heading(text, level=level)
        return
    p = document.add_paragraph()
    p.add_run(text).bold = True
    if level == 1:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build(path: Path, styled: bool) -> Path:
    """A small plan document; headings as real styles or only as bold (centred) paragraphs."""
    document = docx.Document()
    title = document.add_paragraph()
    title.add_run("某市民政事业发展“十四五”规划").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("(2021—2025年)").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "为切实履行基本民生保障职责,依据《“十四五”民政事业发展规划》,特制定本规划。"
    )
    _heading(document, "第一章 全面开启民政事业现代化建设新篇章", 1, styled)
    _heading(document, "第一节 发展基础", 2, styled)
    for lead, text in LEAD_PARAS:
        _lead_paragraph(document, lead, text)
    _stats_table(document)
    _heading(document, "第二节 发展目标", 2, styled)
    document.add_paragraph("到2025年年底,民政事业发展水平明显提升,人民群众获得感显著增强。")
    _lead_paragraph(document, "基本民生保障体系建设获得新进展。", "社会救助制度更加完善。")
    _indicator_table(document)
    _heading(document, "第二章 全面夯实基本民生保障体系", 1, styled)
    _heading(document, "第一节 健全优化社会救助体系", 2, styled)
    _heading(document, "一、构建救助体系", 3, styled)
    _lead_paragraph(
        document, "构建分层分类的救助体系。", "建立健全以基本生活救助为主体的救助制度。"
    )
    _box(document)
    document.save(str(path))
    return path


def _import(tmp_path: Path, styled: bool) -> tuple[ImportResult, Any]:
    result = import_document(build(tmp_path / "plan.docx", styled))
    assert write_and_validate(tmp_path, result) == []
    return result, load_yaml(result.yaml_text)


def _check_structure(data: Any) -> None:
    assert data["meta"]["title"] == "某市民政事业发展“十四五”规划"
    assert dict(data["meta"]["period"]) == {"start": 2021, "end": 2025}
    chapters = data["chapters"]
    assert [c["title"] for c in chapters] == [
        "全面开启民政事业现代化建设新篇章",
        "全面夯实基本民生保障体系",
    ]
    basics = chapters[0]["sections"][0]
    assert basics["title"] == "发展基础"
    assert [b["lead"] for b in basics["blocks"][:2]] == [lead for lead, _ in LEAD_PARAS]
    sub = chapters[1]["sections"][0]["subsections"][0]
    assert sub["title"] == "构建救助体系"
    box = sub["blocks"][1]
    assert box["box"] == "社会救助能力提升工程"
    assert [i["title"] for i in box["items"]] == ["“智慧救助”建设工程", "基层社会救助能力提升工程"]


def _check_tables(data: Any) -> None:
    items = data["indicators"]["items"]
    assert [i["category"] for i in items] == ["基本民生保障", "基本民生保障", "基层治理"]
    assert (items[2]["unit"], items[2]["baseline"], items[2]["target"]) == ("万人", "6.3", "≥8")
    stats = data["chapters"][0]["sections"][0]["blocks"][2]
    assert list(stats["header"]) == ["项目", "数量", "数量"]  # a horizontal merge repeats
    assert list(stats["rows"][0]) == ["登记社会组织", "家", "458"]
    goals = data["goals"]
    assert goals["items"][0]["title"] == "基本民生保障体系建设获得新进展"


def test_docx_with_heading_styles(tmp_path: Path) -> None:
    result, data = _import(tmp_path, styled=True)
    _check_structure(data)
    _check_tables(data)
    assert result.summary.share == 1.0
    assert result.summary.kind == "docx"


def test_docx_with_bold_paragraphs_only(tmp_path: Path) -> None:
    result, data = _import(tmp_path, styled=False)
    _check_structure(data)
    _check_tables(data)
    assert result.summary.share == 1.0


def test_docx_heading_style_without_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某市民政事业发展“十四五”规划")
    document.add_heading("发展基础", level=1)
    document.add_heading("基本民生保障", level=2)
    _lead_paragraph(document, "社会救助更加有力。", "兜底保障能力明显增强。")
    path = tmp_path / "styles.docx"
    document.save(str(path))
    data = load_yaml(import_document(path).yaml_text)
    chapter = data["chapters"][0]
    assert chapter["title"] == "发展基础"
    assert chapter["sections"][0]["title"] == "基本民生保障"


def test_docx_two_row_header(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某市民政事业发展“十四五”规划")
    document.add_heading("第一章 发展目标", level=1)
    document.add_paragraph("表1 “十四五”主要发展指标")
    rows = [
        ["序号", "指标名称", "单位", "指标值", "", "属性"],
        ["", "", "", "2020年", "2025年", ""],
        ["1", "社会工作专业人才数", "万人", "6.3", "≥8", "预期性"],
    ]
    table = document.add_table(rows=3, cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 3).merge(table.cell(0, 4))
    for c in (0, 1, 2, 5):
        table.cell(0, c).merge(table.cell(1, c))
    path = tmp_path / "two-rows.docx"
    document.save(str(path))
    result = import_document(path)
    item = load_yaml(result.yaml_text)["indicators"]["items"][0]
    assert (item["name"], item["unit"], item["baseline"], item["target"]) == (
        "社会工作专业人才数",
        "万人",
        "6.3",
        "≥8",
    )
    # the group label over the year columns has no place in the plan, and is listed
    assert [u.reason for u in result.summary.unplaced] == ["未见于规划:“指标值”"]
