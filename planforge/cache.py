"""One on-disk cache for work that depends only on content: compiled schema, templates, plans.

Entries are keyed by content hashes, never by timestamps, so a stale entry cannot be
found. ``PLANFORGE_CACHE_DIR`` chooses the folder; set it empty to turn caching off.
A cache that cannot be written only costs time: every failure here is silent.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

CACHE_ENV = "PLANFORGE_CACHE_DIR"


def cache_dir(kind: str) -> Path | None:
    """Return the cache folder for ``kind`` (created), or None when caching is off."""
    root = os.environ.get(CACHE_ENV)
    if root == "":
        return None
    return _folder(kind, root, os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))


@functools.lru_cache(maxsize=64)
def _folder(kind: str, root: str | None, xdg: str | None, home: str | None) -> Path | None:
    # Made once per process and setting: a run reads dozens of entries.
    base = Path(root) if root else Path(xdg or Path.home() / ".cache") / "planforge"
    folder = base / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def read(kind: str, key: str) -> bytes | None:
    """Return the cached bytes for ``key``, or None."""
    folder = cache_dir(kind)
    if folder is None:
        return None
    try:
        with open(os.path.join(folder, key), "rb") as entry:
            return entry.read()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Store ``data`` under ``key`` atomically (readers never see half an entry)."""
    folder = cache_dir(kind)
    if folder is None:
        return
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:  # the folder went away since this process made it
            folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        os.replace(tmp, folder / key)
    except OSError:
        tmp.unlink(missing_ok=True)
