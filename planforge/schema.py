"""The plan JSON schema, loaded once, and its errors turned into positioned problems."""

from __future__ import annotations

import hashlib
import json
import marshal
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from planforge import __version__
from planforge import cache as disk_cache
from planforge.errors import Problem, YamlPath
from planforge.resources import schema_path
from planforge.source import SourceDoc, to_plain

_TYPE_NAMES = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "object": "映射(键: 值)",
    "array": "列表(- 开头的各项)",
    "boolean": "true 或 false",
    "null": "空值",
}


@cache
def load_schema() -> dict[str, Any]:
    """Load the plan schema from the package data."""
    with schema_path().open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


@cache
def _validator() -> Draft202012Validator:
    # Imported here: jsonschema is only needed when a plan has problems to explain.
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _draft7_copy(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the schema spelled as draft-07, which fastjsonschema compiles."""
    text = (
        json.dumps(schema).replace('"$defs"', '"definitions"').replace("#/$defs/", "#/definitions/")
    )
    copy: dict[str, Any] = json.loads(text)
    copy["$schema"] = "http://json-schema.org/draft-07/schema#"
    copy.pop("$id", None)  # fastjsonschema names the entry function after $id
    result: dict[str, Any] = _cheap_dispatch(copy)
    return result


def _cheap_dispatch(node: Any) -> Any:
    """Return ``node`` with each key-dispatch chain given a shortcut for its last branch.

    Why: the schema tells block kinds apart with ``if {required: [list]} … else if
    {required: [box]} …``, which fastjsonschema compiles to one raised exception per
    failed ``if``; a plain paragraph (most blocks) raised five. The shortcut first asks
    "none of these keys?" (no exception when true) and keeps the chain for the rest, so
    the accepted documents are the same.
    """
    if isinstance(node, list):
        return [_cheap_dispatch(item) for item in node]
    if not isinstance(node, dict):
        return node
    chain = _key_chain(node)
    if chain is None:
        return {key: _cheap_dispatch(value) for key, value in node.items()}
    keys, last = chain
    shortcut = {"if": {"properties": dict.fromkeys(keys, False)}, "then": _cheap_dispatch(last)}
    return {**shortcut, "else": _chain_parts(node)}


def _chain_parts(node: Any) -> Any:
    """Rewrite inside a chain's branches but not the chain itself (its shortcut is above)."""
    if not (isinstance(node, dict) and set(node) == {"if", "then", "else"}):
        return _cheap_dispatch(node)
    return {
        "if": node["if"],
        "then": _cheap_dispatch(node["then"]),
        "else": _chain_parts(node["else"]),
    }


def _key_chain(node: dict[str, Any]) -> tuple[list[str], Any] | None:
    """Return the keys an if/else chain dispatches on (``required: [key]``) and its final else."""
    keys: list[str] = []
    while isinstance(node, dict) and set(node) == {"if", "then", "else"}:
        cond = node["if"]
        required = cond.get("required") if isinstance(cond, dict) else None
        if (
            not isinstance(required, list)
            or len(required) != 1
            or set(cond) - {"type"} != {"required"}
        ):
            return None
        keys.append(required[0])
        node = node["else"]
    return (keys, node) if len(keys) >= 2 else None


@cache
def _fast_validator() -> Callable[[Any], Any] | None:
    """Return the schema compiled to Python; the compiled code is cached between runs.

    The cache holds the code object (compiling the generated module's source took longer
    than the rest of reading a plan), keyed by the schema file, planforge's version and the
    interpreter, so an unchanged schema is neither regenerated nor recompiled.
    """
    raw = schema_path().read_bytes()
    build = f"{__version__}|{_CODE_FORMAT}|{sys.version}"
    key = f"schema-{hashlib.sha256(raw + build.encode()).hexdigest()[:20]}"
    code = _cached_code(key)
    if code is None:
        try:
            import fastjsonschema
        except ImportError:  # pragma: no cover - a declared dependency
            return None
        source = fastjsonschema.compile_to_code(_draft7_copy(load_schema()))
        code = compile(source.replace(_EXCEPTIONS_IMPORT, "", 1), "<planforge schema>", "exec")
        disk_cache.write("code", key, marshal.dumps(code))
    # The generated code raises fastjsonschema's exceptions; is_valid_fast only needs to
    # know that it raised, so plain stand-ins spare importing fastjsonschema.
    namespace: dict[str, Any] = {name: _Invalid for name in _EXCEPTION_NAMES}
    exec(code, namespace)
    func: Callable[[Any], Any] = namespace["validate"]
    return func


# Bump when the way the validator is generated or cached changes.
_CODE_FORMAT = "3"
_EXCEPTION_NAMES = ("JsonSchemaValueException", "JsonSchemaValuesException")
_EXCEPTIONS_IMPORT = f"from fastjsonschema import {', '.join(_EXCEPTION_NAMES)}\n"


class _Invalid(ValueError):
    """Raised by the compiled validator for data the schema does not accept."""

    def __init__(self, message: str = "", **details: Any) -> None:
        super().__init__(message)
        self.details = details


def _cached_code(key: str) -> Any:
    stored = disk_cache.read("code", key)
    if stored is None:
        return None
    try:
        return marshal.loads(stored)
    except (ValueError, EOFError, TypeError):
        return None


def is_valid_fast(plain: Any) -> bool:
    """Tell quickly whether plain data satisfies the schema (no messages; see below)."""
    validator = _fast_validator()
    if validator is None:
        return not any(True for _ in _validator().iter_errors(plain))
    try:
        validator(plain)
    except Exception:  # any failure means "take the careful path"
        return False
    return True


def iter_schema_problems(doc: SourceDoc) -> Iterator[Problem]:
    """Validate the document against the schema and yield one problem per leaf error."""
    plain = to_plain(doc.data)
    errors = sorted(_validator().iter_errors(plain), key=lambda e: list(map(str, e.path)))
    leaves = list(_leaf_errors(errors))
    # An unknown key usually explains a "missing" one at the same place: report it once.
    unknown_at = {tuple(e.absolute_path) for e in leaves if e.validator == "additionalProperties"}
    for error in leaves:
        if error.validator == "required" and tuple(error.absolute_path) in unknown_at:
            continue
        yield _to_problem(doc, error)


def _leaf_errors(errors: list[ValidationError]) -> Iterator[ValidationError]:
    """Descend into if/then and anyOf groups so users see the precise cause."""
    for error in errors:
        if error.validator in ("anyOf", "oneOf") and error.context:
            yield from _leaf_errors([_best_context(error)])
        else:
            yield error


def _best_context(error: ValidationError) -> ValidationError:
    # The deepest sub-error is the branch the user most likely meant.
    return max(error.context or [error], key=lambda e: (len(e.absolute_path), -len(e.message)))


def _to_problem(doc: SourceDoc, error: ValidationError) -> Problem:
    path: YamlPath = tuple(error.absolute_path)
    validator = str(error.validator)
    handler = _HANDLERS.get(validator, _generic)
    code, message, at_key = handler(error, path)
    return doc.problem(code, message, _path_for(error, path), key=at_key)


def _path_for(error: ValidationError, path: YamlPath) -> YamlPath:
    if error.schema.get("pattern") == _YEAR_KEY and isinstance(error.instance, str):
        return (*path, error.instance)
    if error.validator == "additionalProperties":
        extra = _extra_keys(error)
        if extra:
            return (*path, extra[0])
    return path


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in instance if k not in allowed]


