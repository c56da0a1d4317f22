"""One submission in `swcourse grade` phase 1, before and after it runs: where submissions are,
nbgrader's sanitizing, which bank entry each grade cell grades, and the scores.

Kept apart from the worker pool (autograde.py) and the sandbox run (executor.py) because this is
where `swcourse grade` must agree with nbgrader cell by cell: the grade cells are read from their
restored source (never run), and their outputs are rebuilt here, outside any kernel, with the
words the hidden test shows under nbgrader (cells.py, words.py, swcourse.variants).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
from pathlib import Path
from typing import Any, NamedTuple

import nbformat
from nbformat import NotebookNode

from ..core.answers import SavedAnswers
from ..core.scoring import score
from ..core.variants import drawn_literal
from ..sandbox.runner import MARKER
from .cells import _ITEM, answer_notes
from .fastpath import AST_LOCK
from .words import drawn_markdown, feedback_markdown


class Graded(NamedTuple):
    """What a generated grade cell grades: the bank entry, the answer number, how the answer is
    read ("saved": `_saved_answer(...)`; "global": `globals().get(...)`), and whether the entry
    was drawn for this student from a pool (core/variants.py)."""

    item: dict[str, Any]
    number: int
    style: str
    drawn: bool = False


def submissions(course: Path, assignment: str) -> list[tuple[str, Path]]:
    """(student, notebook path) for every collected submission of the assignment."""
    found = []
    submitted = course / "submitted"
    for student in sorted(os.listdir(submitted)) if submitted.is_dir() else []:
        folder = submitted / student / assignment
        if folder.is_symlink() or (submitted / student).is_symlink():
            found.append((student, folder / f"{assignment}.ipynb"))  # refused when graded
        elif folder.is_dir():
            names = sorted(n for n in os.listdir(folder) if n.endswith(".ipynb"))
            found += [(student, folder / name) for name in names]
    return found


def sanitize(
    nb: NotebookNode,
    db_url: str,
    assignment: str,
    notebook: str,
    student: str,
    gradebook: Any = None,
) -> NotebookNode:
    """nbgrader's own sanitizing steps, in its order (see Autograde.sanitize_preprocessors);
    with `gradebook`, OverwriteCells reads that open gradebook instead of opening its own."""
    from nbgrader.preprocessors import (
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    from .shared import CheckCellMetadataOnce as CheckCellMetadata
    from .shared import SharedOverwriteCells

    resources: dict[str, Any] = {
        "nbgrader": {
            "db_url": db_url,
            "assignment": assignment,
            "notebook": notebook,
            "student": student,
        }
    }
    overwrite = OverwriteCells()
    if gradebook is not None:
        overwrite = SharedOverwriteCells()
        overwrite.shared = gradebook
    for step in (ClearOutput(), DeduplicateIds(), OverwriteKernelspec(), overwrite):
        nb, resources = step.preprocess(nb, resources)
    nb, resources = CheckCellMetadata().preprocess(nb, resources)
    return nb


def _hidden_item(source: str, student: str = "") -> Graded | None:
    """What a generated hidden test grades, read from its restored source. A drawn question's
    `_drawn_item(stem, N, slot)` gives this student's entry (core/variants)."""
    try:
        with AST_LOCK:
            tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_grade_answer":
            try:
                with AST_LOCK:
                    drawn = drawn_literal(node.args[0], student)
                    item = drawn or ast.literal_eval(node.args[0])
                reader = node.args[1]
                if not isinstance(reader, ast.Call) or not isinstance(reader.args[0], ast.Constant):
                    return None
                name = reader.args[0].value  # globals().get('answer_N') / _saved_answer(...)
                style = "saved" if getattr(reader.func, "id", "") == "_saved_answer" else "global"
                return Graded(item, int(str(name).removeprefix("answer_")), style, bool(drawn))
            except (ValueError, IndexError, AttributeError, TypeError):
                return None
    return None


def answer_value(raw: str | None) -> Any:
    """A reported answer as plain data; anything that is not a plain literal counts as None."""
    if not raw:
        return None
    try:
        with AST_LOCK:
            value = ast.literal_eval(raw)
        return json.loads(json.dumps(value))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def graded_items(nb: NotebookNode, student: str = "") -> dict[int, Graded]:
    """Cell index -> what it grades, for each generated grade cell of a notebook."""
    found = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            hidden = _hidden_item(cell.source, student)
            if hidden is not None:
                found[index] = hidden
    return found


def for_execution(nb: NotebookNode, graded: dict[int, Graded]) -> NotebookNode:
    """A copy whose grade cells only report their answer: keys never enter the sandbox, and
    nothing the kernel prints there can pass for a score."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, what in graded.items():
        name = f"answer_{what.number}"
        copy.cells[index].source = f"print({MARKER!r} + repr(globals().get({name!r})))"
    return copy


def reported_answer(cell: NotebookNode) -> Any:
    text = "".join(
        o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
    )
    return answer_value(text.rsplit(MARKER, 1)[1].strip()) if MARKER in text else None


def _markdown(text: str) -> NotebookNode:
    """The output IPython's `display(Markdown(text))` gives (what cells.show_markdown shows)."""
    return nbformat.v4.new_output(
        "display_data",
        data={"text/markdown": text, "text/plain": "<IPython.core.display.Markdown object>"},
    )


def score_grade_cells(
    executed: NotebookNode,
    graded: dict[int, Graded],
    reported: dict[int, Any],
    answers: SavedAnswers | None,
) -> None:
    """Replace each grade cell's outputs with what its hidden test shows under nbgrader, in its
    order, computed here outside any kernel: which item was drawn for the student (as
    `variants.drawn_item` shows it), the notes on the answers file (`cells.saved_answer`), the
    answer in words and the score (`cells.grade_answer`).

    New-style cells grade only the saved answer (as `cells.saved_answer` does under nbgrader):
    an `answer_N` variable a student defines in a cell of their own earns nothing there either.
    """
    for index, (item, number, style, drawn) in graded.items():
        cell = executed.cells[index]
        saved = style == "saved" and answers is not None
        value = answers.get(number) if saved and answers is not None else reported.get(index)
        outputs = []
        if drawn:
            with contextlib.suppress(Exception):  # as under nbgrader: the grade must still run
                outputs.append(_markdown(drawn_markdown(number, item)))
        notes = answer_notes(answers, number) if saved and answers is not None else []
        if notes:  # what `cells.saved_answer` prints under nbgrader, word for word
            outputs.append(
                nbformat.v4.new_output(
                    "stream", name="stdout", text="".join(f"{n}\n" for n in notes)
                )
            )
        try:
            model = _ITEM.validate_python(item)
            points = float(score(model, value) or 0.0)
        except Exception:
            model, points = None, 0.0
        if model is not None:
            with contextlib.suppress(Exception):
                note = feedback_markdown(number if style == "saved" else None, model, value, points)
                outputs.append(_markdown(note))
        outputs.append(
            nbformat.v4.new_output(
                "execute_result",
                data={"text/plain": repr(points)},
                execution_count=cell.get("execution_count"),
            )
        )
        cell.outputs = outputs
