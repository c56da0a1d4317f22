"""A private bank: assessment items kept in a folder outside the repository.

Every answer key in a public repository can be read by students, so an instructor may keep the
graded items (or whole bank files) elsewhere and name the folder in `SWCOURSE_PRIVATE_BANK` or
in `private_bank:` of quizzes/assignments.yaml (the variable wins). `swcourse check` and
`swcourse assignments generate` then read its `*.yaml` files beside quizzes/bank with the same
schema, id and coverage rules. Practice items stay public: the book shows them to everyone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .course import CourseLayout
from .problems import Problem

if TYPE_CHECKING:
    from .assignments import AssignmentsFile
    from .yamlio import Loaded

ENV = "SWCOURSE_PRIVATE_BANK"


@dataclass(frozen=True)
class PrivateBank:
    """The folder named, and where it was named (for messages that say what to change)."""

    folder: Path
    named_in: Path
    line: int
    how: str

    def problem(self, message: str) -> Problem:
        return Problem(self.named_in, self.line, f"{self.how} names {self.folder}: {message}")


def named_private_bank(
    layout: CourseLayout, specs: Loaded[AssignmentsFile] | None
) -> PrivateBank | None:
    """The private bank the environment or quizzes/assignments.yaml (`specs`, as loaded) names."""
    value = os.environ.get(ENV, "").strip()
    if value:
        folder = Path(value).expanduser()
        folder = folder if folder.is_absolute() else Path.cwd() / folder
        return PrivateBank(folder, Path(f"${ENV}"), 1, f"the environment variable {ENV}")
    if specs is None or not specs.model.private_bank:
        return None
    folder = Path(specs.model.private_bank).expanduser()
    folder = folder if folder.is_absolute() else layout.root / folder
    return PrivateBank(folder, specs.path, specs.line("private_bank"), "private_bank")


def private_bank_files(
    layout: CourseLayout, specs: Loaded[AssignmentsFile] | None
) -> tuple[list[Path], list[Problem]]:
    """The private bank's files, or the problem with the folder named."""
    bank = named_private_bank(layout, specs)
    if bank is None:
        return [], []
    folder = bank.folder.resolve()
    if not folder.is_dir():
        return [], [bank.problem("no such folder; create it or correct the path")]
    if folder.is_relative_to(layout.root.resolve()):
        return [], [
            bank.problem(
                "the folder is inside the course repository, where its answer "
                "keys could be committed and published; move it outside"
            )
        ]
    files = sorted(folder.glob("*.yaml"))
    if not files:
        return [], [bank.problem("the folder holds no .yaml bank files")]
    return files, []
