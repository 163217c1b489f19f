"""Importer findings as planforge Problems, with the codes documented in one table."""

from __future__ import annotations

from dataclasses import dataclass, field

from planforge.errors import Location, Problem, Severity

# Stable codes of the importer (IMP…); messages are Chinese, codes ASCII.
CODES: dict[str, str] = {
    "IMP001": "source file decoded with a fallback encoding",
    "IMP010": "mojibake run detected and left as is",
    "IMP011": "著 kept after t2s conversion where simplified text may need 着",
    "IMP012": "traditional characters converted to simplified",
    "IMP101": "TOC entry and body heading disagree on the title",
    "IMP102": "heading listed in the TOC is missing from the body and was restored",
    "IMP103": "body heading is missing from the TOC",
    "IMP104": "TOC page numbers run backwards",
    "IMP105": "TOC or body numbering has a gap or repeat",
    "IMP201": "indicator table row has the wrong number of cells",
    "IMP202": "indicator has no unit",
    "IMP203": "indicator unit was inferred",
    "IMP204": "indicator attribute is neither 约束性 nor 预期性",
    "IMP205": "table header column not recognised",
    "IMP206": "no indicator table found",
    "IMP301": "source looks truncated",
    "IMP302": "no headings found in the body",
    "IMP303": "source line could not be placed in the plan",
    "IMP304": "box numbering has a gap or repeat",
    "IMP305": "notice title fragment repeated in the source",
    "IMP306": "box title without any items after it",
}


@dataclass
class Findings:
    """Collects importer problems for one source file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        line: int = 0,
        column: int = 0,
        hint: str = "",
        **extra: object,
    ) -> None:
        """Record one finding at ``line:column`` of the source (1-based)."""
        loc = Location(self.file, line, column)
        self.problems.append(Problem(code, severity, message, loc, hint=hint, extra=dict(extra)))

    def warn(self, code: str, message: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        self.add(code, Severity.WARNING, message, line, column, hint)

    def info(self, code: str, message: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        self.add(code, Severity.INFO, message, line, column, hint)
