"""Layout helpers of the Word writer: table column widths and balanced title lines."""

from __future__ import annotations

from planforge.render.docx.layout import balance_lines, text_ems
from planforge.render.docx.tables import Cell, DataTable, column_widths

TOTAL, CHAR, PAD = 8844, 205, 113  # text width, one 10.5 pt character, cell padding (twips)


def table(header: list[str], rows: list[list[str]], merge: set[int] | None = None) -> DataTable:
    return DataTable(
        [Cell([], h) for h in header], [[Cell([], c) for c in r] for r in rows], merge or set()
    )


def test_widths_fill_the_table_exactly() -> None:
    t = table(["序号", "指标名称", "单位"], [["1", "城乡低保标准年度增速", "%"]])
    assert sum(column_widths(t, TOTAL, CHAR, PAD)) == TOTAL


def test_one_long_value_wraps_instead_of_widening_its_column() -> None:
    header = ["序号", "指标名称", "单位", "2020年", "2023年", "2025年", "属性"]
    rows = [
        [str(i), f"乡镇(街道)指标名称第{i}项覆盖率情况", "%", "80", "≥82", "≥85", "预期性"]
        for i in range(12)
    ]
    rows[0][5] = "不低于上年度城镇居民人均消费支出增速"
    widths = column_widths(table(header, rows), TOTAL, CHAR, PAD)
    long_value = text_ems(rows[0][5]) * CHAR + PAD
    assert widths[5] < long_value / 1.5  # wraps onto two or three lines
    assert widths[1] >= widths[5]  # the names, on every row, keep at least as much room


def test_too_many_columns_still_fit() -> None:
    header = [f"很长的表头第{i}列" for i in range(14)]
    widths = column_widths(table(header, [["较长的单元格内容" * 2] * 14]), TOTAL, CHAR, PAD)
    assert sum(widths) == TOTAL and min(widths) > PAD


def test_balanced_title_lines_keep_phrases_and_quotes() -> None:
    lines = balance_lines("重庆市巴南区民政事业发展“十四五”规划", 16.9)
    assert lines == ["重庆市巴南区民政事业", "发展“十四五”规划"]
    assert balance_lines("重庆市民政事业发展“十四五”规划", 20) == ["重庆市民政事业发展“十四五”规划"]


def test_no_line_starts_with_closing_punctuation() -> None:
    title = "示例市人民政府关于印发《示例市民政事业发展“十四五”规划（2021—2025年）》的通知"
    for line in balance_lines(title, 12):
        assert line[0] not in "”》）、，。"
        assert text_ems(line) <= 12
