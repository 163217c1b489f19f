"""YAML text → positioned document (ruamel round trip), with bad input reported as problems."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planforge.errors import Location, Problem, Severity, YamlPath

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
_BINARY_MAGIC = {
    b"PK\x03\x04": "Word(.docx)或其他 zip 压缩文件",
    b"%PDF": "PDF 文件",
    b"\xd0\xcf\x11\xe0": "旧版 Word(.doc)或 Excel 文件",
}


@cache
def _constructor() -> type:
    """Return a round-trip constructor that keeps dates as the text the drafter wrote."""
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        pass

    # Why: unquoted 2022-03-22 would become datetime.date; plans want the text.
    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
    return _Constructor


def make_yaml() -> YAML:
    """Return a round-trip YAML instance configured the way planforge writes plans."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def is_round_trip(data: Any) -> bool:
    """Tell whether ``data`` is a ruamel round-trip mapping (it carries its own positions).

    Why ``sys.modules``: no ruamel node exists before ruamel is imported, and the fast path
    (libyaml) never imports it, so checking costs no import.
    """
    comments = sys.modules.get("ruamel.yaml.comments")
    return comments is not None and isinstance(data, comments.CommentedMap)


@dataclass
class SourceDoc:
    """A parsed YAML file: its text, the round-trip tree and the problems found reading it."""

    path: Path
    display: str
    text: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.is_error for p in self.problems)

    _rt: Any = field(default=None, repr=False)
    # Content key under which the positions are cached (see PositionTable); "" for none.
    positions_key: str = field(default="", repr=False)
    _positions_saved: bool = field(default=False, repr=False)

    def locate(self, path: YamlPath, *, key: bool = False) -> Location:
        """Return the position of the node at ``path`` (its key when ``key``), resolved lazily."""
        # Called for every node of every plan: the resolvers are methods, not new closures.
        resolver = self._position_of_key if key else self.position_of
        return Location(self.display, path=path, resolver=resolver)

    def position_of(self, path: YamlPath) -> tuple[int, int]:
        """Return the 1-based (line, column) of the node at ``path`` (parses if needed)."""
        return self._position(path, key=False)

    def _position_of_key(self, path: YamlPath) -> tuple[int, int]:
        return self._position(path, key=True)

    def _position(self, path: YamlPath, *, key: bool) -> tuple[int, int]:
        tree = self.position_tree()
        if is_round_trip(tree):
            return locate_in(tree, path, key=key)
        if isinstance(tree, PositionTable):
            return tree.locate(path, key=key)
        return locate_in_nodes(tree, path, key=key)

    def position_tree(self) -> Any:
        """Return what knows positions: ruamel's tree, libyaml's nodes or a cached table."""
        if is_round_trip(self.data):
            return self.data
        if self._rt is None and self.positions_key:
            self._rt = PositionTable.read(self.positions_key)
            self._positions_saved = self._rt is not None
        if self._rt is None:
            from planforge.fastyaml import FastYamlError, compose_fast

            try:
                self._rt = compose_fast(self.text)
            except FastYamlError:
                self._rt = make_yaml().load(self.text)
        if self.positions_key and not self._positions_saved:
            self._positions_saved = True
            if not is_round_trip(self._rt):
                PositionTable.from_nodes(self._rt).save(self.positions_key)
        return self._rt

    def forget_positions(self) -> None:
        """Drop the positioned tree (about as big as the plan); it is rebuilt if asked for."""
        if not is_round_trip(self.data):
            self._rt = None

    def problem(
        self,
        code: str,
        message: str,
        path: YamlPath = (),
        *,
        key: bool = False,
        severity: Severity = Severity.ERROR,
        hint: str = "",
    ) -> Problem:
        """Make a problem positioned at ``path`` in this file."""
        return Problem(code, severity, message, self.locate(path, key=key), hint=hint)


