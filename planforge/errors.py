"""Locations, problems and the one exception type for "cannot continue"."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a problem is; errors fail a run, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# A YAML path: mapping keys and sequence indexes from the document root.
YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column, plus the YAML path when known."""

    file: str
    line: int = 0
    column: int = 0
    path: YamlPath = ()

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def dotted_path(self) -> str:
        """Return the YAML path as ``chapters[0].sections[1].title``."""
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + str(part)
        return out


@dataclass(frozen=True)
class Problem:
    """One finding in a user's plan, with where it is and a stable code."""

    code: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    related: Location | None = None
    indicator_id: str = ""
    indicator_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.column, self.code)


class PlanforgeError(Exception):
    """planforge cannot continue (unreadable file, broken template, missing tool).

    The message is shown to the user as is, so it is written in Chinese.
    """

    def __init__(self, message: str, *, location: Location | None = None, code: str = "PF000"):
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        return f"{prefix}{self.message}"
