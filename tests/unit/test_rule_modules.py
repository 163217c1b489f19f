"""The table of rule modules by scope must match the modules and the rules they register."""

from __future__ import annotations

import importlib
import pkgutil

import planforge.rules as rules


def test_every_rule_module_is_listed() -> None:
    found = {info.name for info in pkgutil.iter_modules(rules.__path__)}
    assert found == set(rules.BUILTIN_MODULES)


def test_each_module_registers_rules_of_its_listed_scope_only() -> None:
    rules.load_builtin_rules()
    for name, scope in rules.BUILTIN_MODULES.items():
        module = importlib.import_module(f"planforge.rules.{name}")
        registered = [r for r in rules.RULES.values() if r.func.__module__ == module.__name__]
        assert registered, name
        assert {r.scope for r in registered} == {scope}, name