def locate_in(data: Any, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
    """Walk ``path`` through a ruamel tree; return the deepest known 1-based (line, col)."""
    best = (1, 1)
    node = data
    for i, part in enumerate(path):
        last = i == len(path) - 1
        pos, node = _step(node, part, want_key=key and last)
        if pos is None:
            break
        best = pos
    return best


def _step(node: Any, part: str | int, *, want_key: bool) -> tuple[tuple[int, int] | None, Any]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        actual = _actual_key(node, part)
        if actual is None:
            return None, None
        child = node[actual]
        if want_key or isinstance(child, (CommentedMap, CommentedSeq)):
            line, col = node.lc.key(actual)
        else:
            line, col = node.lc.value(actual)
        return (line + 1, col + 1), child
    if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
        line, col = node.lc.item(part)
        return (line + 1, col + 1), node[part]
    return None, None


def locate_in_nodes(node: Any, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
    """Like :func:`locate_in`, over libyaml's composed nodes (fast, C-parsed marks)."""
    from yaml import MappingNode, SequenceNode

    best = (1, 1)
    for i, part in enumerate(path):
        want_key = key and i == len(path) - 1
        if isinstance(node, MappingNode):
            pair = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if pair is None:
                return best
            k, node = pair
            mark = (
                k.start_mark
                if want_key or isinstance(node, (MappingNode, SequenceNode))
                else node.start_mark
            )
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node = node.value[part]
            mark = node.start_mark
        else:
            return best
        best = (mark.line + 1, mark.column + 1)
    return best


class PositionTable:
    """The 1-based (line, column) of every node of a plan by YAML path, for the plan cache.

    Why: a plan read from the cache has no parse tree, and parsing it again only to place
    a warning costs more than the rest of ``build``. Answers exactly as
    :func:`locate_in_nodes` does over the tree it was made from.
    """

    _FORMAT = "1"

    def __init__(self, entries: dict[tuple[str | int, ...], tuple[int, int, int, int]]) -> None:
        # path → (key line, key column, value line, value column); mapping keys are str,
        # sequence indexes int. A collection's "value" position is its key's, as in the tree.
        self.entries = entries

    @classmethod
    def from_nodes(cls, root: Any) -> PositionTable:
        """Build the table from libyaml's composed nodes."""
        from yaml import MappingNode, SequenceNode

        entries: dict[tuple[str | int, ...], tuple[int, int, int, int]] = {}
        stack: list[tuple[tuple[str | int, ...], Any]] = [((), root)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, MappingNode):
                for k, child in node.value:
                    key = (k.start_mark.line + 1, k.start_mark.column + 1)
                    nested = isinstance(child, (MappingNode, SequenceNode))
                    value = (
                        key if nested else (child.start_mark.line + 1, child.start_mark.column + 1)
                    )
                    step = (*path, k.value)
                    entries.setdefault(step, (*key, *value))  # the first of equal keys wins
                    stack.append((step, child))
            elif isinstance(node, SequenceNode):
                for i, child in enumerate(node.value):
                    mark = (child.start_mark.line + 1, child.start_mark.column + 1)
                    entries[(*path, i)] = (*mark, *mark)
                    stack.append(((*path, i), child))
        return cls(entries)

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """Return the deepest known position along ``path`` (its key when ``key``)."""
        best = (1, 1)
        prefix: tuple[str | int, ...] = ()
        for i, part in enumerate(path):
            found = self.entries.get((*prefix, part)) if isinstance(part, int) else None
            step: str | int = part
            if found is None:  # a mapping key: matched by its text, as in the tree
                step = str(part)
                found = self.entries.get((*prefix, step))
            if found is None:
                return best
            prefix = (*prefix, step)
            best = found[:2] if key and i == len(path) - 1 else found[2:]
        return best

    def save(self, key: str) -> None:
        """Store the table in the cache under the plan's content key."""
        import marshal

        from planforge import cache

        cache.write("positions", f"{key}-{self._FORMAT}", marshal.dumps(self.entries))

    @classmethod
    def read(cls, key: str) -> PositionTable | None:
        """Return the table cached under ``key``, or None."""
        import marshal

        from planforge import cache

        stored = cache.read("positions", f"{key}-{cls._FORMAT}")
        if stored is None:
            return None
        try:
            entries = marshal.loads(stored)
        except (ValueError, EOFError, TypeError):
            return None
        return cls(entries) if isinstance(entries, dict) else None


def _actual_key(node: CommentedMap, part: str | int) -> Any:
    """Find the real key for ``part``; years may be int keys in YAML but str in paths."""
    if part in node:
        return part
    if isinstance(part, str) and part.isdigit() and int(part) in node:
        return int(part)
    return None


def read_source(
    path: Path, display: str | None = None, *, fast: bool = False, raw: bytes | None = None
) -> SourceDoc:
    """Read and parse one YAML file; every failure becomes a positioned problem.

    With ``fast`` the text is parsed by libyaml into plain data (positions are found later,
    only if asked for); anything libyaml dislikes is parsed again on the careful path so
    the user gets the same precise message either way.
    """
    doc = SourceDoc(path=path, display=display or str(path))
    raw = raw if raw is not None else _read_bytes(doc)
    if raw is None:
        return doc
    text = _decode(doc, raw)
    if text is None:
        return doc
    doc.text = text
    if not (fast and _parse_fast(doc, text, raw)):
        _parse(doc, text)
    return doc


def _parse_fast(doc: SourceDoc, text: str, raw: bytes) -> bool:
    from planforge.fastyaml import FastYamlError, load_fast_with_nodes

    try:
        data, nodes = load_fast_with_nodes(text, raw)
    except FastYamlError:
        return False
    if not isinstance(data, dict):
        return False
    doc.data = data
    doc._rt = nodes  # positions for free, until the workspace lets the plan go
    return True


def read_source_text(text: str, display: str) -> SourceDoc:
    """Parse YAML already in memory (tests, importer output)."""
    doc = SourceDoc(path=Path(display), display=display, text=text)
    _parse(doc, text)
    return doc


def _read_bytes(doc: SourceDoc) -> bytes | None:
    try:
        return doc.path.read_bytes()
    except FileNotFoundError:
        doc.problems.append(_file_problem(doc, "PF001", f"找不到文件“{doc.display}”"))
    except IsADirectoryError:
        doc.problems.append(_file_problem(doc, "PF001", f"“{doc.display}”是文件夹,不是规划文件"))
    except OSError as exc:
        doc.problems.append(_file_problem(doc, "PF001", f"无法读取“{doc.display}”:{exc.strerror}"))
    return None


def _file_problem(doc: SourceDoc, code: str, message: str, line: int = 0, col: int = 0) -> Problem:
    return Problem(code, Severity.ERROR, message, Location(doc.display, line, col))


def _decode(doc: SourceDoc, raw: bytes) -> str | None:
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            msg = f"文件编码为 {name},planforge 只接受 UTF-8;请在编辑器中“另存为”UTF-8 编码"
            doc.problems.append(_file_problem(doc, "PF002", msg, 1, 1))
            return None
    for magic, what in _BINARY_MAGIC.items():
        if raw.startswith(magic):
            msg = f"这是{what},不是 YAML 规划文件;已发布的文档请用 planforge import 导入"
            doc.problems.append(_file_problem(doc, "PF005", msg, 1, 1))
            return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc.problems.append(_decode_problem(doc, raw, exc))
        return None
    if "\x00" in text:
        line, col = _offset_to_line_col(text, text.index("\x00"))
        msg = "文件含有空字符(\\0),不是文本文件;规划文件应为 UTF-8 编码的 YAML 文本"
        doc.problems.append(_file_problem(doc, "PF005", msg, line, col))
        return None
    return text


def _decode_problem(doc: SourceDoc, raw: bytes, exc: UnicodeDecodeError) -> Problem:
    good = raw[: exc.start].decode("utf-8", errors="replace")
    line, col = _offset_to_line_col(good, len(good))
    guess = ""
    try:
        raw.decode("gb18030")
        guess = "看起来是 GBK/GB18030 编码,"
    except UnicodeDecodeError:
        pass
    msg = (
        f"文件不是 UTF-8 编码(第 {exc.start + 1} 个字节 0x{raw[exc.start]:02X} 无法解码);"
        f"{guess}请在编辑器中“另存为”UTF-8 编码"
    )
    return _file_problem(doc, "PF002", msg, line, col)


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _parse(doc: SourceDoc, text: str) -> None:
    if not _has_content(text):
        doc.problems.append(_file_problem(doc, "PF003", "文件为空:没有任何规划内容", 1, 1))
        return
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = make_yaml().load(text)
    except DuplicateKeyError as exc:
        doc.problems.append(_duplicate_problem(doc, exc))
        return
    except MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc, exc, text))
        return
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors in practice
        doc.problems.append(_file_problem(doc, "PF010", f"YAML 语法错误:{exc}", 1, 1))
        return
    if not isinstance(data, CommentedMap):
        doc.problems.append(_not_mapping_problem(doc, data))
        return
    doc.data = data


