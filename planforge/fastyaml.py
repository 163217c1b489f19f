"""A fast YAML reader (libyaml through PyYAML) that reads plans exactly as ruamel does.

Why: a national tree holds thousands of plans and ruamel's round-trip parser is pure
Python (about 20x slower). This reader gives the same plain data as the round-trip path
for every file it accepts; anything unusual (duplicate keys, syntax errors, a missing C
extension) raises FastYamlError and the caller falls back to the careful path.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    _BaseLoader = None


class FastYamlError(Exception):
    """The fast reader declines this text; use the round-trip reader instead."""


def _yaml12_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    # YAML 1.2 core schema, as ruamel uses: no yes/no/on/off booleans, no sexagesimals.
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    rules = [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "tag:yaml.org,2002:float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for tag, pattern, first in rules:
        compiled = re.compile(pattern)
        for ch in first:
            table.setdefault(ch, []).append((tag, compiled))
    return table


_STR = "tag:yaml.org,2002:str"
_RESOLVERS = _yaml12_resolvers()

if _BaseLoader is not None:

    class _Loader(_BaseLoader):  # type: ignore[misc]
        """libyaml composer with YAML 1.2 implicit types; data is built by :func:`_to_data`."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # Called by libyaml for every node: a short path instead of PyYAML's general one.
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, regexp in _RESOLVERS.get(value[:1], ()):
                        if regexp.match(value):
                            return tag
                return _STR
            if kind is yaml.SequenceNode:
                return "tag:yaml.org,2002:seq"
            return "tag:yaml.org,2002:map"


def _scalar(node: Any) -> Any:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:int":
        base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
        return int(text, base)
    if tag == "tag:yaml.org,2002:float":
        lowered = text.lower()
        if lowered.endswith("inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        return float("nan") if lowered == ".nan" else float(text)
    if tag == "tag:yaml.org,2002:bool":
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    raise FastYamlError(f"tag {tag}")  # explicit tags (!!binary, custom): careful path


def _to_data(node: Any) -> Any:
    """Build plain data from composed nodes (no anchors' identity, no merge keys, no tags)."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        return _scalar(node)
    if kind is yaml.SequenceNode and node.tag == "tag:yaml.org,2002:seq":
        return [_to_data(item) for item in node.value]
    if kind is yaml.MappingNode and node.tag == "tag:yaml.org,2002:map":
        # Keys become strings, as source.to_plain makes them: the data is then plain
        # (JSON-like) as read, with no second pass to convert it.
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _to_data(key_node)
            if (
                key_node.tag == "tag:yaml.org,2002:merge"
                or not isinstance(key, (str, int, float, bool))
                or str(key) in out
            ):
                raise FastYamlError("merge key, complex key or duplicate key")
            out[str(key)] = _to_data(value_node)
        return out
    raise FastYamlError(f"node {node.tag}")


def load_fast(text: str) -> Any:
    """Parse ``text`` to plain data (string keys), or raise FastYamlError to ask for the careful path."""
    return load_fast_with_nodes(text)[0]


def load_fast_with_nodes(text: str, raw: bytes | None = None) -> tuple[Any, Any]:
    """Parse ``text`` once into plain data and libyaml's node tree (which has positions).

    ``raw``, the UTF-8 bytes ``text`` was decoded from, spares libyaml encoding it again.
    """
    if _BaseLoader is None or "\t" in text:
        raise FastYamlError("unavailable")
    loader = _Loader(raw if raw is not None else text)
    try:
        node = loader.get_single_node()
        data = _to_data(node) if node is not None else None
    except FastYamlError:
        raise
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise FastYamlError(str(exc)) from exc
    finally:
        loader.dispose()
    return data, node


def compose_fast(text: str) -> Any:
    """Return libyaml's node tree (with line/column marks) for ``text``."""
    if _BaseLoader is None:
        raise FastYamlError("unavailable")
    try:
        return yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise FastYamlError(str(exc)) from exc
