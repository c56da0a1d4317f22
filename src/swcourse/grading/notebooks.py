"""Build nbgrader *source* notebooks from assignment specs and the question bank.

The notebook is assembled by an ordered list of steps, each `(nb, resources) -> (nb, resources)`,
in the manner of nbgrader's own preprocessors. Output is deterministic (cell ids derive from
grade ids) so a test can tell when a committed notebook is stale against the bank.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pprint import pformat
from typing import Any

import nbformat
from nbformat import NotebookNode

from ..core.assignments import AssignmentSpec
from ..core.bank_schema import Reflection
from ..core.models import objective_key

Resources = dict[str, Any]
Step = Callable[[NotebookNode, Resources], tuple[NotebookNode, Resources]]


def _cell_id(grade_id: str) -> str:
    return re.sub(r"[^a-zA-Z0-9-]", "-", grade_id)[:64]


def _meta(
    grade_id: str,
    *,
    solution: bool = False,
    grade: bool = False,
    locked: bool = False,
    points: float | None = None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(grade_id: str, text: str, **flags: Any) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text, metadata=_meta(grade_id, **flags))
    cell.id = _cell_id(grade_id)
    return cell


def code(grade_id: str, text: str, **flags: Any) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(text, metadata=_meta(grade_id, **flags))
    cell.id = _cell_id(grade_id)
    return cell


def hidden_code(grade_id: str, text: str, **flags: Any) -> NotebookNode:
    """A code cell whose source JupyterLab shows collapsed: students see its widget, not code."""
    cell = code(grade_id, text, **flags)
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def question_text(number: int, item: Any) -> str:
    """The question as students read it: type, points, objectives and prompt (the options are
    in the answer box under it, in this student's own order)."""
    points = f"{item.points:g} point{'s' if item.points != 1 else ''}"
    return (
        f"### Question {number} · {item.heading} · {points}\n\n"
        f"*Objective{'s' if len(item.objectives) > 1 else ''}: {', '.join(item.objectives)}*"
        f"\n\n{item.prompt}"
    )


def _pairs(pairs: list[Any]) -> list[dict[str, str]]:
    return [{"id": p.id, "text": p.text} for p in pairs]


def display_data(item: Any) -> dict[str, Any]:
    """What the answer box shows: ids and texts only, never a key or an explanation (the
    student's notebook holds this). Each item type decides its own (`box_data`)."""
    return dict(item.box_data())


def box_call(stem: str, number: int, item: Any) -> str:
    data = pformat(display_data(item), width=100, sort_dicts=True)
    return (
        "# Shows the answer box for this question. Your answer is saved as you give it.\n"
        f"from swcourse.assignment import answer_box\nanswer_box({stem!r}, {number}, {data})"
    )


def grade_cell_source(
    stem: str, number: int, graded: str, also: list[int], imports: tuple[str, ...] = ()
) -> str:
    """A grade cell: a visible check that only speaks under nbgrader's Validate (naming what
    is unanswered), then the hidden test that grades the saved answer against `graded`, the
    Python expression of the bank entry (`imports` are the hidden lines it needs). Both kinds
    of question use it, so the graders read one form (autograde.py parses it)."""
    return (
        "# Marked from your saved answer when your work is collected.\n"
        "from swcourse.grading.cells import require_answers as _require_answers\n"
        f"_require_answers({stem!r}, {[number, *also]!r})\n"
        "### BEGIN HIDDEN TESTS\n"
        "from swcourse.grading.cells import grade_answer as _grade_answer\n"
        "from swcourse.grading.cells import saved_answer as _saved_answer\n"
        + "".join(f"{line}\n" for line in imports)
        + f"_grade_answer({graded}, _saved_answer('answer_{number}', {stem!r}))\n"
        "### END HIDDEN TESTS"
    )


def grade_source(stem: str, number: int, item: Any, also: list[int]) -> str:
    """The grade cell of one bank item: its whole entry is the literal the hidden test grades."""
    hidden = pformat(item.model_dump(mode="python"), width=100, sort_dicts=True)
    return grade_cell_source(stem, number, hidden, also)


REFLECTION_CELL = (
    "*Your reflection is what you write in the box above; it is saved as you "
    "type. It is copied into this cell when your work is marked, so there is "
    "nothing to write here.*"
)


def item_cells(
    stem: str, number: int, item: Any, also: list[int] | None = None
) -> list[NotebookNode]:
    """Question, answer box and grading cells for one bank item."""
    base = f"q{number}-{item.id}"
    cells = [
        markdown(f"{base}-question", question_text(number, item), locked=True),
        hidden_code(f"{base}-box", box_call(stem, number, item), locked=True),
    ]
    if isinstance(item, Reflection):
        cells.append(
            markdown(
                f"{base}-answer",
                f"{REFLECTION_CELL}\n\n### BEGIN SOLUTION\n{item.guidance}\n### END SOLUTION",
                solution=True,
                grade=True,
                points=item.points,
            )
        )
        return cells
    cells.append(
        hidden_code(
            f"{base}-grade",
            grade_source(stem, number, item, also or []),
            grade=True,
            locked=True,
            points=item.points,
        )
    )
    return cells


HOW_TO_ANSWER = """## How to answer

**Only one thing involves code.** When you open this notebook, choose **Kernel → Restart Kernel \
and Run All Cells…** from the menu at the top and confirm. The answer boxes then appear under \
the questions. Do the same whenever the boxes are missing.

Everything else is pointing, clicking and typing words:

| Question type | What you do |
| --- | --- |
| Single choice | Click the one option you think is best. |
| Choose all that apply | Tick every option that applies. |
| True or false | Click True or False. |
| Put in order | Move items with the ↑ and ↓ buttons until the order is right. |
| Match | For each item, choose its partner from the list beside it. |
| Casework, group work or both? | For each situation, choose Casework, Group work or Both. |
| Short answer | Type a word or short phrase. |
| Reflection | Write in the box; the word count and the marking guide are beside it. |

**Your answers are saved as you give them.** There is no Save or Run button to press. Close \
the browser or restart the notebook and your answers come back when you run it again. The \
keyboard works everywhere too: Tab moves between boxes, the arrow keys move between options, \
and Space or Enter chooses."""


def add_header(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    spec: AssignmentSpec = res["spec"]
    total = sum(item.points for item in res["items"])
    objectives = "\n".join(f"- **{oid}** {res['objectives'][oid]}" for oid in res["covered"])
    scenario = res.get("scenario")
    case = (
        f"\n\n**The case.** *{scenario.title}* ({scenario.setting}). {scenario.summary}"
        if scenario is not None
        else ""
    )
    nb.cells.append(
        markdown(
            "header",
            f"# {spec.title}\n\n{spec.introduction}{case}\n\n"
            f"**{len(res['items'])} questions, {total:g} points.** This "
            "assignment "
            f"assesses these learning objectives:\n\n{objectives}",
            locked=True,
        )
    )
    nb.cells.append(markdown("how-to-answer", HOW_TO_ANSWER, locked=True))
    return nb, res


def add_items(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    stem = res["spec"].id
    items = res["items"]
    reflections = [n for n, item in enumerate(items, 1) if isinstance(item, Reflection)]
    last_graded = max(
        (n for n, item in enumerate(items, 1) if not isinstance(item, Reflection)), default=0
    )
    from .drawn_cells import DrawnQuestion, drawn_cells  # it builds on this module's cells

    for number, item in enumerate(items, start=1):
        also = reflections if number == last_graded else []
        if isinstance(item, DrawnQuestion):
            nb.cells.extend(drawn_cells(stem, number, item, also))
        else:
            nb.cells.extend(item_cells(stem, number, item, also))
    return nb, res


def add_footer(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    stem = res["spec"].id
    questions = {n: item.type for n, item in enumerate(res["items"], start=1)}
    nb.cells.append(
        markdown(
            "before-you-submit",
            "## Before you submit\n\nThe line below shows "
            "which questions still have no answer and how much you have written."
            " When it says every question is answered:\n\n1. Open JupyterLab's "
            "**Assignment List** (in the **Nbgrader** menu).\n2. Click "
            "**Validate** beside this assignment: it names any question that "
            "still has no answer.\n3. Click **Submit**. You can submit again "
            "later; your last submission is the one marked.",
            locked=True,
        )
    )
    nb.cells.append(
        hidden_code(
            "progress",
            "# Shows how much of the assignment is answered.\n"
            "from swcourse.assignment import progress_line\n"
            f"progress_line({stem!r}, {questions!r})",
            locked=True,
        )
    )
    return nb, res


# NB: the header needs the covered objectives that build() computes before the steps run.
STEPS: list[Step] = [add_header, add_items, add_footer]


def build(
    spec: AssignmentSpec, items: list[Any], objectives: dict[str, str], scenario: Any = None
) -> NotebookNode:
    """The source notebook for one assignment (a case study also gets its scenario)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    covered = sorted(
        {o for item in items for o in item.objectives},
        key=objective_key,
    )
    resources: Resources = {
        "spec": spec,
        "items": items,
        "objectives": objectives,
        "covered": covered,
        "scenario": scenario,
    }
    for step in STEPS:
        nb, resources = step(nb, resources)
    return nb
