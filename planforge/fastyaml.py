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


if _BaseLoader is not None:

    class _Loader(_BaseLoader):  # type: ignore[misc]
        """libyaml loader with YAML 1.2 scalars, dates as text and duplicate keys refused."""

        yaml_implicit_resolvers = _yaml12_resolvers()

    def _construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in out:
                raise FastYamlError("duplicate key")
            out[key] = loader.construct_object(value_node, deep=deep)
        return out

    def _construct_int(loader: Any, node: Any) -> int:
        text = str(loader.construct_scalar(node))
        return (
            int(text, 8)
            if text.startswith("0o")
            else int(text, 0)
            if text.startswith("0x")
            else int(text)
        )

    _Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def load_fast(text: str) -> Any:
    """Parse ``text`` to plain data, or raise FastYamlError to ask for the careful path."""
    return load_fast_with_nodes(text)[0]


def load_fast_with_nodes(text: str) -> tuple[Any, Any]:
    """Parse ``text`` once into plain data and libyaml's node tree (which has positions)."""
    if _BaseLoader is None or "\t" in text:
        raise FastYamlError("unavailable")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
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
