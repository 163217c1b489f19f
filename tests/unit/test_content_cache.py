"""Content-keyed caches (plans, their positions, profiles) give what reading afresh gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.loader import Workspace
from planforge.render.environment import template_set
from planforge.render.profile import load_profile
from planforge.source import PositionTable
from planforge.validate import plan_problems

BANAN = Path(__file__).parents[2] / "plans" / "重庆市" / "巴南区.yaml"


def _placed(ws: Workspace) -> list[tuple[str, int, int, str]]:
    loaded = ws.load(BANAN)
    problems = plan_problems(ws, loaded)
    return [(p.code, p.location.line, p.location.column, p.message) for p in problems]


def test_cached_plan_places_problems_as_a_fresh_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
    fresh = _placed(Workspace())
    assert fresh  # the plan has warnings, so positions are needed
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", str(tmp_path))
    first = _placed(Workspace())  # parses, fills the plan cache and the position table
    ws = Workspace()
    second = _placed(ws)  # both from the cache
    assert fresh == first == second
    assert isinstance(ws.load(BANAN).doc.position_tree(), PositionTable)
    assert list((tmp_path / "positions").iterdir())


def test_cached_profile_is_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dirs = template_set().dirs
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
    fresh = load_profile(None, dirs, "chapter")
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", str(tmp_path))
    assert load_profile(None, dirs, "chapter") == fresh
    assert list((tmp_path / "profiles").iterdir())
    assert load_profile(None, dirs, "chapter") == fresh
