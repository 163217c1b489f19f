"""planforge link: suggestions, a formatting-preserving write, and the changed-on-disk guard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planforge.errors import PlanforgeError
from planforge.link import propose_links, write_links

PARENT = """\
format: 1
meta:
  title: 示例市民政事业发展“十四五”规划
  region: 示例市
  level: city
  period: {start: 2021, end: 2025}
indicators:
  items:
    - id: zb11
      name: 乡镇(街道)未成年人保护工作站覆盖率
      unit: "%"
      target: "100"
      attribute: 预期性
    - id: zb16
      name: 乡镇(街道)具备综合功能的养老服务机构覆盖率
      unit: "%"
      target: "≥90"
      attribute: 预期性
    - id: "007"
      name: 节地生态安葬占比
      unit: "%"
      target: "30"
      attribute: 预期性
"""

CHILD = """\
# yaml-language-server: $schema=../schema/plan.schema.json
format: 1
meta:
  title: 示例区民政事业发展“十四五”规划
  region: 示例区
  level: district
  period: {start: 2021, end: 2025}
  parent: 市.yaml
indicators:
  items:
    - id: c7  # 原表第7行
      name: 镇(街道)未成年人保护工作站覆盖率
      unit: '%'
      target: "100"
      attribute: 预期性
    # 下一行原表名称如此
    - {id: c8, name: 镇（街道）具备综合功能的养老机构覆盖率, unit: "%", target: "≥90", attribute: 预期性}
    - id: c13
      name: 节地生态安葬占比
      unit: "%"
      target: "30"
      attribute: 预期性
      # 殡葬改革
      note: 本区新增
    - id: c14
      name: 福利彩票销售网点数
      target: "300"
      attribute: 预期性
"""

EXPECTED = """\
# yaml-language-server: $schema=../schema/plan.schema.json
format: 1
meta:
  title: 示例区民政事业发展“十四五”规划
  region: 示例区
  level: district
  period: {start: 2021, end: 2025}
  parent: 市.yaml
indicators:
  items:
    - id: c7  # 原表第7行
      name: 镇(街道)未成年人保护工作站覆盖率
      unit: '%'
      target: "100"
      attribute: 预期性
      parent: zb11
    # 下一行原表名称如此
    - {id: c8, name: 镇（街道）具备综合功能的养老机构覆盖率, unit: "%", target: "≥90", attribute: 预期性, parent: zb16}
    - id: c13
      name: 节地生态安葬占比
      unit: "%"
      target: "30"
      attribute: 预期性
      parent: "007"
      # 殡葬改革
      note: 本区新增
    - id: c14
      name: 福利彩票销售网点数
      target: "300"
      attribute: 预期性
"""


@pytest.fixture
def child(tmp_path: Path) -> Path:
    (tmp_path / "市.yaml").write_text(PARENT, encoding="utf-8")
    path = tmp_path / "区.yaml"
    path.write_text(CHILD, encoding="utf-8")
    return path


def test_proposes_without_writing(child: Path) -> None:
    edit = propose_links(child)
    assert [
        (p.suggestion.child_id, p.suggestion.parent_id, p.accepted) for p in edit.proposals
    ] == [
        ("c7", "zb11", True),
        ("c8", "zb16", True),
        ("c13", "007", True),
    ]
    assert child.read_text(encoding="utf-8") == CHILD
    removed = [
        ln for ln in edit.diff.splitlines() if ln.startswith("-") and not ln.startswith("---")
    ]
    assert removed == [
        '-    - {id: c8, name: 镇（街道）具备综合功能的养老机构覆盖率, unit: "%", target: "≥90", attribute: 预期性}'
    ]
    assert "+      parent: zb11" in edit.diff


def test_write_adds_only_parent_keys(child: Path) -> None:
    edit = propose_links(child)
    write_links(edit)
    assert child.read_text(encoding="utf-8") == EXPECTED
    assert propose_links(child).proposals == []


def test_only_and_min_score_limit_what_is_written(child: Path) -> None:
    edit = propose_links(child, only=["c7"])
    assert [s.child_id for s in edit.accepted] == ["c7"]
    assert propose_links(child, min_score=1.01).changed is False


def test_refuses_a_file_changed_since_it_was_read(child: Path) -> None:
    edit = propose_links(child)
    child.write_text(CHILD + "# 编辑器里刚保存的修改\n", encoding="utf-8")
    with pytest.raises(PlanforgeError, match="修改"):
        write_links(edit)
    assert child.read_text(encoding="utf-8").endswith("# 编辑器里刚保存的修改\n")


def test_keeps_crlf_line_ends(child: Path) -> None:
    child.write_bytes(CHILD.replace("\n", "\r\n").encode("utf-8"))
    write_links(propose_links(child))
    assert child.read_bytes() == EXPECTED.replace("\n", "\r\n").encode("utf-8")


def test_keeps_another_indentation_style(child: Path) -> None:
    two_space = (
        CHILD.replace("\n    - ", "\n  - ")
        .replace("\n      ", "\n    ")
        .replace("\n    # ", "\n  # ")
    )
    child.write_text(two_space, encoding="utf-8")
    write_links(propose_links(child))
    text = child.read_text(encoding="utf-8")
    assert "\n  - id: c7  # 原表第7行\n" in text and "\n    parent: zb11\n" in text


def test_refuses_when_formatting_cannot_be_kept(child: Path) -> None:
    odd = CHILD.replace("  title: 示例区", "  title:   示例区")  # extra spaces ruamel would drop
    child.write_text(odd, encoding="utf-8")
    with pytest.raises(PlanforgeError, match="原样保留"):
        propose_links(child)
    assert child.read_text(encoding="utf-8") == odd


def test_cli_shows_diff_then_writes(child: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "planforge", "link", *args, child.name],
            cwd=child.parent,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )

    dry = run()
    assert dry.returncode == 0, dry.stderr
    assert "+      parent: zb11" in dry.stdout and "加 --write" in dry.stdout
    assert child.read_text(encoding="utf-8") == CHILD
    wet = run("--write")
    assert wet.returncode == 0 and "已写入 3 个链接" in wet.stdout
    assert child.read_text(encoding="utf-8") == EXPECTED
