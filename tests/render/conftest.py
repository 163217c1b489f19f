"""Fixtures for the rendering tests: the two example plans, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.loader import load_plan
from planforge.model import Plan

HIERARCHY = Path(__file__).resolve().parents[1] / "cases" / "valid" / "hierarchy"


def _load(name: str) -> Plan:
    loaded = load_plan(HIERARCHY / name)
    assert loaded.plan is not None, loaded.problems
    return loaded.plan


@pytest.fixture(scope="session")
def city() -> Plan:
    return _load("city.yaml")


@pytest.fixture(scope="session")
def district() -> Plan:
    return _load("district.yaml")


@pytest.fixture(autouse=True)
def _no_template_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests must not read or write the user's cache of compiled templates.
    monkeypatch.setenv("PLANFORGE_CACHE_DIR", "")
