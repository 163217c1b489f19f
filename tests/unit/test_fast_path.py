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
