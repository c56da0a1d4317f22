"""Citation keys of a BibTeX file, with their lines: enough to check every citation resolves."""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

ENTRY = re.compile(r"^\s*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
NOT_ENTRIES = {"comment", "string", "preamble"}


def bib_keys(path: Path) -> tuple[dict[str, int], list[Problem]]:
    """Map each key to its line; report duplicate keys (pybtex would reject the whole file)."""
    text = path.read_text(encoding="utf-8")
    keys: dict[str, int] = {}
    problems: list[Problem] = []
    for match in ENTRY.finditer(text):
        if match.group(1).lower() in NOT_ENTRIES:
            continue
        key = match.group(2)
        line = text.count("\n", 0, match.start(2)) + 1
        if key in keys:
            problems.append(
                Problem(
                    path, line, f"duplicate BibTeX key {key!r} (first defined on line {keys[key]})"
                )
            )
            continue
        keys[key] = line
    return keys, problems
