"""`swcourse grade`: nbgrader's autograde, in parallel, with student code sandboxed.

Phase 1 (parallel): each submission is sanitized with nbgrader's own preprocessors (locked and
hidden-test cells restored from the gradebook) and executed in a sandbox (see sandbox.py) with
its grade cells rewritten to report the answer they grade; the score is then computed *outside*
the sandbox from that answer and the key in the restored hidden test. Keys never enter the
sandbox, and patching builtins, the display hook or the grading helper inside the notebook
cannot change a score. Phase 2 (serial, no kernels): nbgrader's Autograde converter
runs as usual with its Execute step replaced by a replay of phase 1's results, so the gradebook
gets exactly the records nbgrader writes. Submitted files are only ever read.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import tempfile
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from .cells import grade_answer
from .runner import MARKER
from .sandbox import SANDBOX_HOME, Limits, bubblewrap, fallback_command, sandbox_command

SANDBOX_UID_BASE = 61000


@dataclass
class Outcome:
    student: str
    notebook: str
    status: str = "graded"  # graded | failed | timed out
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def submissions(course: Path, assignment: str) -> list[tuple[str, Path]]:
    """(student, notebook path) for every collected submission of the assignment."""
    found = []
    for student_dir in sorted((course / "submitted").glob("*")):
        for path in sorted((student_dir / assignment).glob("*.ipynb")):
            found.append((student_dir.name, path))
    return found


def sanitize(nb: NotebookNode, db_url: str, assignment: str, notebook: str, student: str
             ) -> NotebookNode:
    """nbgrader's own sanitizing steps, in nbgrader's order (see Autograde.sanitize_preprocessors)."""
    from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds,
                                        OverwriteCells, OverwriteKernelspec)

    resources: dict[str, Any] = {"nbgrader": {"db_url": db_url, "assignment": assignment,
                                              "notebook": notebook, "student": student}}
    for step in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata):
        nb, resources = step().preprocess(nb, resources)
    return nb


def _hidden_item(source: str) -> tuple[dict[str, Any], int] | None:
    """The (item, answer number) a generated hidden test grades, read from its restored source."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_grade_answer":
            try:
                item = ast.literal_eval(node.args[0])
                name = node.args[1].args[0].value  # globals().get('answer_N')
                return item, int(str(name).removeprefix("answer_"))
            except (ValueError, IndexError, AttributeError, TypeError):
                return None
    return None


def answer_value(raw: str | None) -> Any:
    """A reported answer as plain data; anything that is not a plain literal counts as None."""
    if not raw:
        return None
    try:
        return json.loads(json.dumps(ast.literal_eval(raw)))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def graded_items(nb: NotebookNode) -> dict[int, tuple[dict[str, Any], int]]:
    """Cell index -> (item, answer number) for every generated grade cell of a sanitized notebook."""
    found = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            hidden = _hidden_item(cell.source)
            if hidden is not None:
                found[index] = hidden
    return found


def for_execution(nb: NotebookNode, graded: dict[int, tuple[dict[str, Any], int]]) -> NotebookNode:
    """A copy whose grade cells only report their answer: keys never enter the sandbox, and
    nothing the kernel prints there can pass for a score."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, (_, number) in graded.items():
        copy.cells[index].source = f"print({MARKER!r} + repr(globals().get('answer_{number}')))"
    return copy


def reported_answer(cell: NotebookNode) -> Any:
    text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
    return answer_value(text.rsplit(MARKER, 1)[1].strip()) if MARKER in text else None


def score_grade_cells(executed: NotebookNode, graded: dict[int, tuple[dict[str, Any], int]]) -> None:
    """Replace each grade cell's outputs with the score computed here, outside the sandbox."""
    for index, (item, _) in graded.items():
        cell = executed.cells[index]
        points = grade_answer(item, reported_answer(cell))
        cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(points)},
                                               execution_count=cell.get("execution_count"))]


class SandboxWorker:
    """One long-lived sandbox (one worker slot): submissions go in one at a time."""

    def __init__(self, slot: int, limits: Limits, sandboxed: bool):
        self.limits, self.sandboxed = limits, sandboxed
        self.uid = SANDBOX_UID_BASE + slot
        self.workdir = Path(tempfile.mkdtemp(prefix=f"swc-worker{slot}-"))
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> None:
        if self.sandboxed:
            os.chown(self.workdir, self.uid, self.uid)
        command_read, self.command_write = os.pipe()
        self.result_read, result_write = os.pipe()
        fds = (command_read, result_write)
        command = (sandbox_command(self.workdir, self.limits, self.uid, fds) if self.sandboxed
                   else fallback_command(self.limits, fds))
        self.process = subprocess.Popen(command, pass_fds=fds, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True, cwd=self.workdir)
        os.close(command_read)
        os.close(result_write)
        self.results = os.fdopen(self.result_read, "r", encoding="utf-8")

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            with contextlib.suppress(OSError):
                os.close(self.command_write)
            self.results.close()
            self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def execute(self, nb: NotebookNode) -> dict[str, Any] | None:
        """The runner's result for `nb`, or None if it ran past its wall-clock limit."""
        if self.process is None or self.process.poll() is not None:
            self.stop()
            self._start()
        path = self.workdir / "submission.ipynb"
        nbformat.write(nb, path)
        if self.sandboxed:
            os.chown(path, self.uid, self.uid)
        inside = f"{SANDBOX_HOME}/submission.ipynb" if self.sandboxed else str(path)
        os.write(self.command_write, (json.dumps({"path": inside}) + "\n").encode())
        ready, _, _ = select.select([self.results], [], [], self.limits.wall_clock(len(nb.cells)))
        if not ready:
            self.stop()  # kills the whole sandbox, and with it everything the notebook started
            return None
        line = self.results.readline()
        if not line:
            self.stop()
            return {"error": "the sandbox stopped unexpectedly"}
        return json.loads(line)


