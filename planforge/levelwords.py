"""Admin-level wording for a child plan: 乡镇(街道) → 镇(街道) for a district without 乡, …

The table is data (``planforge/data/level_words.yaml``, documented there in Chinese); a user's
file given with ``--words`` replaces the keys it names. A key is a level (``district``) or a
level and a region-name suffix (``district/区``); the longest matching suffix wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from planforge.errors import PlanforgeError
from planforge.source import make_yaml, to_plain

DEFAULT_TABLE = Path(__file__).resolve().parent / "data" / "level_words.yaml"

_OPEN, _CLOSE = "(\uff08", ")\uff09"  # half- and full-width brackets
_FULL = str.maketrans("()", "\uff08\uff09")
_HALF = str.maketrans("\uff08\uff09", "()")


@dataclass
class LevelWords:
    """An ordered list of replacements, and how often each one was used."""

    key: str = ""
    pairs: tuple[tuple[str, str], ...] = ()
    used: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._patterns = [(re.compile(_pattern(old)), old, new) for old, new in self.pairs]

    def apply(self, text: str) -> str:
        """Return ``text`` with every replacement made, in table order."""
        for pattern, old, new in self._patterns:
            text, count = pattern.subn(_replacer(new), text)
            if count:
                self.used[f"{old}→{new}"] += count
        return text

    def summary(self) -> str:
        """Return the replacements made, for the command's report (Chinese)."""
        return "、".join(f"{pair} {n} 处" for pair, n in self.used.items())


def _replacer(new: str) -> Callable[[re.Match[str]], str]:
    """Return a substitution function writing ``new`` with the matched bracket width."""
    return lambda match: _same_brackets(match.group(0), new)


def _pattern(word: str) -> str:
    """Build a regex matching ``word`` with half- or full-width brackets."""
    out = []
    for ch in word:
        if ch in _OPEN:
            out.append("[(\uff08]")
        elif ch in _CLOSE:
            out.append("[)\uff09]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _same_brackets(found: str, new: str) -> str:
    """Write ``new`` with the bracket width ``found`` used."""
    full = "\uff08" in found or "\uff09" in found
    return new.translate(_FULL if full else _HALF)


def read_table(path: Path) -> dict[str, tuple[tuple[str, str], ...]]:
    """Read a word table file: ``{key: {old: new, …}}``; bad files cannot be used."""
    try:
        data = to_plain(make_yaml().load(path.read_text(encoding="utf-8-sig")))
    except OSError as exc:
        raise PlanforgeError(f"无法读取用语替换表“{path}”:{exc.strerror}") from exc
    except (YAMLError, UnicodeDecodeError) as exc:
        raise PlanforgeError(f"用语替换表“{path}”不是有效的 YAML:{exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PlanforgeError(f"用语替换表“{path}”的顶层应为“层级: {{原词: 新词}}”形式的映射")
    return {str(key): _pairs(path, str(key), value) for key, value in data.items()}


def _pairs(path: Path, key: str, value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
        isinstance(v, (str, int)) and str(k) for k, v in value.items()
    ):
        raise PlanforgeError(f"用语替换表“{path}”中“{key}”的值应为“原词: 新词”形式的映射")
    return tuple((str(k), str(v)) for k, v in value.items())


def choose_key(table: dict[str, Any], level: str, region: str) -> str:
    """Return the key for a level and region: the longest ``level/suffix``, else ``level``."""
    prefix = f"{level}/"
    suffixes = [k[len(prefix) :] for k in table if k.startswith(prefix)]
    matching = sorted((s for s in suffixes if s and region.endswith(s)), key=len, reverse=True)
    if matching:
        return prefix + matching[0]
    return level if level in table else ""


def load_level_words(level: str, region: str, override: Path | None = None) -> LevelWords:
    """Return the replacements for a child plan at ``level`` named ``region``."""
    table = read_table(DEFAULT_TABLE)
    if override is not None:
        table.update(read_table(override))
    key = choose_key(table, level, region)
    return LevelWords(key, table.get(key, ()))
