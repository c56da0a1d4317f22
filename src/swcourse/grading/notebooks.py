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
from ..core.bank import Reflection
from .cells import HOW_TO_WRITE

Resources = dict[str, Any]
Step = Callable[[NotebookNode, Resources], tuple[NotebookNode, Resources]]
TYPE_NAMES = {"single": "Single choice", "multiple": "Choose all that apply", "true_false":
              "True or false", "ordering": "Put in order", "matching": "Match", "classification":
              "Casework, group work or both?", "short_text": "Short answer", "reflection":
              "Reflection (marked by hand)"}


def _cell_id(grade_id: str) -> str:
    return re.sub(r"[^a-zA-Z0-9-]", "-", grade_id)[:64]


def _meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
          points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": 3, "solution": solution, "task": False}
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


def _listing(pairs: list[Any]) -> str:
    return "\n".join(f"- `{p.id}`: {p.text}" for p in pairs)


def question_text(number: int, item: Any) -> str:
    """The question as students read it: type, points, objectives, prompt and its parts."""
    points = f"{item.points:g} point{'s' if item.points != 1 else ''}"
    head = (f"### Question {number} · {TYPE_NAMES[item.type]} · {points}\n\n"
            f"*Objective{'s' if len(item.objectives) > 1 else ''}: {', '.join(item.objectives)}*"
            f"\n\n{item.prompt}")
    parts = {
        "single": lambda: _listing(item.options),
        "multiple": lambda: _listing(item.options),
        "ordering": lambda: _listing(item.items),
        "matching": lambda: f"**Left**\n\n{_listing(item.left)}\n\n**Right**\n\n{_listing(item.right)}",
        "classification": lambda: _listing(item.vignettes),
        "reflection": lambda: "**How this answer is marked**\n\n| Criterion | Points | What earns them |\n"
                              "| --- | --- | --- |\n" + "\n".join(
                                  f"| {r.criterion} | {r.points} | {r.look_for} |" for r in item.rubric),
    }.get(item.type)
    body = f"{head}\n\n{parts()}" if parts else head
    if item.type != "reflection":
        body += f"\n\nWrite `answer_{number}` as {HOW_TO_WRITE[item.type]}."
    else:
        body += "\n\nWrite your answer in the cell below, in your own words."
    return body


def key_literal(item: Any) -> str:
    """The right answer as Python source (only in the instructor's source notebook)."""
    match item.type:
        case "short_text":
            return repr(item.accepted[0])
        case "classification":
            return repr({v.id: v.answer for v in item.vignettes})
        case _:
            return repr(item.key)


def check_call(number: int, item: Any) -> str:
    ids = {"single": lambda: [o.id for o in item.options],
           "multiple": lambda: [o.id for o in item.options],
           "ordering": lambda: [i.id for i in item.items],
           "matching": lambda: [p.id for p in item.left],
           "classification": lambda: [v.id for v in item.vignettes]}.get(item.type, lambda: [])()
    targets = [p.id for p in item.right] if item.type == "matching" else []
    args = f"{number}, {item.type!r}, answer_{number}"
    args += f", ids={ids!r}" if ids else ""
    args += f", targets={targets!r}" if targets else ""
    return f"# Run this cell to check how your answer is written.\ncheck_format({args});"


def item_cells(number: int, item: Any) -> list[NotebookNode]:
    """Question, answer, format check and hidden grading cells for one bank item."""
    base = f"q{number}-{item.id}"
    cells = [markdown(f"{base}-question", question_text(number, item), locked=True)]
    if isinstance(item, Reflection):
        cells.append(markdown(f"{base}-answer", "### BEGIN SOLUTION\n" + item.guidance +
                              "\n### END SOLUTION", solution=True, grade=True, points=item.points))
        return cells
    cells.append(code(f"{base}-answer", f"answer_{number} = None  # {HOW_TO_WRITE[item.type]}\n"
                      f"### BEGIN SOLUTION\nanswer_{number} = {key_literal(item)}\n### END SOLUTION",
                      solution=True))
    cells.append(code(f"{base}-check", check_call(number, item), locked=True))
    hidden = pformat(item.model_dump(mode="python"), width=100, sort_dicts=True)
    cells.append(code(f"{base}-grade",
                      "# Graded when your work is collected; this cell is empty in your copy.\n"
                      "### BEGIN HIDDEN TESTS\n"
                      "from swcourse.grading.cells import grade_answer as _grade_answer\n"
                      f"_grade_answer({hidden}, globals().get('answer_{number}'))\n"
                      "### END HIDDEN TESTS", grade=True, locked=True, points=item.points))
    return cells


def add_header(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    spec: AssignmentSpec = res["spec"]
    total = sum(item.points for item in res["items"])
    objectives = "\n".join(f"- **{oid}** {res['objectives'][oid]}" for oid in res["covered"])
    kinds = sorted({item.type for item in res["items"] if item.type != "reflection"})
    how = "\n".join(f"| {TYPE_NAMES[k]} | {HOW_TO_WRITE[k]} |" for k in kinds)
    scenario = res.get("scenario")
    case = (f"\n\n**The case.** *{scenario.title}* ({scenario.setting}). {scenario.summary}"
            if scenario is not None else "")
    nb.cells.append(markdown("header", f"# {spec.title}\n\n{spec.introduction}{case}\n\n"
                             f"**{len(res['items'])} questions, {total:g} points.** This assignment "
                             f"assesses these learning objectives:\n\n{objectives}", locked=True))
    nb.cells.append(markdown("how-to-answer", "## How to answer\n\nEach question has an answer cell"
                             " with a line such as `answer_3 = None`. Replace `None` with your "
                             "answer, written as the table shows, then run the check cell under it."
                             " The check tells you whether your answer is *written* correctly, not "
                             "whether it is right. Reflections are answered in words and marked by "
                             "hand with the rubric shown.\n\n| Question type | How to write the answer"
                             f" |\n| --- | --- |\n{how}", locked=True))
    nb.cells.append(code("setup", "# Run this cell first.\n"
                         "from swcourse.grading.cells import check_format", locked=True))
    return nb, res


def add_items(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    for number, item in enumerate(res["items"], start=1):
        nb.cells.extend(item_cells(number, item))
    return nb, res


def add_footer(nb: NotebookNode, res: Resources) -> tuple[NotebookNode, Resources]:
    nb.cells.append(markdown("before-you-submit", "## Before you submit\n\n1. Save your work.\n"
                             "2. Choose **Kernel → Restart Kernel and Run All Cells**.\n3. Read every"
                             " check's message: each should begin with **OK**.\n4. Submit the "
                             "assignment from the Assignments tab.", locked=True))
    return nb, res


# NB: the header needs the covered objectives that build() computes before the steps run.
STEPS: list[Step] = [add_header, add_items, add_footer]


def build(spec: AssignmentSpec, items: list[Any], objectives: dict[str, str],
          scenario: Any = None) -> NotebookNode:
    """The source notebook for one assignment (a case study also gets its scenario)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    covered = sorted({o for item in items for o in item.objectives},
                     key=lambda o: tuple(int(x) for x in o[3:].split(".")))
    resources: Resources = {"spec": spec, "items": items, "objectives": objectives,
                            "covered": covered, "scenario": scenario}
    for step in STEPS:
        nb, resources = step(nb, resources)
    return nb
