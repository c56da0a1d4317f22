"""The hand-grading-by-question screen: ipywidgets for JupyterLab on the hub, or Voilà.

One question at a time: its prompt, rubric and marking guidance at the top, then every student's
answer with a score field. A score is saved to the gradebook as soon as the field loses focus or
Enter is pressed, and the line under the field says so in words (or says what to fix).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..core.course import Course, find_root, require_course
from .handgrade import Entry, Question, parse_score, reflections, save_score

STYLE = """<style>
.swc-hg-answer { white-space: pre-wrap; border-left: 4px solid #1f4e79; padding: 0.25rem 0.75rem;
  margin: 0.25rem 0; max-width: 60rem; color: #1a1a1a; background: #f7f9fc; }
.swc-hg-rubric { border-collapse: collapse; margin: 0.5rem 0; }
.swc-hg-rubric th, .swc-hg-rubric td { border: 1px solid #6b6b6b; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; }
</style>"""


def _header(question: Question) -> str:
    item = question.item
    rubric = "".join(
        f"<tr><td>{escape(r.criterion)}</td><td>{r.points}</td><td>{escape(r.look_for)}</td></tr>"
        for r in item.rubric
    )
    return (
        f"{STYLE}<h2>Question {question.number} ({item.points:g} points)</h2>"
        f"<p>{escape(item.prompt)}</p>"
        '<table class="swc-hg-rubric"><caption>Rubric</caption><thead><tr>'
        '<th scope="col">Criterion</th><th scope="col">Points</th>'
        f'<th scope="col">What earns them</th></tr></thead><tbody>{rubric}</tbody></table>'
        f"<p><strong>A strong answer covers:</strong> {escape(item.guidance)}</p>"
    )


class _Row:
    """One student's answer, score field and saved/problem line."""

    def __init__(self, course_dir: Path, question: Question, entry: Entry, on_saved: Any) -> None:
        self.course_dir, self.question, self.entry, self.on_saved = (
            course_dir,
            question,
            entry,
            on_saved,
        )
        who = f"{entry.name} ({entry.student})" if entry.name else entry.student
        answer = escape(entry.answer) if entry.answer.strip() else "<em>No answer written.</em>"
        self.score = widgets.Text(
            value="" if entry.manual_score is None else f"{entry.manual_score:g}",
            placeholder="not graded",
            continuous_update=False,
            description=f"Score for {entry.student}",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="22rem"),
        )
        self.status = widgets.HTML(self._state(entry.manual_score))
        self.score.observe(self._changed, names="value")
        self.box = widgets.VBox(
            [
                widgets.HTML(f'<h3>{escape(who)}</h3><div class="swc-hg-answer">{answer}</div>'),
                widgets.HBox([self.score, self.status]),
            ]
        )

    def _state(self, value: float | None) -> str:
        points = self.question.item.points
        return (
            "<span>Not graded yet</span>"
            if value is None
            else f"<span>Saved: {value:g} of {points:g}</span>"
        )

    def _changed(self, change: dict[str, Any]) -> None:
        try:
            value = parse_score(change["new"], float(self.question.item.points))
        except ValueError as exc:
            self.status.value = f'<span role="alert">Not saved: {escape(str(exc))}</span>'
            return
        save_score(self.course_dir, self.entry.grade_id, value)
        self.status.value = self._state(value)
        self.on_saved(self.entry.student, value)


class HandGrading(widgets.VBox):
    """Pick a reflection; grade every student's answer to it on one screen."""

    def __init__(
        self,
        assignment: str,
        course_dir: str | Path = "..",
        root: str | Path | None = None,
        course: Course | None = None,
    ) -> None:
        self.course_dir = Path(course_dir).resolve()
        course = course or require_course(Path(root) if root else find_root(self.course_dir))
        self.assignment = assignment
        self.questions = reflections(self.course_dir, assignment, course.items)
        self.scores: dict[tuple[int, str], float | None] = {}
        self.progress = widgets.HTML()
        self.body = widgets.VBox()
        if not self.questions:
            super().__init__(
                [
                    widgets.HTML(
                        f"<p>{escape(assignment)} has no question graded "
                        "by hand, or nobody has submitted it yet.</p>"
                    )
                ]
            )
            return
        self.picker = widgets.Dropdown(
            options=[
                (f"Question {q.number}: {q.item.prompt[:60]}", i)
                for i, q in enumerate(self.questions)
            ],
            description="Question",
            layout=widgets.Layout(width="48rem"),
        )
        self.picker.observe(lambda change: self.show(change["new"]), names="value")
        super().__init__(
            [
                widgets.HTML(f"<h1>Hand grading: {escape(assignment)}</h1>"),
                self.picker,
                self.progress,
                self.body,
            ]
        )
        self.show(0)

    def show(self, index: int) -> None:
        question = reflections(
            self.course_dir, self.assignment, {q.item.id: q.item for q in self.questions}
        )[index]
        self.current = question
        self.scores = {(question.number, e.student): e.manual_score for e in question.entries}
        rows = [_Row(self.course_dir, question, e, self._saved) for e in question.entries]
        self.body.children = [widgets.HTML(_header(question)), *(r.box for r in rows)]
        self._count()

    def _saved(self, student: str, value: float | None) -> None:
        self.scores[(self.current.number, student)] = value
        self._count()

    def _count(self) -> None:
        done = sum(v is not None for v in self.scores.values())
        self.progress.value = (
            f"<p>{done} of {len(self.scores)} answers to question {self.current.number} graded.</p>"
        )
