"""link: propose parent links for a child plan's unlinked indicators and write accepted ones.

The edit is a ruamel round trip of the file as it is on disk, so comments, quoting, flow
mappings and key order survive: only the ``parent:`` keys are added. Before editing, the
round trip of the untouched file must reproduce it byte for byte (trying the usual
indentation styles); if none does, planforge refuses rather than reformat the file. Writing
refuses a file that changed on disk since it was read, and replaces it atomically.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from planforge.errors import PlanforgeError, Problem
from planforge.loader import Loaded, Workspace
from planforge.model import Indicator, Plan
from planforge.names import Suggestion, suggest_links
from planforge.source import make_yaml
from planforge.yamlwrite import content_hash, node_at, unified_diff, write_if_unchanged

__all__ = [
    "DEFAULT_MIN_SCORE",
    "LinkEdit",
    "Proposal",
    "add_parent_keys",
    "propose_links",
    "write_links",
]

# Suggestions at or above this score are written by default; lower ones are only shown.
DEFAULT_MIN_SCORE = 0.8

# Indentation styles tried for a byte-exact round trip: planforge's own first.
_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0))
# Keys that read best after the parent link; it goes before the first of them.
_TRAILING_KEYS = ("note", "todo", "children", "parts")
_PLAIN_ID = re.compile(r"[A-Za-z_\u4e00-\u9fff][\w\-.\u4e00-\u9fff]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})
_BOM = "\ufeff"


@dataclass(frozen=True)
class Proposal:
    """A suggested link and whether this run writes it."""

    suggestion: Suggestion
    accepted: bool


@dataclass
class LinkEdit:
    """What ``link`` would change in one file: proposals, the new text and the file's hash."""

    path: Path
    display: str
    parent_display: str
    original: str = ""
    original_hash: str = ""
    updated: str = ""
    proposals: list[Proposal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def accepted(self) -> list[Suggestion]:
        return [p.suggestion for p in self.proposals if p.accepted]

    @property
    def diff(self) -> str:
        return unified_diff(self.original, self.updated, self.display)

    @property
    def changed(self) -> bool:
        return self.updated != self.original


# -- reading ---------------------------------------------------------------------------------


def _read(path: Path) -> tuple[str, str]:
    """Return the file's text and the hash of its bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanforgeError(f"无法读取“{path}”:{exc.strerror}", code="PF001") from exc
    try:
        return raw.decode("utf-8"), content_hash(raw)
    except UnicodeDecodeError as exc:
        raise PlanforgeError(f"“{path}”不是 UTF-8 编码,无法写入链接", code="PF002") from exc


def _parent_of(ws: Workspace, loaded: Loaded, parent: Path | None) -> Loaded:
    """Return the parent plan to link to: the one given, else the plan's own."""
    if parent is not None:
        found = ws.load(parent)
    else:
        named, problems = ws.parent_of(loaded)
        if named is None:
            why = problems[0].message if problems else "meta.parent 没有指定上级规划"
            raise PlanforgeError(
                f"{loaded.display}:{why};可用 --parent 指定上级规划文件", code="PF301"
            )
        found = named
    if found.plan is None:
        raise PlanforgeError(
            f"上级规划“{found.display}”本身有错误;请先运行 planforge validate {found.display}",
            code="PF308",
        )
    return found


# -- editing ---------------------------------------------------------------------------------


def _configured(indent: tuple[int, int, int]) -> YAML:
    yaml = make_yaml()
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def faithful_yaml(text: str) -> YAML | None:
    """Return a YAML instance whose load/dump round trip reproduces text exactly, if any."""
    for indent in _INDENTS:
        yaml = _configured(indent)
        try:
            if _dump(yaml, yaml.load(text)) == text:
                return yaml
        except YAMLError:
            return None
    return None


def _id_scalar(value: str) -> str:
    """Quote an id that YAML would otherwise read as a number, a boolean or null."""
    if _PLAIN_ID.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    quoted: str = DoubleQuotedScalarString(value)
    return quoted


def _insert_position(mapping: CommentedMap) -> int:
    """Return where the parent key goes: before note/children/parts, after a scalar value."""
    keys = list(mapping.keys())
    pos = next((i for i, k in enumerate(keys) if k in _TRAILING_KEYS), len(keys))
    while pos > 0 and isinstance(mapping[keys[pos - 1]], (CommentedMap, CommentedSeq)):
        pos -= 1
    return pos


def _move_comments(mapping: CommentedMap, after: Any, key: str) -> None:
    """Keep full-line comments below ``after`` below the new key (its end-of-line one stays)."""
    entry = mapping.ca.items.get(after)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    token = entry[2]
    eol, _, rest = token.value.partition("\n")
    if not rest:
        return
    mapping.ca.items[key] = [None, None, CommentToken("\n" + rest, CommentMark(token.column)), None]
    if eol:
        token.value = eol + "\n"
    else:
        entry[2] = None


def add_parent_key(mapping: CommentedMap, parent_id: str) -> None:
    """Add ``parent: <id>`` to an indicator's mapping without moving its comments."""
    pos = _insert_position(mapping)
    keys = list(mapping.keys())
    mapping.insert(pos, "parent", _id_scalar(parent_id))
    if pos > 0:
        _move_comments(mapping, keys[pos - 1], "parent")


def add_parent_keys(text: str, links: Sequence[tuple[Indicator, str]], display: str) -> str:
    """Return text with a ``parent`` key added to each indicator, formatting kept."""
    body, newline = text, "\n"
    if "\r\n" in text:
        body, newline = text.replace("\r\n", "\n"), "\r\n"
    bom = body.startswith(_BOM)
    body = body.removeprefix(_BOM)
    yaml = faithful_yaml(body)
    if yaml is None:
        msg = f"“{display}”的写法无法原样保留(缩进或引号风格特殊),为避免改动其他内容,未写入;请手工加上 parent"
        raise PlanforgeError(msg, code="PF010")
    data = yaml.load(body)
    for ind, parent_id in links:
        node = node_at(data, ind.path)
        if isinstance(node, CommentedMap) and "parent" not in node:
            add_parent_key(node, parent_id)
    out = _dump(yaml, data)
    return (_BOM if bom else "") + (out.replace("\n", newline) if newline != "\n" else out)


# -- the command's steps ---------------------------------------------------------------------


def _proposals(plan: Plan, parent: Plan, min_score: float, only: Sequence[str]) -> list[Proposal]:
    out = []
    for s in suggest_links(plan, parent):
        accepted = s.score >= min_score and (not only or s.child_id in only)
        out.append(Proposal(s, accepted))
    return out


def propose_links(
    path: Path,
    *,
    parent: Path | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    only: Sequence[str] = (),
) -> LinkEdit:
    """Read a child plan, suggest parent links and prepare (not write) the accepted ones."""
    text, digest = _read(path)
    ws = Workspace()
    loaded = ws.load(path)
    edit = LinkEdit(path, loaded.display, "", text, digest, text, problems=list(loaded.problems))
    if loaded.plan is None:
        return edit
    if loaded.doc.text and loaded.doc.text != text.removeprefix(_BOM):
        raise PlanforgeError(
            f"“{loaded.display}”在读取过程中被修改了;请重新运行命令。", code="PF010"
        )
    parent_loaded = _parent_of(ws, loaded, parent)
    assert parent_loaded.plan is not None
    edit.parent_display = parent_loaded.display
    edit.proposals = _proposals(loaded.plan, parent_loaded.plan, min_score, only)
    rows = {ind.id: ind for ind in loaded.plan.indicators.iter_all()}
    links = [(rows[s.child_id], s.parent_id) for s in edit.accepted]
    if links:
        edit.updated = add_parent_keys(text, links, loaded.display)
    return edit


def write_links(edit: LinkEdit) -> None:
    """Write the edit, refusing if the file changed on disk since it was read."""
    if edit.changed:
        write_if_unchanged(edit.path, edit.updated, edit.original_hash)
