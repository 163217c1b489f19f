"""Find the default schema and templates, in a checkout or inside the installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``schema`` or ``templates``: the wheel's copy, else the checkout's."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def schema_path() -> Path:
    """Return the path of the plan JSON schema."""
    return data_dir("schema") / "plan.schema.json"
