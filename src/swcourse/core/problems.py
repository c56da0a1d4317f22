"""Problems found in course content, reported as `file:line: message` like a compiler."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an author must fix, located precisely enough to jump to it."""

    path: Path
    line: int
    message: str

    def format(self, root: Path | None = None) -> str:
        """Render as `path:line: message`, relative to `root` when given."""
        shown = self.path
        if root is not None:
            with contextlib.suppress(ValueError):  # outside root: keep the path as given
                shown = self.path.resolve().relative_to(root.resolve())
        return f"{shown}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
