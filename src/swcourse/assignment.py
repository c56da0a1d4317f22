"""Answer widgets for graded assignments: students click, choose, order and type words.

Each question's locked cell calls `answer_box(...)`, which is self-sufficient (no setup cell to
skip). The widget runs answers.js (the same front-end family and stylesheet as the book's
players). Every change is written at once by the kernel to `<notebook>.answers.json` in the
notebook's folder (the kernel's working folder) through core/answers.py, atomically; when the
cell runs again (after a restart, a reload or a reopening) the widget shows the saved answer.
Python checks every value against the question's own ids before saving, so the file only holds
answers in the form `core.scoring.score` takes.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from .core.answers import answers_path, read_answers, write_answer
from .core.items import category_choices, item_class, order_digest
from .core.shuffle import display_order
from .frontend import esm
from .learner import learner_name

FRONTEND = Path(__file__).resolve().parent / "frontend" / "static" / "swcourse"
_PROGRESS: weakref.WeakSet[ProgressWidget] = weakref.WeakSet()


def student_id() -> str:
    """Who is answering: JupyterHub's user name (nbgrader's student id there), else the OS user."""
    return learner_name()


def _shuffled(
    pairs: list[dict[str, str]], seed: str, fixed: bool, avoid_digest: str = ""
) -> list[dict[str, str]]:
    by_id = {p["id"]: p for p in pairs}
    order = display_order(list(by_id), seed, fixed=fixed)
    if avoid_digest and order_digest(order) == avoid_digest:
        order = display_order(list(by_id), seed, fixed=fixed, avoid=order)
    return [by_id[i] for i in order]


def _is_source_copy(folder: Path) -> bool:
    """The instructor's nbgrader source folder: answers saved there would be released to
    students and copied over theirs at autograde, so they are never written there."""
    return folder.parent.name == "source" and (folder.parent.parent / "nbgrader_config.py").exists()


def clean_value(question: dict[str, Any], value: Any) -> Any:
    """`value` if it is a well-formed answer to `question` (None for no answer).

    Raises ValueError for anything else, so the file never holds an answer of the wrong form.
    """
    if value in (None, "", [], {}):
        return None
    cls = item_class(str(question.get("type")))
    if cls is None:
        raise ValueError(f"not an answer to a {question.get('type')} question: {value!r}")
    return cls.clean_answer(question, value)


class AnswerWidget(anywidget.AnyWidget):
    """One question's answer box; `value` is the saved answer (plain data, as scoring takes it)."""

    _esm = esm("answers.js")
    _css = (FRONTEND / "players.css").read_text(encoding="utf-8") + (
        FRONTEND / "answers.css"
    ).read_text(encoding="utf-8")

    kind = traitlets.Unicode("answer").tag(sync=True)
    number = traitlets.Int().tag(sync=True)
    question = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    saves = traitlets.Int(0).tag(sync=True)

    def __init__(
        self,
        notebook: str,
        number: int,
        question: dict[str, Any],
        folder: Path | None = None,
        **kwargs: Any,
    ) -> None:
        self._notebook = notebook
        self._folder = Path(folder or os.getcwd())
        self._path = answers_path(self._folder, notebook)
        saved = read_answers(self._path)
        try:
            value = clean_value(question, saved.get(number))
        except ValueError:
            value = None
        status = "; ".join(saved.problems) or ("Saved answer shown." if value is not None else "")
        super().__init__(number=number, question=question, value=value, status=status, **kwargs)
        self.observe(self._save, names="value")

    def _save(self, change: dict[str, Any]) -> None:
        try:
            value = clean_value(self.question, change["new"])
        except ValueError:
            self.status = "That answer could not be saved; please choose again."
            return
        if _is_source_copy(self._folder):
            self.status = "This is the instructor's source copy: answers are not saved here."
            return
        try:
            write_answer(self._path, self._notebook, self.number, value)
        except OSError as exc:
            self.status = (
                f"Not saved: {self._path.name} cannot be written ({exc.strerror}). "
                "Ask your instructor for help; your earlier answers are kept."
            )
            return
        self.status = "Answer saved." if value is not None else "Answer cleared."
        self.saves += 1  # after the status: the box shows the status again on every save
        for progress in list(_PROGRESS):
            progress.refresh()


def answer_box(notebook: str, number: int, question: dict[str, Any]) -> AnswerWidget:
    """The widget for question `number` of `notebook`, options in this student's own order."""
    shown = dict(question)
    seed = f"{student_id()}:{question.get('item', number)}"
    fixed = bool(question.get("fixed_order"))
    for field in ("options", "left", "vignettes"):
        if field in shown:
            shown[field] = _shuffled(shown[field], seed, fixed)
    if "right" in shown:
        shown["right"] = _shuffled(shown["right"], f"{seed}:right", fixed)
    if "items" in shown:
        shown["items"] = _shuffled(shown["items"], seed, fixed, shown.pop("avoid", ""))
    shown.pop("avoid", None)
    if "vignettes" in shown:
        shown["categories"] = category_choices()  # the core's values and labels, not the JS's
    return AnswerWidget(notebook, number, shown)


def word_count(text: str) -> int:
    return len(text.split())


def progress_text(notebook: str, questions: dict[int, str], folder: Path | None = None) -> str:
    """'12 of 15 answered; reflections: 1 of 2 written, 140 words', and what is still open."""
    saved = read_answers(answers_path(folder or os.getcwd(), notebook))
    answered = [n for n in questions if saved.get(n) not in (None, "", [], {})]
    reflections = [n for n, kind in questions.items() if kind == "reflection"]
    written = [n for n in reflections if n in answered]
    words = sum(word_count(str(saved.get(n))) for n in written)
    text = f"{len(answered)} of {len(questions)} answered"
    if reflections:
        text += (
            f"; reflections: {len(written)} of {len(reflections)} written, "
            f"{words} word{'s' if words != 1 else ''}"
        )
    missing = [str(n) for n in questions if n not in answered]
    text += (
        f". Not answered yet: {', '.join(missing)}." if missing else ". Every question is answered."
    )
    if saved.problems:
        text += " " + "; ".join(saved.problems) + "."
    return text


class ProgressWidget(anywidget.AnyWidget):
    """The line before submitting; it updates whenever an answer box saves."""

    _esm = esm("answers.js")
    _css = AnswerWidget._css

    kind = traitlets.Unicode("progress").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)

    def __init__(self, notebook: str, questions: dict[int, str], **kwargs: Any) -> None:
        self._notebook, self._questions = notebook, questions
        self._folder = Path(os.getcwd())
        super().__init__(text=progress_text(notebook, questions, self._folder), **kwargs)
        _PROGRESS.add(self)

    def refresh(self) -> None:
        self.text = progress_text(self._notebook, self._questions, self._folder)


def progress_line(notebook: str, questions: dict[int, str]) -> ProgressWidget:
    """The progress line for `notebook`: question number -> question type."""
    return ProgressWidget(notebook, {int(n): kind for n, kind in questions.items()})
