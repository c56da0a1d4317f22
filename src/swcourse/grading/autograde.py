"""`swcourse grade`: nbgrader's autograde, in parallel, with student code sandboxed or not run.

Phase 1 (parallel): each submission folder is read without following any link (intake.py),
sanitized with nbgrader's own preprocessors (locked and hidden-test cells restored from the
gradebook), and then either filled without a kernel, when its student cells provably only assign
literal answers (fastpath.py), or executed cell by cell in a fresh sandbox (sandbox.py) with its
grade cells rewritten to report the answer they grade. A cell that outruns its deadline or stops
its kernel costs that cell only: the rest runs on a fresh sandbox after the setup cells. Scores are
computed here, outside any kernel, from the reported answer, or for new-style notebooks from the
saved-answers file read from the submission; keys never enter the sandbox. Phase 2 (no kernels,
record.py): nbgrader's autograde steps, with Execute replaced by a replay of phase 1's results,
write the records nbgrader writes for up to BATCH students in one gradebook transaction. Any
failure is the submission's own: it is recorded against that student with a reason, and the
batch goes on.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import queue
import shutil
import tempfile
import threading
import time
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from ..core.answers import SavedAnswers, answers_path, read_answers
from ..core.scoring import score
from ..core.variants import drawn_literal
from ..sandbox.runner import MARKER
from ..sandbox.sandbox import Limits, PythonStage, Session, SessionLost, available
from .cells import _ITEM, answer_notes, drop_oversized
from .fastpath import AST_LOCK, run_without_kernel
from .intake import Refused, read_submission
from .record import BatchRecorder, Recorder
from .shared import BatchGradebook
from .words import drawn_markdown, feedback_markdown

STATUSES = ("graded", "stopped", "limit", "timed out", "failed")  # failed = not recorded


@dataclass
class Outcome:
    student: str
    notebook: str
    status: str = "graded"
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    kernel: bool = False  # whether it needed the sandbox
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for the benchmark

    def flag(self, status: str, note: str) -> None:
        """Note a problem; the worst status wins (failed > timed out > limit > stopped)."""
        if STATUSES.index(status) > STATUSES.index(self.status):
            self.status = status
        if note not in self.notes:
            self.notes.append(note)

    @property
    def detail(self) -> str:
        return self.reason or "; ".join(self.notes)


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


def _hidden_item(source: str, student: str = "") -> tuple[dict[str, Any], int, str, bool] | None:
    """(item, answer number, style, drawn) a generated hidden test grades, read from its restored
    source. Style "saved" reads `_saved_answer('answer_N', '<stem>')`; "global"
    `globals().get(...)`. A drawn question's `_drawn_item(stem, N, slot)` gives this student's
    item (core/variants), and `drawn` says so."""
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
                return item, int(str(name).removeprefix("answer_")), style, bool(drawn)
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


def graded_items(
    nb: NotebookNode, student: str = ""
) -> dict[int, tuple[dict[str, Any], int, str, bool]]:
    """Cell index -> (item, answer number, style, drawn) for each generated grade cell."""
    found = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            hidden = _hidden_item(cell.source, student)
            if hidden is not None:
                found[index] = hidden
    return found


def for_execution(
    nb: NotebookNode, graded: dict[int, tuple[dict[str, Any], int, str, bool]]
) -> NotebookNode:
    """A copy whose grade cells only report their answer: keys never enter the sandbox, and
    nothing the kernel prints there can pass for a score."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, (_, number, _style, _drawn) in graded.items():
        copy.cells[index].source = f"print({MARKER!r} + repr(globals().get('answer_{number}')))"
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
    graded: dict[int, tuple[dict[str, Any], int, str, bool]],
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


