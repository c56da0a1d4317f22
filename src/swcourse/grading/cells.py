"""What generated assignment notebooks call when they are graded.

The hidden test cell calls `grade_answer`, which scores with the core's one set of rules and
returns the points, so nbgrader records partial credit from the cell's result; it also shows the
answer in words (see words.py) for formgrader and the feedback page. New-style notebooks read the
answer with `saved_answer` from the saved-answers file the answer widgets write (core/answers.py).
Old-style notebooks (answers typed as `answer_N = ...`) still call `check_format` and pass
`globals().get('answer_N')`; both keep working. Every message goes to stdout or display data:
nbgrader scores a grade cell that writes to stderr as zero.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from ..core.answers import SavedAnswers, answers_path, read_answers
from ..core.items import LiveAdapter, item_class
from ..core.scoring import score
from .words import feedback_markdown

# Validates an item dict over every registered type (submission.py uses it too).
_ITEM = LiveAdapter()

# The longest saved answer either grader scores, as JSON: far above anything an answer box saves,
# so a hand-made file cannot make a grade note (which tells the answer in words) balloon.
ANSWER_CHARS = 20_000


def how_to_write(kind: str) -> str:
    """How an old-style notebook writes an answer to a `kind` question."""
    cls = item_class(kind)
    return cls.how_to_write if cls is not None else "your answer"


def _problem(kind: str, value: Any, ids: list[str], extra: list[str]) -> str | None:
    """Why `value` is not written the way this kind of question needs (None if it is)."""
    cls = item_class(kind)
    return None if cls is None else cls.format_problem(value, ids, extra)


def check_format(
    number: int,
    kind: str,
    value: Any,
    ids: list[str] | None = None,
    targets: list[str] | None = None,
) -> str:
    """Say whether `answer_<number>` is written in the form its question needs; print and return."""
    name = f"answer_{number}"
    if value is None or value is Ellipsis:
        message = f"{name} is not answered yet: write {how_to_write(kind)}."
    else:
        issue = _problem(
            kind, value, [i.lower() for i in ids or []], [t.lower() for t in targets or []]
        )
        message = (
            f"OK: {name} is written correctly (this checks the form, not whether it is right)."
            if issue is None
            else f"Check {name}: {issue}."
        )
    print(message)
    return message


def show_markdown(text: str) -> None:
    """Display Markdown in a kernel (rendered in the feedback); plain print elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with every Jupyter kernel
        print(text)
        return
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))


def grade_answer(item: dict[str, Any], value: Any) -> float:
    """Points for `value` on `item` (its full bank entry); never raises on a student's answer.

    Shows the answer in words and its points first; the returned number is what nbgrader records.
    """
    try:
        model = _ITEM.validate_python(item)
        points = float(score(model, value) or 0.0)
    except Exception:  # a malformed answer earns nothing; it must not crash grading
        return 0.0
    # The words are a courtesy; the score must be recorded even if they fail.
    with contextlib.suppress(Exception):
        show_markdown(feedback_markdown(_LAST_NUMBER.pop("n", None), model, value, points))
    return points


# The question saved_answer last read: the hidden test calls it just before grade_answer.
_LAST_NUMBER: dict[str, int] = {}


def saved_answer(name: str, notebook: str, folder: Path | str | None = None) -> Any:
    """The saved answer `name` ('answer_N') of `notebook`, from its answers file in `folder`
    (the kernel's working folder: the notebook's own). Never raises: a missing, damaged or
    hand-edited file is reported in words and the answers that could be read are used."""
    try:
        number = int(str(name).removeprefix("answer_"))
    except ValueError:
        return None
    _LAST_NUMBER["n"] = number
    path = answers_path(folder if folder is not None else os.getcwd(), notebook)
    saved = read_answers(path)
    drop_oversized(saved, ANSWER_CHARS)
    for note in answer_notes(saved, number):
        print(note)
    return saved.get(number)


def drop_oversized(saved: SavedAnswers, limit: int) -> list[str]:
    """Leave out every saved answer longer than `limit` characters (as JSON), noting each in
    `saved.problems` in words; returns those notes. Both graders call it before scoring."""
    notes = []
    for number, value in sorted(saved.answers.items()):
        try:
            size = len(json.dumps(value, ensure_ascii=False))
        except (TypeError, ValueError, RecursionError):
            size = limit + 1
        if size > limit:
            del saved.answers[number]
            notes.append(
                f"answer limit: the saved answer to question {number} is longer than "
                f"{limit:,} characters, so it counts as unanswered"
            )
    saved.problems += notes
    return notes


def answer_notes(saved: SavedAnswers, number: int) -> list[str]:
    """What a grade cell says about the answers file before its score (both graders show it)."""
    notes = [f"Note for question {number}: {problem}." for problem in saved.problems]
    if not saved.path.exists() and not saved.problems:
        notes.append(
            f"Note for question {number}: {saved.path.name} is not with this notebook, so no "
            "answers were saved; every question counts as unanswered."
        )
    return notes


class Unanswered(Exception):
    """Raised only under `nbgrader validate`, so its report lists what is unanswered in words.

    IPython shows `_render_traceback_()` instead of a traceback, and nbgrader's Validate prints
    that text; anywhere else (Run All, autograde) the check stays silent and never stops the run.
    """

    def _render_traceback_(self) -> list[str]:
        return str(self).split("\n")  # Validate shortens long lines, so one short line each


def require_answers(notebook: str, numbers: list[int], folder: Path | str | None = None) -> None:
    """Under nbgrader's Validate, name every question in `numbers` with no saved answer."""
    if os.environ.get("NBGRADER_EXECUTION") != "validate":
        return
    saved = read_answers(answers_path(folder if folder is not None else os.getcwd(), notebook))
    missing = [n for n in numbers if saved.get(n) in (None, "", [], {})]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        noun = "Question" if len(missing) == 1 else "Questions"
        raise Unanswered(
            f"{noun} {listed}: no answer saved yet.\nAnswer in the box under each "
            "question,\nthen validate again."
        )
