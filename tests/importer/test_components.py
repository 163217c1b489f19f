"""Small pieces: pinyin, mojibake, site noise, lead-ins, box items, 目录 lines, coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.importer.blocks import Block
from planforge.importer.boxes import split_items
from planforge.importer.chinese import cn_to_int, iter_zhu
from planforge.importer.coverage import Corpus
from planforge.importer.noise import (
    classify_line,
    find_mojibake,
    mark_noise_lines,
    mark_site_metadata,
    strip_pinyin,
)
from planforge.importer.structure import split_lead
from planforge.importer.toc import parse_entry, read_toc_text
from tests.importer.conftest import codes, import_text, load_yaml


def test_pinyin_annotations_removed() -> None:
    assert strip_pinyin("重慶市民政事業(yè)發(fā)展規(guī)劃") == ("重慶市民政事業發展規劃", 3)
    assert strip_pinyin("女(nǚ)性") == ("女性", 1)
    assert strip_pinyin("见附件(a)和(b)") == ("见附件(a)和(b)", 0)  # toneless: kept
    assert strip_pinyin("我們(men)的", annotated=True) == ("我們的", 1)
    assert strip_pinyin("查詢?nèi)詿o法") == ("查詢?nèi)詿o法", 0)  # lost its "(": left alone


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("按照“?;?、兜底線", "?;?、"),
        ("將經查詢?nèi)詿o法確定", "?nèi)詿o"),
        ("制度體系?!笆奈濉逼陂g,力爭", "?!"),
        ("第四輪?。h)界聯檢", "?。h)"),
        ("乱码\ufffd\ufffd在此", "\ufffd\ufffd"),
    ],
)
def test_mojibake_runs(text: str, run: str) -> None:
    assert [m.text for m in find_mojibake(text)] == [run]


@pytest.mark.parametrize("text", ["利用5G等技术", "开展DNA比对", "What? 是", "建成APP平台"])
def test_no_false_mojibake(text: str) -> None:
    assert find_mojibake(text) == []


def test_site_metadata_labels_and_values() -> None:
    blocks = [
        Block(i, t)
        for i, t in enumerate(
            [
                "- [ 索引号 ]",
                "- 11500113009307156W/2022-00095",
                "- [ 有效性 ]",
                "- [ 成文日期 ]",
                "- 2022-03-22",
                "发文字号:渝府办发〔2022〕12号",
                "正文开始。",
            ],
            1,
        )
    ]
    fields = mark_site_metadata(blocks)
    assert fields == {
        "索引号": "11500113009307156W/2022-00095",
        "有效性": "",
        "成文日期": "2022-03-22",
        "发文字号": "渝府办发〔2022〕12号",
    }
    assert [b.noise for b in blocks].count("站点元数据") == 6 and not blocks[-1].noise


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("首页 > 政务公开 > 规划计划", "网站导航路径"),
        ("当前位置:首页>>政策文件", "网站导航路径"),
        ("扫一扫获取", "网站导航或广告"),
        ("【字体:大 中 小】 打印本页 关闭窗口", "网站导航或广告"),
        ("— 12 —", "页码"),
        ("加强党的全面领导。", ""),
    ],
)
def test_noise_lines(line: str, reason: str) -> None:
    assert classify_line(line) == reason


def test_footer_run_after_noise_is_noise() -> None:
    blocks = [
        Block(1, "正文最后一段,到2025年实现全覆盖。"),
        Block(2, "扫一扫获取"),
        Block(3, "更多资讯"),
        Block(4, "关注我们"),
    ]
    mark_noise_lines(blocks)
    assert [b.noise for b in blocks] == ["", "网站导航或广告", "页脚", "页脚"]


def test_lead_in_rules() -> None:
    assert split_lead("基本民生保障更加有力。2016年以来,低保标准提高。") == (
        "基本民生保障更加有力。",
        "2016年以来,低保标准提高。",
    )
    assert split_lead("“十四五”时期,民政事业发展必须坚持以下原则:") == (
        None,
        "“十四五”时期,民政事业发展必须坚持以下原则:",
    )
    long = "完善基层协商制度,健全党组织领导的自治、法治、德治相结合的城乡基层治理体系。强化…"
    assert split_lead(long)[0] is None  # a long first sentence opens a chapter introduction
    assert split_lead("单独一句。")[0] is None  # the paragraph must go on
    assert split_lead("加强领导。正文", "加强领导")[0] == "加强领导。"  # bold run without 。


def test_box_items_numbered_one_line() -> None:
    items = split_items("1.甲工程。内容一,见第2.5条。 2.乙工程。内容二。 3.丙工程。内容三。 |", 5)
    assert [(i.title, i.text, i.marker) for i in items] == [
        ("甲工程", "内容一,见第2.5条。", "1."),
        ("乙工程", "内容二。", "2."),
        ("丙工程", "内容三。", "3."),
    ]


def test_box_items_unnumbered_run_together() -> None:
    items = split_items("火化殡仪设施:扩建殡仪馆。 殡仪服务站:新建8个。 |", 9)
    assert [(i.title, i.separator, i.text) for i in items] == [
        ("火化殡仪设施", ":", "扩建殡仪馆。"),
        ("殡仪服务站", ":", "新建8个。"),
    ]
    assert all(not i.numbered for i in items)


def test_toc_entries() -> None:
    entry = parse_entry("第三节推进和谐婚姻家庭建设……………………38", 53)
    assert entry is not None
    assert (entry.kind, entry.number, entry.title, entry.page) == (
        "section",
        3,
        "推进和谐婚姻家庭建设",
        38,
    )
    assert parse_entry("第一章 开启新征程", 73) is None  # a body heading, not a 目录 line
    entries = read_toc_text("第一章全面开启新篇章………(5\n第三节聚合社会…\n")
    assert [(e.level, e.raw, e.page) for e in entries] == [
        (1, "第一章全面开启新篇章", 5),
        (2, "第三节聚合社会…", None),
    ]


def test_chinese_numerals_and_zhu() -> None:
    assert [cn_to_int(t) for t in ("一", "十", "十二", "二十一", "一百零五")] == [
        1,
        10,
        12,
        21,
        105,
    ]
    assert iter_zhu("显著提高,随著发展,著名,著力推进") == [6, 13]


def test_coverage_counts_missing_text() -> None:
    corpus = Corpus({"a": "全面提升基层治理能力和水平", "b": ["社会救助"]})
    assert all(corpus.covered("全面提升基层治理能力和水平"))
    marks = corpus.covered("全面提升基层治理能力和服务水平")
    assert not all(marks) and sum(marks) >= 8
    assert corpus.covered("社会救助") == [True] * 4


def test_dropped_text_is_listed(tmp_path: Path) -> None:
    doc = (
        "某市民政事业发展“十四五”规划\n(2021—2025年)\n第一章 总则\n第一节 发展基础\n"
        "基本民生保障更加有力。城乡低保标准提高到每人每月620元。\n"
        "这一行| 只有一个竖线但不是表格\n"
    )
    result = import_text(tmp_path, doc)
    assert result.summary.share == 1.0
    assert "IMP206" in codes(result)


def test_outline_numbering_scheme(tmp_path: Path) -> None:
    doc = """某县民政事业发展“十四五”规划
