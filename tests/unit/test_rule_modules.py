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


def test_every_rule_is_documented_for_users_in_chinese() -> None:
    # `planforge rules -v` is the users' catalogue: a Chinese title and two examples each.
    rules.load_builtin_rules()
    for code, rule in rules.RULES.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.title), code
        assert rule.passes and rule.fails, code  # examples may be plain YAML
        assert rule.summary == rule.title
        assert rule.doc.splitlines()[-2:] == [f"通过:{rule.passes}", f"不通过:{rule.fails}"]
        assert rule.func.__doc__, f"{code} needs a docstring for developers"
