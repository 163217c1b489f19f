"""Progress for long runs: a bar on a terminal, a few plain lines otherwise (logs, CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Count finished items; draw a bar on a TTY, or print a line at every tenth."""

    def __init__(
        self, total: int, label: str, stream: TextIO | None = None, *, enabled: bool = True
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.done = 0
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        self._next_line = 0.1

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled or self.total < 20:
            return  # a handful of plans finishes before a bar would help
        if self.tty:
            self._draw()
        elif self.done / self.total >= self._next_line or self.done == self.total:
            self._line()

    def _rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.done / self.total)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {self.done}/{self.total}  {self._rate():.1f} 个/秒"
        )
        if self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()

    def _line(self) -> None:
        percent = int(100 * self.done / self.total)
        self.stream.write(
            f"{self.label}:{self.done}/{self.total}({percent}%),{self._rate():.1f} 个/秒\n"
        )
        self.stream.flush()
        while self._next_line <= self.done / self.total:
            self._next_line += 0.1
