"""Which students' answers did not run, were written in the wrong form, or timed out, and why.

A score of 0 looks the same whether a student chose the wrong option or wrote an answer the
grader could not read; the instructor needs to tell the two apart. This reads what grading left
behind: the autograded notebooks (error outputs of grading cells; in old-style notebooks also of
typed answer cells, and the format check's own message), the saved-answers files
(`<stem>.answers.json`, see `core.answers`), and the gradebook (grade cells a student deleted,
notebooks that were never graded).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.answers import SUFFIX, read_answers
from ..core.items.base import question_ids
from ..core.variants import drawn_for_slot

if TYPE_CHECKING:
    from ..core.course import Course
    from ..grading.gradebook import AssignmentScores
    from .variant_report import Pool

GRADE_ID = re.compile(r"^q(?P<number>\d+)-(?P<item>q-\d{2}-[a-z0-9-]+)-(?P<part>[a-z]+)$")
TIMEOUT_NAMES = {"CellTimeoutError", "TimeoutError", "DeadKernelError", "KeyboardInterrupt"}
PLAIN_ERRORS = {
    "SyntaxError": "it is not written in a form Python can read (a quote, bracket or comma is "
    "missing or extra)",
    "NameError": "it uses a word without quotes, so Python reads it as an undefined name",
    "TypeError": "it has the wrong kind of value for this question",
    "IndentationError": "a line starts with extra spaces",
}
TIMED_OUT, ERRORED, MALFORMED, NOT_GRADED = (
    "timed out",
    "stopped with an error",
    "written in the wrong form",
    "not graded",
)


@dataclass(frozen=True, order=True)
class Attention:
    """One answer (or notebook) the instructor should look at."""

    student: str
    number: int  # question number; 0 for the whole notebook
    kind: str  # TIMED_OUT, ERRORED, MALFORMED or NOT_GRADED
    reason: str


def _output_text(output: Any) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return str(data.get("text/plain", ""))


def _error_reason(output: Any, part: str = "answer") -> tuple[str, str]:
    """(kind, reason in words) for one error output of an answer, check or grade cell. Only an
    old-style typed answer can be badly written; a grade cell's error is the grading's own."""
    name, value = str(output.get("ename", "")), str(output.get("evalue", ""))
    if name in TIMEOUT_NAMES or TIMED_OUT in value.lower() or "timeout" in name.lower():
        return TIMED_OUT, "ran longer than the time limit and was stopped"
    plain = PLAIN_ERRORS.get(name)
    detail = f"{name}: {value}".strip(": ")
    if part == "grade":
        return ERRORED, (
            f"the grading cell stopped with an error ({detail}), so this answer has no "
            "score; fix the cause and grade again, or grade it by hand"
        )
    if plain:
        return ERRORED, f"the answer did not run: {plain} ({detail})"
    return ERRORED, f"the answer did not run ({detail})"


def notebook_problems(student: str, notebook: Any) -> list[Attention]:
    """Problems visible in one autograded notebook's outputs."""
    found: list[Attention] = []
    seen: set[int] = set()  # a failed answer also breaks its check cell: report it once
    for cell in notebook.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        match = GRADE_ID.match(grade_id)
        if cell.get("cell_type") != "code" or match is None:
            continue
        number = int(match["number"])
        for output in cell.get("outputs", []):
            if number in seen:
                break
            if output.get("output_type") == "error":
                kind, reason = _error_reason(output, match["part"])
            elif match["part"] == "check" and _output_text(output).strip().startswith("Check "):
                kind, reason = MALFORMED, _output_text(output).strip()
            else:
                continue
            found.append(Attention(student, number, kind, reason))
            seen.add(number)
    return found


def format_ids(item: Any) -> tuple[list[str], list[str]]:
    """The ids the format check compares an answer with, as generated check cells pass them:
    the ids the answer box shows, and a matching question's right-hand ids."""
    shown = item.model_dump(mode="python")
    targets = [p["id"] for p in shown.get("right") or []]
    return question_ids(shown), targets


