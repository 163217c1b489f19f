"""Locations, problems and the one exception type for "cannot continue"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from enum import StrEnum
from typing import Any

from planforge.records import record


class Severity(StrEnum):
    """How serious a problem is; errors fail a run, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# A YAML path: mapping keys and sequence indexes from the document root.
YamlPath = tuple[str | int, ...]


Resolver = Callable[[YamlPath], tuple[int, int]]


class Location:
    """A place in a file: 1-based line and column, plus the YAML path when known.

    Line and column may be resolved lazily: plans loaded on the fast path carry only the
    YAML path, and the position is looked up (one round-trip parse) when someone asks.
    """

    __slots__ = ("_column", "_line", "_resolver", "file", "path")

    def __init__(
        self,
        file: str,
        line: int = 0,
        column: int = 0,
        path: YamlPath = (),
        resolver: Resolver | None = None,
    ) -> None:
        self.file = file
        self.path = tuple(path)
        self._line = line
        self._column = column
        self._resolver = resolver if not line else None

    def _resolve(self) -> None:
        if self._resolver is not None:
            self._line, self._column = self._resolver(self.path)
            self._resolver = None

    @property
    def line(self) -> int:
        self._resolve()
        return self._line

    @property
    def column(self) -> int:
        self._resolve()
        return self._column

    def _key(self) -> tuple[str, int, int, YamlPath]:
        return (self.file, self.line, self.column, self.path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Location) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int, YamlPath]]:
        # Resolve before pickling: the resolver holds the parsed file, which stays behind.
        return (Location, (self.file, self.line, self.column, self.path))

    def __repr__(self) -> str:
        return f"Location({self.file!r}, {self.line}, {self.column}, {self.path!r})"

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


@record
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
