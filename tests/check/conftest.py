"""Fixtures for the check tests (helpers live in check_helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_helpers import Plans


@pytest.fixture
def plans(tmp_path: Path) -> Plans:
    return Plans(tmp_path)