def saved_answer_problems(student: str, path: Path, items: dict[int, Any]) -> list[Attention]:
    """Problems in a saved-answers file: the file itself, and answers in the wrong form."""
    from ..grading.cells import check_format

    saved = read_answers(path)
    found = [
        Attention(student, 0, MALFORMED, f"{path.name}: {problem}") for problem in saved.problems
    ]
    for number, value in sorted(saved.answers.items()):
        item = items.get(number)
        if item is None or item.type == "reflection" or value is None:
            continue
        ids, targets = format_ids(item)
        with contextlib.redirect_stdout(io.StringIO()):
            message = check_format(number, item.type, value, ids, targets)
        if message.startswith("Check answer_"):
            found.append(Attention(student, number, MALFORMED, message))
    return found


def folder_problems(student: str, folder: Path, items: dict[int, Any]) -> list[Attention]:
    """Every problem found in one student's autograded (or submitted) assignment folder."""
    import nbformat

    found: list[Attention] = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as exc:
            found.append(
                Attention(
                    student, 0, NOT_GRADED, f"{path.name} could not be read ({type(exc).__name__})"
                )
            )
            continue
        found += notebook_problems(student, notebook)
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        found += saved_answer_problems(student, path, items)
    return _unique(found)


def _unique(found: Iterable[Attention]) -> list[Attention]:
    """One line per question and kind: the notebook's check message and the saved-answers
    check say the same thing, so only the first is kept; notebook-wide notes all stay."""
    kept: dict[tuple[int, str, str], Attention] = {}
    for entry in found:
        key = (entry.number, entry.kind, entry.reason if entry.number == 0 else "")
        kept.setdefault(key, entry)
    return sorted(kept.values())


def class_problems(
    course_dir: Path,
    assignment: str,
    students: Iterable[str],
    items: dict[int, Any] | Callable[[str], dict[int, Any]],
    pending_autograded: dict[str, list[int]],
) -> dict[str, list[Attention]]:
    """Student -> problems, for every student who submitted `assignment`.

    `items` maps question number to bank item, or is a function giving that map per student
    (an assignment that draws questions per student). `pending_autograded` lists, per student,
    autograded questions the gradebook still marks as needing a manual grade (a grade cell the
    student changed or deleted).
    """
    out: dict[str, list[Attention]] = {}
    for student in students:
        graded = course_dir / "autograded" / student / assignment
        found: list[Attention] = []
        if graded.is_dir():
            found = folder_problems(student, graded, items(student) if callable(items) else items)
        else:
            found = [
                Attention(
                    student,
                    0,
                    NOT_GRADED,
                    "no autograded notebook: run the autograder for this student",
                )
            ]
        found += [
            Attention(
                student,
                number,
                NOT_GRADED,
                "the grading cell was changed or "
                "deleted, so this answer needs a grade in formgrader",
            )
            for number in pending_autograded.get(student, [])
        ]
        if found:
            out[student] = _unique(found)
    return out


def find_attention(
    course: Course, course_dir: Path, scores: AssignmentScores
) -> dict[str, list[Attention]]:
    """The answers of this assignment that grading could not read, per student."""
    bank = course.items
    matrix = scores.matrix
    fixed = {c.number: bank[c.item_id] for c in matrix.items if c.number and c.item_id in bank}
    places: dict[int, tuple[Pool, int]] = {}
    for cell in matrix.items:
        pool = scores.pools.get(cell.item_id)
        if cell.number and pool is not None:
            place = 1 + sum(1 for p, _ in places.values() if p.id == pool.id)
            places[cell.number] = (pool, place)

    def items(student: str) -> dict[int, Any]:
        """The bank item behind each question for this student, drawn questions included."""
        asked = dict(fixed)
        for number, (pool, place) in places.items():
            item_id = drawn_for_slot(
                pool.members, pool.draw, place, student, scores.assignment, pool.id
            )
            if item_id in bank:
                asked[number] = bank[item_id]
        return asked

    pending = {
        student: [
            c.number
            for c, score in zip(matrix.items, row, strict=False)
            if score is None and c.type and c.type != "reflection"
        ]
        for student, row in zip(matrix.students, matrix.scores, strict=False)
    }
    return class_problems(course_dir, scores.assignment, matrix.students, items, pending)
