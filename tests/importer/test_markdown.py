"""Markdown input: ATX headings, **bold** lead-ins, block-quote boxes, GFM tables, TOC links."""

from __future__ import annotations

from pathlib import Path

from tests.importer.conftest import import_text, load_yaml, write_and_validate

DOC = """# 某区民政事业发展“十四五”规划

（2021—2025年）

**目　录**

- [第一章　开启民政事业现代化建设新征程](#第一章)
  - [第一节　发展基础](#第一节)
  - [第二节　发展目标](#第二节)
- [第二章　不断健全基本民生保障体系](#第二章)
  - [第一节　健全社会救助体系](#第一节-1)

为履行基本民生保障职责,根据《某市民政事业发展“十四五”规划》编制本规划。

## 第一章　开启民政事业现代化建设新征程

### 第一节　发展基础

**基本民生保障水平明显提高**。城乡低保标准分别提高到每人每月620元、496元,
兜底保障能力明显增强。

**基层社会治理水平明显增进**。完成3个街道22个社区调整。

### 第二节　发展目标

到2025年,全区民政事业发展水平迈上新台阶。

**基本民生保障取得新成效**。托底性社会救助体系不断健全完善。

**表1　“十四五”某区民政事业主要发展指标**

| 序号 | 类别 | 指标名称 | 单位 | 2020年 | 2025年 | 属性 |
| --- | --- | --- | --- | --- | --- | --- |
| 1 | 基本民生保障 | 困难残疾人生活补贴覆盖率 | % | 100 | 100 | 约束性 |
| 2 |  | 重度残疾人护理补贴覆盖率 | % | 100 | 100 | 约束性 |
| 3 | 养老服务 | 每千名老年人拥有养老床位数 | 张 | 41.47 | 45 | 预期性 |
|  |  | 其中：护理型床位比例 | % | ≥32.3 | ≥60 | 约束性 |

## 第二章　不断健全基本民生保障体系

### 第一节　健全社会救助体系

**构建综合社会救助格局**。加快构建政府主导、社会参与的综合救助格局。

> **专栏1　社会救助能力提升工程**
>
> **“智慧救助”建设工程**。建设区级社会救助信息平台。
>
> **殡仪服务站**:拟新建鱼洞街道等殡仪服务站。
"""


def test_markdown_document(tmp_path: Path) -> None:
    result = import_text(tmp_path, DOC, "plan.md")
    assert result.summary.kind == "markdown"
    assert write_and_validate(tmp_path, result) == []
    data = load_yaml(result.yaml_text)
    assert data["meta"]["title"] == "某区民政事业发展“十四五”规划"
    assert (data["meta"]["region"], data["meta"]["level"]) == ("某区", "district")
    assert len(data["meta"]["source"]["toc"]) == 5
    chapters = data["chapters"]
    assert [c["title"] for c in chapters] == [
        "开启民政事业现代化建设新征程",
        "不断健全基本民生保障体系",
    ]
    basics = chapters[0]["sections"][0]["blocks"]
    assert basics[0]["lead"] == "基本民生保障水平明显提高。"
    assert basics[0]["text"] == "城乡低保标准分别提高到每人每月620元、496元,兜底保障能力明显增强。"
    items = data["indicators"]["items"]
    assert [i["category"] for i in items] == ["基本民生保障", "基本民生保障", "养老服务"]
    assert items[2]["children"][0]["name"] == "护理型床位比例"
    assert data["presentation"]["sub_row_numbers"] is False
    assert data["goals"]["items"][0]["title"] == "基本民生保障取得新成效"
    box = chapters[1]["sections"][0]["blocks"][1]
    assert box["box"] == "社会救助能力提升工程"
    assert box["items"][0] == {"title": "“智慧救助”建设工程", "text": "建设区级社会救助信息平台。"}
    assert box["items"][1] == "殡仪服务站:拟新建鱼洞街道等殡仪服务站。"
    assert result.summary.share == 1.0
    assert not [p for p in result.problems if p.code.startswith("IMP1")]