def _where(path: YamlPath) -> str:
    if not path:
        return "文件顶层"
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return f"“{out}”"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    text = str(value)
    return f"“{text[:40]}{'…' if len(text) > 40 else ''}”"


def _required(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    missing = [r for r in error.validator_value if r not in (error.instance or {})]
    title = _field_title(error.schema, missing[0]) if missing else ""
    return "PF101", f"{_where(path)}缺少必填字段“{', '.join(missing)}”{title}", True


def _field_title(schema: dict[str, Any], key: str) -> str:
    prop = schema.get("properties", {}).get(key, {})
    title = prop.get("title") if isinstance(prop, dict) else None
    return f"({title})" if title else ""


def _additional(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    extra = _extra_keys(error)
    allowed = sorted(error.schema.get("properties", {}))
    key = extra[0] if extra else "?"
    import difflib  # only plans with an unknown key need it

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f";是否应为“{close[0]}”?" if close else f";可用的字段:{'、'.join(allowed)}"
    instance = error.instance if isinstance(error.instance, dict) else {}
    if instance.get(key, "") is None and len(key) > 6:
        msg = f'文字“{key[:30]}…”以冒号结尾,YAML 把它读成了键;请给这段文字加上引号,如 "……原则:"'
        return "PF109", msg, True
    if "：" in key:
        return (
            "PF107",
            f"字段名“{key}”中含有全角冒号“：”,YAML 的键与值之间应使用半角冒号加空格",
            True,
        )
    return "PF102", f"{_where(path)}中有未知字段“{key}”{hint}", True


def _type(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    want = "或".join(_TYPE_NAMES.get(n, n) for n in names)
    instance = error.instance
    if isinstance(instance, str) and "：" in instance and "object" in names:
        msg = f"{_where(path)}的值{_shown(instance)}用了全角冒号“：”,被读成了一段文字;应为{want},请改用半角冒号加空格"
        return "PF107", msg, False
    return "PF103", f"{_where(path)}的值应为{want},实际为{_shown(instance)}", False


def _enum(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    options = "、".join(str(v) for v in error.validator_value)
    return "PF104", f"{_where(path)}的值{_shown(error.instance)}无效,应为以下之一:{options}", False


def _const(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    return (
        "PF104",
        f"{_where(path)}的值{_shown(error.instance)}无效,应为 {error.validator_value}",
        False,
    )


def _pattern(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    if error.schema.get("pattern") == _YEAR_KEY:
        return _property_names(error, path)
    title = error.schema.get("title", "")
    desc = error.schema.get("description", "")
    expect = f"应为{title}" + (f"({desc})" if desc else "")
    if (
        path
        and path[-1]
        and isinstance(error.instance, str)
        and error.schema.get("pattern") == "^\\S+$"
    ):
        expect = "不能含有空格"
    return "PF105", f"{_where(path)}的值{_shown(error.instance)}格式不对:{expect}", False


def _property_names(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    return "PF105", f"{_where(path)}中的键{_shown(error.instance)}应为四位年份,如 2023", True


_YEAR_KEY = "^(19|20|21)[0-9]{2}$"


def _range(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    low, high = error.schema.get("minimum"), error.schema.get("maximum")
    span = f"应在 {low} 至 {high} 之间" if low is not None and high is not None else "超出范围"
    return "PF106", f"{_where(path)}的值{_shown(error.instance)}不合理:{span}", False


def _min_length(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    if isinstance(error.instance, list):
        return "PF106", f"{_where(path)}不能为空列表", False
    return "PF106", f"{_where(path)}不能为空", False


def _generic(error: ValidationError, path: YamlPath) -> tuple[str, str, bool]:
    return "PF108", f"{_where(path)}不符合规划格式:{error.message}", False


_HANDLERS = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "propertyNames": _property_names,
    "minimum": _range,
    "maximum": _range,
    "minLength": _min_length,
    "minItems": _min_length,
}