def _plain(value: Any) -> Any:
    """Outputs as text nbformat can always write: lone surrogates and the like replaced."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _lost_output(reason: str) -> NotebookNode:
    return nbformat.v4.new_output(
        "error", ename="CellStopped", evalue=reason, traceback=[f"This cell was stopped: {reason}."]
    )


class Executor:
    """Runs one submission cell by cell in sandboxes, restarting after a cell that breaks one."""

    def __init__(self, stage: PythonStage, limits: Limits, slot: int):
        self.stage, self.limits, self.slot = stage, limits, slot

    def run(
        self, nb: NotebookNode, graded: dict[int, Any], files: dict[str, bytes], outcome: Outcome
    ) -> dict[int, Any]:
        run_nb = for_execution(nb, graded)
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        setup = [
            i
            for i in code
            if i not in graded
            and "answer_" not in nb.cells[i].source
            and nb.cells[i].metadata.get("nbgrader", {}).get("locked")
        ]
        deadline = time.monotonic() + self.limits.submission_timeout
        session: Session | None = None
        try:
            for index in code:
                cell = nb.cells[index]
                if time.monotonic() > deadline:
                    cell.outputs = [_lost_output("the whole submission ran past its time limit")]
                    outcome.flag(
                        "timed out",
                        f"the whole notebook ran past its time limit "
                        f"({self.limits.submission_timeout} s)",
                    )
                    continue
                try:
                    if session is None:
                        session = Session(self.stage, self.limits, self.slot, files)
                        for earlier in (i for i in setup if i < index and outcome.kernel):
                            session.run(run_nb.cells[earlier].source)  # outputs kept already
                        outcome.kernel = True
                    result = session.run(run_nb.cells[index].source, answer=index in graded)
                except SessionLost as lost:
                    if session is not None:
                        self._breaches(session, outcome)
                        session.kill()
                    session = None
                    cell.outputs = [_lost_output(lost.reason)]
                    status = "timed out" if lost.kind == "wedged" else "stopped"
                    outcome.flag(
                        status,
                        f"cell {index + 1}: {lost.reason}; later cells ran on a fresh kernel",
                    )
                    continue
                cell.outputs = [nbformat.from_dict(o) for o in _plain(result["outputs"])]
                cell.execution_count = result["execution_count"]
                if result["status"] != "ok":
                    self._breaches(session, outcome)  # while what the cell started still runs
                if result["status"] == "interrupted":
                    outcome.flag(
                        "timed out",
                        f"cell {index + 1} ran past its time limit "
                        f"({self.limits.cell_timeout} s) and was interrupted",
                    )
                if result["truncated"]:
                    outcome.flag(
                        "limit",
                        f"output limit ({self.limits.output_chars:,} "
                        "characters): later output was cut",
                    )
                if result["answer_cut"]:
                    outcome.flag(
                        "limit",
                        f"answer limit: the answer graded in cell {index + 1} "
                        f"is longer than {self.limits.answer_chars:,} characters",
                    )
        finally:
            if session is not None:
                self._breaches(session, outcome)
                session.kill()
        return {i: reported_answer(nb.cells[i]) for i in graded}

    @staticmethod
    def _breaches(session: Session, outcome: Outcome) -> None:
        for breach in session.breaches():
            outcome.flag("limit", f"{breach} reached")


class Phase1:
    """Read, sanitize, run (or not) and score every submission, several at a time."""

    def __init__(self, course: Path, assignment: str, results: Path, limits: Limits, workers: int):
        self.course, self.assignment, self.results = course, assignment, results
        self.db_url = f"sqlite:///{course / 'gradebook.db'}"
        self.limits, self.fast = limits, True
        self._stage: PythonStage | None = None
        self._stage_lock = threading.Lock()
        self.gradebook: Any = None  # opened once, read by every worker (sessions per thread)
        self._slots: queue.Queue[int] = queue.Queue()
        for slot in range(workers):
            self._slots.put(slot)

    def stage(self) -> PythonStage:
        with self._stage_lock:
            if self._stage is None:
                self._stage = PythonStage()
            return self._stage

    def close(self) -> None:
        if self._stage is not None:
            self._stage.close()
        if self.gradebook is not None:
            self.gradebook.close()

    def grade_one(self, student: str, path: Path) -> Outcome:
        outcome = Outcome(student, path.stem)
        try:
            self._grade(student, path, outcome)
        except Refused as exc:
            outcome.status, outcome.reason = "failed", f"refused: {exc}"
        except Exception as exc:
            outcome.status = "failed"
            outcome.reason = f"could not be graded ({exc.__class__.__name__}: {exc})"
        return outcome

    def _grade(self, student: str, path: Path, outcome: Outcome) -> None:
        start = time.perf_counter()
        files = read_submission(path.parent, f"{student}/{self.assignment}")
        try:
            nb = nbformat.reads(files[path.name].decode("utf-8"), as_version=4)
        except Exception as exc:
            outcome.status = "failed"
            outcome.reason = f"not a readable notebook ({exc.__class__.__name__}: {exc})"
            return
        try:
            nb = sanitize(nb, self.db_url, self.assignment, path.stem, student, self.gradebook)
        except Exception as exc:
            outcome.status, outcome.reason = "failed", f"nbgrader cannot sanitize it ({exc})"
            return
        graded = graded_items(nb, student)
        outcome.seconds["read and sanitize"] = time.perf_counter() - start
        start = time.perf_counter()
        answers = None
        if any(style == "saved" for _, _, style, _ in graded.values()):
            answers = read_answers(answers_path(path.parent, path.stem))
            for note in drop_oversized(answers, self.limits.answer_chars):
                outcome.flag("limit", note)
            outcome.notes += [p for p in answers.problems if p not in outcome.notes]
        reported = run_without_kernel(nb, graded) if self.fast else None
        if reported is None and (why := available()):
            outcome.status, outcome.reason = "failed", f"its code needs the sandbox, but {why}"
            return
        if reported is None:
            slot = self._slots.get()
            try:
                reported = Executor(self.stage(), self.limits, slot).run(nb, graded, files, outcome)
            finally:
                self._slots.put(slot)
        score_grade_cells(nb, graded, reported, answers)
        outcome.seconds["sandbox run" if outcome.kernel else "kernel-free fill"] = (
            time.perf_counter() - start
        )
        target = self.results / student / f"{path.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)


BATCH = 50  # students recorded per gradebook transaction


def grade(
    course: Path,
    assignment: str,
    workers: int,
    limits: Limits,
    progress: Any = None,
    fast: bool = True,
) -> list[Outcome]:
    """Autograde every collected submission of `assignment`; returns one outcome per notebook."""
    found = submissions(course, assignment)
    remaining = Counter(student for student, _ in found)
    by_student: dict[str, list[Outcome]] = {}
    results = Path(tempfile.mkdtemp(prefix="swc-results-"))
    phase1 = Phase1(course, assignment, results, limits, workers)
    phase1.fast = fast
    try:
        batch = BatchRecorder(course, assignment, results)
    except BaseException:
        phase1.close()
        shutil.rmtree(results, ignore_errors=True)
        raise
    single = None if batch.usable else Recorder(course, assignment, results)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's models
        phase1.gradebook = BatchGradebook(phase1.db_url)
    pending: list[tuple[str, list[Outcome]]] = []

    def record() -> None:
        if single is not None:
            for student, outcomes in pending:
                single.record(student, outcomes)
        else:
            batch.record_batch(pending)
        for _, outcomes in pending:
            for outcome in outcomes if progress is not None else []:
                progress(outcome)
        pending.clear()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(phase1.grade_one, student, path) for student, path in found]
            # Record students in batches as their notebooks are done, while others still run.
            for left, future in enumerate(as_completed(futures), start=1):
                outcome = future.result()
                by_student.setdefault(outcome.student, []).append(outcome)
                remaining[outcome.student] -= 1
                if remaining[outcome.student] == 0:
                    pending.append((outcome.student, by_student[outcome.student]))
                if len(pending) >= BATCH or (left == len(futures) and pending):
                    record()
        return [
            o for student, path in found for o in by_student[student] if o.notebook == path.stem
        ]
    finally:
        batch.close()
        phase1.close()
        shutil.rmtree(results, ignore_errors=True)
