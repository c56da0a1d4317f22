"""nbgrader preprocessors that put a student's saved reflections where graders read them.

Students write reflections in an answer box, so the text lives in the saved-answers file, not
in the notebook's hand-graded cell. `SavedReflections` (autograde, before SaveAutoGrades) copies
the saved text into that cell, so formgrader's manual grading and the feedback page show it and
nbgrader marks the cell for a hand grade; an empty reflection stays unchanged and scores zero,
as nbgrader does for an untouched answer cell. Old submissions (no answers file) are left alone.
`ReleaseReflections` (generate_assignment, last) drops the released copy's checksum of that
cell: nbgrader's Validate would otherwise report a reflection written in the box as missing.
The gradebook keeps the checksum, and autograde restores it from there.
"""

from __future__ import annotations

import os
import re
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from ..core.answers import answers_path, read_answers
from .notebooks import REFLECTION_CELL

ANSWER_ID = re.compile(r"^q(\d+)-.+-answer$")


def _reflection_number(cell: NotebookNode) -> int | None:
    meta = cell.metadata.get("nbgrader", {})
    match = ANSWER_ID.match(str(meta.get("grade_id", "")))
    if cell.cell_type == "markdown" and meta.get("solution") and meta.get("grade") and match:
        return int(match.group(1))
    return None


def reflection_source(saved: str, typed: str) -> str:
    """The cell as graders read it: the saved text, and anything also typed into the cell."""
    words = len(saved.split())
    text = f"**Written in the answer box ({words} word{'s' if words != 1 else ''}):**\n\n{saved}"
    typed = typed.replace(REFLECTION_CELL, "").strip()
    if typed:
        text += f"\n\n**Also written in this cell:**\n\n{typed}"
    return text


class SavedReflections(NbGraderPreprocessor):
    """Copy each saved reflection into its hand-graded cell (see the module docstring)."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        folder = resources.get("metadata", {}).get("path") or os.getcwd()
        notebook = resources.get("nbgrader", {}).get("notebook") or resources.get("unique_key", "")
        path = answers_path(folder, notebook)
        if not path.exists():
            return nb, resources
        saved = read_answers(path)
        for problem in saved.problems:
            self.log.warning("%s", problem)
        for cell in nb.cells:
            number = _reflection_number(cell)
            value = saved.get(number) if number is not None else None
            if isinstance(value, str) and value.strip():
                cell.source = reflection_source(value, cell.source)
        return nb, resources


class ReleaseReflections(NbGraderPreprocessor):
    """Drop the released checksum of each reflection cell (see the module docstring)."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        for cell in nb.cells:
            if _reflection_number(cell) is not None:
                cell.metadata["nbgrader"].pop("checksum", None)
        return nb, resources


def _generated_code(cell: NotebookNode) -> str | None:
    """'box', 'grade' or 'progress' for the code cells the generator writes; else None."""
    grade_id = str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
    if cell.cell_type != "code":
        return None
    if grade_id == "progress":
        return "progress"
    return next(
        (kind for kind in ("box", "grade") if re.match(rf"^q\d+-.+-{kind}$", grade_id)), None
    )


class QuietAnswerBoxes(NbGraderPreprocessor):
    """After autograde runs a notebook, drop what its answer boxes printed there (a widget's
    Python description, meaningless without a browser): the grade cells say it in words."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        for cell in nb.cells:
            if _generated_code(cell) in ("box", "progress"):
                cell.outputs = []
        return nb, resources


class FeedbackInWords(QuietAnswerBoxes):
    """The feedback page shows no Python: the generated code cells keep only their outputs
    (nbconvert skips a cell's source when `transient.remove_source` is set)."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        nb, resources = super().preprocess(nb, resources)
        for cell in nb.cells:
            if _generated_code(cell) is not None:
                cell.metadata.setdefault("transient", {})["remove_source"] = True
        return nb, resources
