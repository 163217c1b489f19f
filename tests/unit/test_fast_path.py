"""The fast reading path (libyaml + compiled schema) agrees with the careful one."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.fastyaml import FastYamlError, load_fast
from planforge.schema import _validator, is_valid_fast
from planforge.source import make_yaml, to_plain

CASES = Path(__file__).parent.parent / "cases"
ALL = sorted(CASES.rglob("*.yaml"))


def _careful(text: str) -> object:
    return to_plain(make_yaml().load(text))


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.name}" for p in ALL])
def test_fast_reader_gives_same_data_or_declines(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: rejected before parsing")
    try:
        fast = load_fast(text)
    except FastYamlError:
        return  # declining is always safe: the careful path runs
    try:
        careful = _careful(text)
    except Exception:
        pytest.fail("fast reader accepted text the careful reader rejects")
    assert to_plain(fast) == careful


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.name}" for p in ALL])
def test_compiled_schema_agrees_with_jsonschema(path: Path) -> None:
    try:
        data = _careful(path.read_bytes().decode("utf-8-sig"))
    except Exception:
        pytest.skip("not parseable")
    expected = not any(True for _ in _validator().iter_errors(data))
    assert is_valid_fast(data) == expected


BLOCK_VARIANTS = [
    "一段文字",
    {"lead": "引导句。", "text": "正文"},
    {"text": "正文", "todo": True},
    {},
    {"todo": True},
    {"lead": "引导句。", "box": "标题"},
    {"box": "标题", "items": ["一项"]},
    {"box": ""},
    {"list": ["一项"], "bullet": "——"},
    {"list": []},
    {"insert": "goals"},
    {"insert": "goals", "text": "多余"},
    {"table": "表题", "header": ["甲"], "rows": [["1"]]},
    {"table": "表题"},
    {"note": "注释"},
    {"note": "注释", "lead": "多余"},
    {"other": "未知键"},
    3,
]


@pytest.mark.parametrize("block", BLOCK_VARIANTS, ids=[repr(b) for b in BLOCK_VARIANTS])
def test_block_dispatch_shortcut_keeps_the_schema(block: object) -> None:
    # The compiled schema tells block kinds apart with a shortcut (see _cheap_dispatch);
    # it must accept and reject exactly the blocks the schema itself does.
    plan = {
        "format": 1,
        "meta": {
            "title": "规划",
            "region": "某区",
            "level": "district",
            "period": {"start": 2021, "end": 2025},
        },
        "chapters": [{"title": "第一章", "sections": [{"title": "第一节", "blocks": [block]}]}],
    }
    assert is_valid_fast({**plan, "chapters": [{"title": "第一章"}]})
    expected = not any(True for _ in _validator().iter_errors(plan))
    assert is_valid_fast(plan) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",
        "a: 1:20\n",
        "a: 2022-03-01\n",
        "a: 0o17\n",
        "a: .5\n",
        "a: ~\n",
        "a: '010'\n",
        "a: [1, 2]\n",
    ],
)
def test_scalar_resolution_matches_ruamel(text: str) -> None:
    assert to_plain(load_fast(text)) == _careful(text)


def test_duplicate_keys_and_tabs_are_declined() -> None:
    with pytest.raises(FastYamlError):
        load_fast("a: 1\na: 2\n")
    with pytest.raises(FastYamlError):
        load_fast("a:\n\tb: 1\n")


PLANS = sorted((Path(__file__).parents[2] / "plans").rglob("*.yaml"))


@pytest.mark.parametrize("path", [*PLANS, *ALL[:20]], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_position_table_places_like_the_node_tree(path: Path) -> None:
    from planforge.fastyaml import compose_fast
    from planforge.source import PositionTable, locate_in_nodes

    try:
        nodes = compose_fast(path.read_bytes().decode("utf-8-sig"))
    except (FastYamlError, UnicodeDecodeError):
        pytest.skip("not read by libyaml")
    if nodes is None:
        pytest.skip("empty")
    table = PositionTable.from_nodes(nodes)
    paths: list[tuple[str | int, ...]] = [()]
    for known in table.entries:
        paths.append(known)
        paths.append((*known, "missing"))
        paths.append((*known, 0))
        paths.append((*known[:-1], str(known[-1])))  # an index written as text
        if isinstance(known[-1], str) and known[-1].isdigit():
            paths.append((*known[:-1], int(known[-1])))  # a year key written as a number
    for probe in paths:
        for key in (False, True):
            assert table.locate(probe, key=key) == locate_in_nodes(nodes, probe, key=key), probe
