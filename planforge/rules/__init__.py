"""The rule registry: every check has a stable code, a severity and documented examples.

Rules are plain functions registered with :func:`rule`. Each receives a :class:`Context`
and yields problems; nothing is raised for problems in the user's plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from planforge.errors import Location, Problem, Severity
from planforge.model import Indicator, Plan
from planforge.records import record

T = TypeVar("T")

# Scopes decide which command runs a rule: "plan" rules run in validate and check,
# "parent" rules only in check (they compare a plan with its parent), "tree" rules only in
# decompose, which loads a plan together with its child plans (target decomposition).
PLAN = "plan"
PARENT = "parent"
TREE = "tree"


@dataclass
class Context:
    """What a rule may look at: the plan, its parent when loaded, and the run's options."""

    plan: Plan
    parent: Plan | None = None
    children: dict[str, Plan] | None = None
    strict: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    current: Rule | None = None

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Return a value computed once per plan and shared by every rule that needs it."""
        if key not in self.options:
            self.options[key] = compute()
        return cast("T", self.options[key])

    def problem(
        self,
        location: Location,
        message: str,
        *,
        indicator: Indicator | None = None,
        related: Location | None = None,
        hint: str = "",
        severity: Severity | None = None,
        code: str | None = None,
        **extra: Any,
    ) -> Problem:
        """Make a problem with the current rule's code and default severity."""
        assert self.current is not None
        return Problem(
            code=code or self.current.code,
            severity=severity or self.current.severity,
            message=message,
            location=location,
            hint=hint,
            related=related,
            indicator_id=indicator.id if indicator else "",
            indicator_name=indicator.name if indicator else "",
            extra=extra,
        )


RuleFunc = Callable[[Context], Iterable[Problem]]


@record
class Rule:
    """A registered check: its stable code, name, severity, scope and function.

    ``title``, ``note``, ``passes`` and ``fails`` are what ``planforge rules`` shows users
    (Chinese): a one-line summary, an optional explanation, and an example that passes
    and one that fails. The function's docstring is for developers.
    """

    code: str
    name: str
    severity: Severity
    scope: str
    func: RuleFunc
    title: str
    passes: str
    fails: str
    note: str = ""

    @property
    def summary(self) -> str:
        return self.title

    @property
    def doc(self) -> str:
        """The rule's documentation for users: explanation and examples."""
        lines = [self.note] if self.note else []
        return "\n".join([*lines, f"通过:{self.passes}", f"不通过:{self.fails}"])


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    *,
    title: str,
    passes: str,
    fails: str,
    note: str = "",
    severity: Severity = Severity.ERROR,
    scope: str = PLAN,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable code, with its documentation for users."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, name, severity, scope, func, title, passes, fails, note)
        return func

    return register


def run_rules(ctx: Context, scopes: tuple[str, ...] = (PLAN,)) -> Iterator[Problem]:
    """Run every registered rule of the given scopes, collecting all problems."""
    load_builtin_rules(scopes)
    for r in sorted(RULES.values(), key=lambda r: r.code):
        if r.scope not in scopes:
            continue
        if r.scope == PARENT and ctx.parent is None:
            continue
        if r.scope == TREE and ctx.children is None:
            continue
        ctx.current = r
        yield from r.func(ctx)
    ctx.current = None


# The scope of each built-in rule module's rules, so a run imports only the rules it can use
# (validate and build need neither the parent comparison nor decomposition machinery).
# tests/unit/test_rule_modules.py checks this table against the modules and their rules.
BUILTIN_MODULES: dict[str, str] = {
    "consistency": PLAN,
    "indicators": PLAN,
    "references": PLAN,
    "structure": PLAN,
    "parent": PARENT,
    "decomposition": TREE,
}


def load_builtin_rules(scopes: tuple[str, ...] | None = None) -> None:
    """Import the rule modules (those of ``scopes``, or all) so their decorators register them."""
    import importlib

    for name, scope in BUILTIN_MODULES.items():
        if scopes is None or scope in scopes:
            importlib.import_module(f"{__name__}.{name}")