(2021—2025年)
一、发展基础和面临形势
(一)发展基础
基本民生保障更加有力。城乡低保标准提高到每人每月620元。
(二)面临形势
1.发展机遇
新一代信息技术为民政事业发展注入动能。党的十九大明确提出要建设网络强国。
二、保障措施
(一)加强组织领导
(1)加强党的领导。把党的领导贯穿民政工作全过程。
"""
    result = import_text(tmp_path, doc)
    data = load_yaml(result.yaml_text)
    assert data["presentation"]["numbering"] == "outline"
    first = data["chapters"][0]
    assert [s["title"] for s in first["sections"]] == ["发展基础", "面临形势"]
    assert first["sections"][1]["subsections"][0]["title"] == "发展机遇"
    assert data["chapters"][1]["sections"][0]["blocks"][0]["lead"] == "(1)加强党的领导。"
    assert result.summary.share == 1.0


def test_unnumbered_box_items_one_per_line(tmp_path: Path) -> None:
    doc = """某区民政事业发展“十四五”规划
第一章 基层治理
第一节 社会组织
强化社会组织党建。在登记管理中同步推进党的建设。
专栏3 社会组织、社会工作发展工程
社会组织高质量发展工程。强化社会组织党建工作,推进孵化基地建设。
社工人才队伍建设工程。推动社工人才队伍建设纳入全区人才规划。
第二节 慈善事业
完善救助项目体系。重视发挥慈善事业在第三次分配中的作用。
"""
    data = load_yaml(import_text(tmp_path, doc).yaml_text)
    blocks = data["chapters"][0]["sections"][0]["blocks"]
    assert blocks[1]["box"] == "社会组织、社会工作发展工程"
    assert [i["title"] for i in blocks[1]["items"]] == [
        "社会组织高质量发展工程",
        "社工人才队伍建设工程",
    ]
    assert data["presentation"]["box_item_numbers"] is False


def test_box_numbering_gap_and_unplaced_line(tmp_path: Path) -> None:
    doc = """本文由编辑部整理发布
某县人民政府关于印发《某县民政事业发展“十四五”规划》的通知
某府发〔2022〕3号
各乡镇人民政府:
现将《某县民政事业发展“十四五”规划》印发给你们,请认真贯彻执行。
某县人民政府
2022年3月1日
某县民政事业发展“十四五”规划
第一章 基本民生保障
第一节 社会救助
构建综合救助格局。加快构建综合社会救助格局。
专栏1 社会救助提升工程
1.智慧救助工程。建设信息平台。
专栏3 儿童福利提升工程
1.困境儿童保障工程。落实基本生活保障。
"""
    result = import_text(tmp_path, doc)
    found = {(p.code, p.location.line) for p in result.problems}
    assert ("IMP304", 14) in found
    assert ("IMP303", 1) in found
    assert [u.line for u in result.summary.unplaced] == [1]
    notice = load_yaml(result.yaml_text)["meta"]["notice"]
    assert (notice["issuer"], notice["doc_number"], notice["date"]) == (
        "某县人民政府",
        "某府发〔2022〕3号",
        "2022-03-01",
    )