class Phase1:
    """Sanitize, execute in a sandbox and score every submission, several at a time."""

    def __init__(self, course: Path, assignment: str, results: Path, limits: Limits, workers: int):
        self.course, self.assignment, self.results = course, assignment, results
        self.db_url = f"sqlite:///{course / 'gradebook.db'}"
        sandboxed = bubblewrap() is not None and os.geteuid() == 0
        self._idle = queue.Queue()
        self._workers = [SandboxWorker(slot, limits, sandboxed) for slot in range(workers)]
        for worker in self._workers:
            self._idle.put(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.close()

    def grade_one(self, student: str, path: Path) -> Outcome:
        outcome = Outcome(student, path.stem)
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not fatal
            outcome.status, outcome.reason = "failed", f"not a readable notebook ({exc.__class__.__name__}: {exc})"
            return outcome
        try:
            nb = sanitize(nb, self.db_url, self.assignment, path.stem, student)
        except Exception as exc:  # noqa: BLE001 - nbgrader refuses it too; report and go on
            outcome.status, outcome.reason = "failed", f"nbgrader cannot sanitize it ({exc})"
            return outcome
        graded = graded_items(nb)
        worker = self._idle.get()
        try:
            result = worker.execute(for_execution(nb, graded))
        finally:
            self._idle.put(worker)
        if result is None:
            outcome.status, outcome.reason = "timed out", "the whole notebook ran past its time limit"
            return outcome
        if "error" in result:
            outcome.status, outcome.reason = "failed", f"the sandboxed run failed ({result['error']})"
            return outcome
        executed = nbformat.reads(result["notebook"], as_version=4)
        score_grade_cells(executed, graded)
        if result["kernel_died"]:
            outcome.notes.append("the notebook stopped its own kernel")
        if result["output_truncated"]:
            outcome.notes.append("output was cut at the output limit")
        target = self.results / student / f"{path.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, target)
        return outcome


def replay_config(course: Path, results: Path) -> Any:
    """nbgrader configuration: the course's own, with Execute replaced by the replay step."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                        LimitOutput, SaveAutoGrades)
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    from .replay import ReplayExecution

    config = Config()
    if (course / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    config.CourseDirectory.root = str(course)
    config.ReplayExecution.results_dir = str(results)
    config.Autograde.autograde_preprocessors = [ReplayExecution, IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                                CheckCellMetadata]
    return config


class Recorder:
    """Phase 2: nbgrader writes the gradebook and autograded/ from the replayed results."""

    def __init__(self, course: Path, assignment: str, results: Path):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        config = replay_config(course, results)
        self.api = NbGraderAPI(CourseDirectory(config=config), config=config)
        self.assignment = assignment

    def record(self, student: str, outcomes: list[Outcome]) -> None:
        """Autograde one student whose notebooks have all been executed."""
        if any(o.status != "graded" for o in outcomes):
            return  # nbgrader would stop on this student too; the reason is already reported
        with warnings.catch_warnings():
            # nbgrader's SQLAlchemy use warns when it adds a new student; under a caller that
            # turns warnings into errors (pytest here) that must not fail the submission.
            warnings.simplefilter("default")
            reply = self.api.autograde(self.assignment, student, force=True, create=True)
        if not reply.get("success"):
            reason = (reply.get("error") or "nbgrader refused the submission").strip().splitlines()
            for outcome in outcomes:
                outcome.status, outcome.reason = "failed", reason[-1] if reason else "nbgrader failed"


def grade(course: Path, assignment: str, workers: int, limits: Limits,
          progress: Any = None) -> list[Outcome]:
    """Autograde every collected submission of `assignment`; returns one outcome per notebook."""
    found = submissions(course, assignment)
    remaining = Counter(student for student, _ in found)
    by_student: dict[str, list[Outcome]] = {}
    results = Path(tempfile.mkdtemp(prefix="swc-results-"))
    phase1 = Phase1(course, assignment, results, limits, workers)
    try:
        recorder = Recorder(course, assignment, results)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(phase1.grade_one, student, path) for student, path in found]
            # Record each student as soon as their notebooks are done, while others still run.
            for future in as_completed(futures):
                outcome = future.result()
                by_student.setdefault(outcome.student, []).append(outcome)
                remaining[outcome.student] -= 1
                if remaining[outcome.student] == 0:
                    recorder.record(outcome.student, by_student[outcome.student])
                if progress is not None:
                    progress()
        return [o for student, path in found for o in by_student[student] if o.notebook == path.stem]
    finally:
        phase1.close()
        shutil.rmtree(results, ignore_errors=True)