def _has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _duplicate_problem(doc: SourceDoc, exc: DuplicateKeyError) -> Problem:
    mark = exc.problem_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    found = re.search(r'found duplicate key "([^"]*)"', str(exc))
    key = found.group(1) if found else "?"
    first = exc.context_mark
    where = f"(第 {first.line + 1} 行已有同名键)" if first else ""
    msg = f"重复的键“{key}”{where}:同一层级中每个键只能出现一次"
    return _file_problem(doc, "PF012", msg, line, col)


def _syntax_problem(doc: SourceDoc, exc: MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(exc.problem or "")
    if "'\\t'" in problem or "\\t" in problem or _char_at(text, line, col) == "\t":
        msg = "YAML 中不能用制表符(Tab)缩进或分隔,请改用空格"
        return _file_problem(doc, "PF011", msg, line, col)
    snippet = _line_text(text, line).strip()
    detail = _translate_yaml_problem(problem)
    msg = f"YAML 语法错误:{detail};该行内容为“{snippet[:60]}”"
    return _file_problem(doc, "PF010", msg, line, col)


_YAML_PROBLEMS = (
    ("mapping values are not allowed here", "此处不能出现“键: 值”(冒号后的内容是否需要加引号?)"),
    ("could not find expected ':'", "缺少“:”(键和值之间需要半角冒号和空格)"),
    ("found character that cannot start any token", "出现了不能作为开头的字符"),
    ("expected <block end>, but found", "缩进不一致"),
    ("found unexpected end of stream", "文件意外结束(引号或括号没有闭合?)"),
    ("found undefined alias", "引用了未定义的锚点"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected ',' or ']'", "方括号列表没有正确闭合"),
    ("expected ',' or '}'", "花括号映射没有正确闭合"),
)


def _translate_yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return chinese
    return f"无法解析({problem})" if problem else "无法解析"


def _char_at(text: str, line: int, col: int) -> str:
    row = _line_text(text, line)
    return row[col - 1] if 0 < col <= len(row) else ""


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _not_mapping_problem(doc: SourceDoc, data: Any) -> Problem:
    if isinstance(data, str):
        shown = data.strip().replace("\n", " ")[:40]
        msg = f"这不是规划文件:整个文件被读成了一段文字“{shown}”;规划文件的顶层应为 meta:、chapters: 等键"
    elif isinstance(data, list):
        msg = "这不是规划文件:顶层是列表;规划文件的顶层应为 meta:、chapters: 等键"
    else:
        msg = f"这不是规划文件:顶层是“{data}”;规划文件的顶层应为 meta:、chapters: 等键"
    return _file_problem(doc, "PF004", msg, 1, 1)


def to_plain(node: Any) -> Any:
    """Convert a ruamel tree to plain JSON-like data (str keys) for schema validation."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def iter_scalars(node: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, Any]]:
    """Yield every scalar in the tree with its path (used by text-scanning rules)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from iter_scalars(v, (*path, str(k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from iter_scalars(v, (*path, i))
    else:
        yield path, node
