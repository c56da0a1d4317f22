"""Drawn questions in assignment notebooks: the answer box and the grade cell of a pool's slot.

The released notebook holds every candidate of a pool (display data only in the box cell; the
keys only in the hidden tests). Both cells pick this student's item with `core.variants.pick`,
seeded by the nbgrader student id, so the box shows and the grade cell marks the same item and
the slot is worth the same points for everyone. The student id is the submission folder's under
nbgrader's autograde (`submitted/<student id>/<assignment>`, its default layout), else
SWCOURSE_STUDENT if set, else the JupyterHub user name the answer boxes already use.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from .core.variants import pick
from .grading.cells import show_markdown
from .grading.words import drawn_markdown

GRADING_STEPS = ("submitted", "autograded")


def grading_student(assignment: str, folder: Path | str | None = None) -> str:
    """Whose draw this is, in the kernel's working folder (see the module docstring)."""
    here = Path(folder if folder is not None else os.getcwd())
    if here.name == assignment and here.parent.parent.name in GRADING_STEPS:
        return here.parent.name
    if os.environ.get("SWCOURSE_STUDENT"):
        return os.environ["SWCOURSE_STUDENT"]
    from .assignment import student_id

    return student_id()


def drawn_box(notebook: str, number: int, slot: dict[str, Any]) -> Any:
    """The prompt and answer box of question `number`: this student's item of the pool."""
    from .assignment import answer_box

    question = pick(slot, grading_student(notebook), notebook)
    show_markdown(str(question.pop("prompt", "")))
    return answer_box(notebook, number, question)


def drawn_item(notebook: str, number: int, slot: dict[str, Any]) -> dict[str, Any]:
    """The bank entry the hidden test grades for this student; its prompt is shown first, so
    formgrader and the feedback say which question of the pool was asked."""
    item = pick(slot, grading_student(notebook), notebook)
    with contextlib.suppress(Exception):  # the words are a courtesy; the grade must still run
        show_markdown(drawn_markdown(number, item))
    return item
