"""Write plan YAML safely: round-trip dumps, atomic replacement, diffs, a changed-on-disk guard.

Shared by every command that writes a user's plan (``new``, ``sync``, link fixes): gather
everything first, then write once, atomically, and never over a file someone else changed
since we read it.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from planforge.errors import PlanforgeError, YamlPath
from planforge.resources import schema_path
from planforge.source import make_yaml

SCHEMA_HINT = "# yaml-language-server: $schema="


def dump_yaml(data: Any, yaml: YAML | None = None) -> str:
    """Dump a ruamel tree the way planforge writes plans (or with ``yaml``'s settings)."""
    buf = io.StringIO()
    (yaml or make_yaml()).dump(data, buf)
    return buf.getvalue()


# Indentation as (mapping, sequence): planforge writes indent(mapping=2, sequence=4, offset=2).
Indent = tuple[int, int]
PLANFORGE_INDENT: Indent = (2, 4)


def indent_of(yaml: YAML) -> Indent:
    """Return the (mapping, sequence) indentation a YAML instance dumps with."""
    mapping = yaml.map_indent if isinstance(yaml.map_indent, int) else 2
    sequence = yaml.sequence_indent if isinstance(yaml.sequence_indent, int) else mapping
    return mapping, sequence


def content_hash(text: str | bytes) -> str:
    """Return the SHA-256 of a file's content (text is hashed as UTF-8)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(raw).hexdigest()


def file_hash(path: Path) -> str | None:
    """Return the hash of a file's bytes, or None when it does not exist."""
    try:
        return content_hash(path.read_bytes())
    except FileNotFoundError:
        return None


def guard_unchanged(path: Path, original_hash: str | None) -> None:
    """Refuse to go on when the file changed on disk since it was read (hash ``original_hash``)."""
    current = file_hash(path)
    if current == original_hash:
        return
    if current is None:
        msg = f"“{path}”在读取之后被删除或移动了;为避免覆盖,未写入任何内容。请重新运行命令。"
    else:
        msg = f"“{path}”在读取之后被修改过(可能在编辑器中保存了);为避免覆盖这些修改,未写入任何内容。请重新运行命令。"
    raise PlanforgeError(msg, code="PF010")


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with ``\\n`` line ends through a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _existing_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _existing_mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return None


def write_if_unchanged(path: Path, text: str, original_hash: str | None) -> None:
    """Write ``text`` atomically unless the file changed on disk since it was read."""
    guard_unchanged(path, original_hash)
    atomic_write_text(path, text)


def write_new_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new file atomically; refuse to replace an existing one unless ``force``."""
    if path.exists() and not force:
        raise PlanforgeError(
            f"“{path}”已存在,未覆盖;如确要覆盖,请加 --force,或用 -o 指定其他文件名", code="PF010"
        )
    if path.is_dir():
        raise PlanforgeError(f"“{path}”是文件夹,请指定一个 .yaml 文件名", code="PF010")
    atomic_write_text(path, text)


def unified_diff(old: str, new: str, name: str) -> str:
    """Return a unified diff of two texts (empty when they are equal)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name.lstrip('/')}",
        tofile=f"b/{name.lstrip('/')}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def relative_path(target: Path, start_dir: Path) -> str:
    """Return ``target`` relative to ``start_dir`` with forward slashes (absolute if impossible)."""
    try:
        rel = os.path.relpath(target.resolve(), start_dir.resolve())
    except ValueError:  # another drive on Windows
        return target.resolve().as_posix()
    return Path(rel).as_posix()


def find_schema(out_dir: Path) -> Path:
    """Return the project's ``schema/plan.schema.json`` above ``out_dir``, else the packaged one."""
    for folder in [out_dir.resolve(), *out_dir.resolve().parents]:
        candidate = folder / "schema" / "plan.schema.json"
        if candidate.is_file():
            return candidate
    return schema_path()


def schema_hint(out_path: Path) -> str:
    """Return the editor hint line naming the schema relative to ``out_path``."""
    schema = find_schema(out_path.parent)
    return f"{SCHEMA_HINT}{relative_path(schema, out_path.parent)}"


def without_schema_hint(text: str) -> str:
    """Drop a leading ``# yaml-language-server`` line (it is rewritten for the new place)."""
    first, sep, rest = text.partition("\n")
    return rest if first.startswith(SCHEMA_HINT) and sep else text


# -- comments on a ruamel tree -------------------------------------------------------------


def column_of(path: YamlPath, indent: Indent = PLANFORGE_INDENT) -> int:
    """Return the column of the keys of the mapping at ``path`` as ruamel will indent them.

    A mapping under a key is indented ``mapping`` more; a sequence under a key is not, and a
    mapping that is one of its items has its keys ``sequence`` more (planforge: 2 and 4).
    ruamel re-indents on dump, so this holds whatever the file looked like before.
    """
    mapping, sequence = indent
    column = 0
    for i, part in enumerate(path):
        if isinstance(part, int):
            column += sequence
        elif i + 1 == len(path) or not isinstance(path[i + 1], int):
            column += mapping
    return column


def node_at(data: Any, path: YamlPath) -> Any:
    """Return the node at ``path`` in a ruamel tree."""
    node = data
    for part in path:
        node = node[part]
    return node


def comment_before(
    data: Any,
    path: YamlPath,
    key: str,
    lines: Sequence[str],
    indent: Indent = PLANFORGE_INDENT,
) -> None:
    """Put full-line comments before ``key`` of the mapping at ``path``."""
    if not lines:
        return
    mapping = node_at(data, path)
    if not isinstance(mapping, CommentedMap) or key not in mapping:
        return
    column = column_of(path, indent)
    mapping.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=column)


def comment_after(
    data: Any, path: YamlPath, key: str, text: str, indent: Indent = PLANFORGE_INDENT
) -> None:
    """Put an end-of-line comment after the scalar value of ``key`` (two spaces before ``#``)."""
    mapping = node_at(data, path)
    if not isinstance(mapping, CommentedMap) or key not in mapping:
        return
    value = mapping[key]
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return
    shown = dump_yaml({key: value}).rstrip("\n")
    column = column_of(path, indent) + len(shown) + 2
    mapping.yaml_add_eol_comment(f"# {text}", key, column=column)
