"""`swcourse grade`: nbgrader's autograde, in parallel, with student code sandboxed or not run.

Phase 1 (parallel, this module's worker pool): each submission folder is read without following
any link (intake.py), sanitized with nbgrader's own preprocessors (locked and hidden-test cells
restored from the gradebook; submission.py), and then either filled without a kernel, when its
student cells provably only assign literal answers (fastpath.py), or executed cell by cell in a
fresh sandbox (executor.py) with its grade cells rewritten to report the answer they grade.
Scores are computed outside any kernel, from the reported answer, or for new-style notebooks
from the saved-answers file read from the submission; keys never enter the sandbox. Phase 2 (no
kernels, record.py): as soon as all of a student's notebooks are done, nbgrader's autograde
steps, with Execute replaced by a replay of phase 1's results, write the records nbgrader
writes, in a gradebook transaction committed every BATCH students. Any failure is the
submission's own: it is recorded against that student with a reason, and the class goes on.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

from ..core.answers import answers_path, read_answers
from ..sandbox.sandbox import Limits, PythonStage, available
from .cells import drop_oversized
from .executor import Executor
from .fastpath import run_without_kernel
from .intake import Refused, read_submission
from .outcome import STATUSES, Outcome
from .record import BatchRecorder
from .record_config import Recorder
from .shared import BatchGradebook
from .submission import graded_items, sanitize, score_grade_cells, submissions

__all__ = ["BATCH", "STATUSES", "Outcome", "Phase1", "grade", "submissions"]


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
        if any(g.style == "saved" for g in graded.values()):
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
    progress: Callable[[Outcome], Any] | None = None,
    fast: bool = True,
) -> list[Outcome]:
    """Autograde every collected submission of `assignment`; returns one outcome per notebook.

    `progress(outcome)` is called for each notebook as soon as its student is recorded, in this
    thread, whatever the number of workers; and once more, now failed, for every notebook of a
    batch whose transaction then could not be committed (so a count kept by outcome is right).
    """
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
    recorder: BatchRecorder | Recorder = (
        batch if batch.usable else Recorder(course, assignment, results)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's models
        phase1.gradebook = BatchGradebook(phase1.db_url)

    def report(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            if progress is not None:
                progress(outcome)

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(phase1.grade_one, student, path) for student, path in found]
            # Record each student as their notebooks are done, while others still run.
            for future in as_completed(futures):
                outcome = future.result()
                by_student.setdefault(outcome.student, []).append(outcome)
                remaining[outcome.student] -= 1
                if remaining[outcome.student] == 0:
                    recorder.record(outcome.student, by_student[outcome.student])
                    report(by_student[outcome.student])
                    if recorder.uncommitted >= BATCH:
                        report(recorder.commit())
            report(recorder.commit())
        return [
            o for student, path in found for o in by_student[student] if o.notebook == path.stem
        ]
    finally:
        batch.close()
        phase1.close()
        shutil.rmtree(results, ignore_errors=True)
