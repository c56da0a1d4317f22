"""Has any of these files changed? Names, sizes and modification times, as `make` asks.

Three caches ask it: the book build's "nothing changed, keep the site", the Sphinx extension's
"reload the course only if a course file changed", and the page-weight step's "icons.css still
fits the pages". Reading every file's bytes would cost more than the work the caches save.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

Stamp = tuple[tuple[str, int, int], ...]


def file_stamp(paths: Iterable[Path]) -> Stamp:
    """(path, mtime in ns, size) of each file that exists; a vanished file drops out."""
    found = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(found)


def stamp_digest(stamp: Stamp, *extra: str) -> str:
    """One short text for a stamp (and any other facts the result depends on), to store."""
    digest = hashlib.sha256()
    for entry in stamp:
        digest.update(repr(entry).encode("utf-8"))
    for fact in extra:
        digest.update(b"\0" + fact.encode("utf-8"))
    return digest.hexdigest()
