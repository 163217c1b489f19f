"""Every problem code planforge can report, with a one-line Chinese summary.

Rule codes come from the rule registry (their docstrings carry examples); the codes below
are reported while reading a file, before any rule can run.
"""

from __future__ import annotations

from collections.abc import Iterator

from planforge.rules import RULES, load_builtin_rules

READING_CODES: dict[str, str] = {
    "PF000": "命令行参数或运行环境有误",
    "PF001": "找不到或无法读取文件",
    "PF002": "文件不是 UTF-8 编码",
    "PF003": "文件为空",
    "PF004": "文件不是规划文件(顶层不是映射)",
    "PF005": "文件是二进制文件(Word、PDF 等),不是 YAML",
    "PF010": "YAML 语法错误",
    "PF011": "YAML 中使用了制表符(Tab)",
    "PF012": "重复的键",
    "PF101": "缺少必填字段",
    "PF102": "未知字段",
    "PF103": "值的类型不对",
    "PF104": "值不在允许的选项中",
    "PF105": "值的格式不对",
    "PF106": "值超出范围或为空",
    "PF107": "使用了全角冒号,映射被读成了文字",
    "PF108": "不符合规划格式",
    "PF109": "以冒号结尾的文字被读成了键",
    "PF301": "找不到上级规划文件",
    "PF303": "上级规划链出现循环",
    "PF308": "上级规划本身有错误",
}


def iter_code_docs() -> Iterator[tuple[str, str, str, str]]:
    """Yield (code, severity, summary, doc) for every code, sorted by code."""
    load_builtin_rules()
    rows = [(code, "error", summary, "") for code, summary in READING_CODES.items()]
    rows += [(r.code, r.severity.value, r.summary, r.doc) for r in RULES.values()]
    yield from sorted(rows)
