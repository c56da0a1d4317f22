"""Phase 2 of `swcourse grade`: what `nbgrader autograde --create --force` writes, for a batch of
students, through one nbgrader Gradebook and one transaction, without a converter per student.

Running nbgrader's Autograde converter once per student costs about a second (configuration,
a fresh Gradebook engine for each of its steps, a commit after every grade). Here the same steps
run in nbgrader's order (converters/base.py and converters/autograde.py), from nbgrader's own
pieces, for every student of a batch:

1. `init_destination` with --force: the student's autograded/ folder is removed.
2. `init_assignment`: the submission's other files are copied (the file names nbgrader's
   `find_all_files` picks; their bytes come from intake.py's read, which follows no link), the
   student and the submission (with timestamp.txt's time) are created or updated, the source
   folder's other files are copied over them, notebooks unknown to the gradebook are skipped, and
   the grades of a notebook the student did not submit are set to zero.
3. The autograde pass of each notebook: the course's `Autograde.autograde_preprocessors`, run by
   nbconvert's NotebookExporter and written by its FilesWriter as nbgrader does, with Execute
   replaced by the replay of phase 1 (replay.py) and SaveAutoGrades and AssignLatePenalties
   writing through the batch's gradebook (`resources["swcourse_gradebook"]`).
4. `set_permissions`, by the Autograde converter's own method.

Every commit nbgrader's Gradebook methods make becomes a flush; each student is a savepoint,
recorded as soon as their notebooks are graded (a failure rolls back that student only and
removes their autograded folder, as nbgrader does); `commit` ends the batch's one transaction.
A course whose configuration adds steps this module does not know (they might open the
gradebook themselves) or convert hooks is recorded by nbgrader's converter, one student at a
time (`Recorder` in record_config.py, which also builds the configuration).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from traitlets.utils.importstring import import_item

from .intake import Refused, read_submission
from .outcome import Outcome
from .record_config import _name, batch_config
from .replay import ReplayExecution, executed_notebook
from .shared import (
    BatchGradebook,
    BatchLatePenalties,
    BatchSaveAutoGrades,
    CheckCellMetadataOnce,
    DeferredCommits,
    enable_savepoints,
)


class BatchRecorder:
    """Writes the records and autograded notebooks of many students in one transaction."""

    def __init__(self, course: Path, assignment: str, results: Path) -> None:
        from nbconvert.exporters import NotebookExporter
        from nbconvert.writers import FilesWriter
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory

        self.config, self.usable = batch_config(course, results)
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.assignment_id = assignment
        self.converter = Autograde(coursedir=self.coursedir, config=self.config)
        self.exporter = NotebookExporter(parent=self.converter, config=self.converter.config)
        # nbgrader's exporter validates the notebook after every step; once, at the end, is
        # the same check (a step that broke it still fails the student) without its cost.
        self.exporter.optimistic_validation = True
        self.steps = []
        for step in self.config.Autograde.autograde_preprocessors:
            cls = import_item(step) if isinstance(step, str) else step
            cls = {"SaveAutoGrades": BatchSaveAutoGrades}.get(_name(cls), cls)
            cls = {"AssignLatePenalties": BatchLatePenalties}.get(_name(cls), cls)
            cls = {"CheckCellMetadata": CheckCellMetadataOnce}.get(_name(cls), cls)
            self.steps.append(cls(parent=self.exporter))
            self.exporter.register_preprocessor(self.steps[-1])
        self.writer = FilesWriter(parent=self.converter, config=self.converter.config)
        self.assignment, self.course = assignment, course
        self.db_url = self.coursedir.db_url
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.gradebook = BatchGradebook(self.db_url, self.coursedir.course_id)
            self.gradebook.check_course()  # the course id nbgrader's SaveAutoGrades adds
        enable_savepoints(self.gradebook.engine)
        self.session = DeferredCommits(self.gradebook.db)
        self._done: list[tuple[str, list[Outcome]]] = []  # recorded, not yet committed
        self.gradebook.db = self.session
        for step in self.steps:
            if isinstance(step, (BatchSaveAutoGrades, BatchLatePenalties)):
                step.shared = self.gradebook

    def close(self) -> None:
        self.gradebook.db = self.session._session
        self.gradebook.close()

    def _dest(self, student: str) -> Path:
        return Path(
            self.coursedir.format_path(
                self.coursedir.autograded_directory, student, self.assignment
            )
        )

    def _submitted(self, student: str) -> Path:
        return Path(
            self.coursedir.format_path(self.coursedir.submitted_directory, student, self.assignment)
        )

    @contextlib.contextmanager
    def _student(self) -> Iterator[None]:
        self.session.savepoint = self.session._session.begin_nested()
        try:
            yield
        except BaseException:
            if self.session.savepoint.is_active:
                self.session.savepoint.rollback()
            raise
        else:
            self.session.savepoint.commit()
        finally:
            self.session.savepoint = None
            self.gradebook.forget()

    @property
    def uncommitted(self) -> int:
        """Students recorded since the last commit."""
        return len(self._done)

    def record(self, student: str, outcomes: list[Outcome]) -> None:
        """Record a student whose notebooks all graded, in the open transaction; a student whose
        records fail is rolled back alone and their outcomes say why."""
        from nbgrader.utils import rmtree

        if any(o.status == "failed" for o in outcomes):
            return  # nbgrader would stop on this student too; the reason is reported
        start = time.perf_counter()
        try:
            with warnings.catch_warnings(), self._student():
                warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's models
                self._record(student, outcomes)
            self._done.append((student, outcomes))
        except Exception as exc:
            if self._dest(student).exists():
                rmtree(str(self._dest(student)))
            reason = str(exc).strip().splitlines() or [exc.__class__.__name__]
            for outcome in outcomes:
                outcome.status, outcome.reason = "failed", reason[-1]
        for outcome in outcomes:
            outcome.seconds["record"] = (time.perf_counter() - start) / len(outcomes)

    def commit(self) -> list[Outcome]:
        """Commit every student recorded since the last commit; if the gradebook cannot be
        written, their autograded folders are removed and the outcomes returned, now failed."""
        from nbgrader.utils import rmtree

        done, self._done = self._done, []
        start = time.perf_counter()
        try:
            self.session._session.commit()
        except Exception as exc:
            self.session._session.rollback()
            lost = []
            for student, outcomes in done:
                if self._dest(student).exists():
                    rmtree(str(self._dest(student)))
                for outcome in outcomes:
                    outcome.status = "failed"
                    outcome.reason = f"the gradebook could not be written ({exc})"
                lost += outcomes
            return lost
        share = (time.perf_counter() - start) / max(1, sum(len(o) for _, o in done))
        for _, outcomes in done:
            for outcome in outcomes:
                outcome.seconds["record"] += share
        return []

    def _record(self, student: str, outcomes: list[Outcome]) -> None:
        from nbgrader.api import MissingEntry
        from nbgrader.utils import find_all_files, parse_utc, rmtree

        gradebook, coursedir = self.gradebook, self.coursedir
        source, dest = self._submitted(student), self._dest(student)
        if dest.exists():  # init_destination with --force
            rmtree(str(dest))
        # BaseConverter.init_assignment: the submission's other files
        files = read_submission(source, f"{student}/{self.assignment}")
        for filename in find_all_files(str(source), [*coursedir.ignore, "*.ipynb"]):
            relative = os.path.relpath(filename, source)
            if relative not in files:
                raise Refused(f"{student}/{self.assignment}/{relative} changed while grading")
            target = dest / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        # Autograde.init_assignment
        if self.converter.create_student:
            gradebook.update_or_create_student(student)
        else:
            gradebook.find_student(student)
        gradebook.find_assignment(self.assignment)
        written = files.get("timestamp.txt", b"").decode("utf-8", "replace").strip()
        try:
            parse_utc(written) if written else None
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"timestamp.txt does not hold a time ({written[:40]!r})") from exc
        timestamp = coursedir.get_existing_timestamp(str(source))
        if timestamp:
            gradebook.update_or_create_submission(self.assignment, student, timestamp=timestamp)
        else:
            gradebook.update_or_create_submission(self.assignment, student)
        origin = Path(coursedir.format_path(coursedir.source_directory, ".", self.assignment))
        excluded = {
            str(origin / name)
            for name in self.converter.exclude_overwriting.get(self.assignment, [])
        }
        for filename in set(find_all_files(str(origin), [*coursedir.ignore, "*.ipynb"])):
            if filename in excluded:
                continue
            target = dest / os.path.relpath(filename, origin)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            shutil.copy(filename, target)
        graded = []
        for outcome in outcomes:
            try:
                gradebook.find_notebook(outcome.notebook, self.assignment)
            except MissingEntry:
                outcome.flag("graded", "not in the gradebook, so skipped (as nbgrader does)")
                continue
            graded.append(outcome)
        if not graded:
            raise ValueError("no notebook of this assignment is in the gradebook")
        for notebook in gradebook.find_assignment(self.assignment).notebooks:
            if not (source / f"{notebook.name}.ipynb").exists():
                submitted = gradebook.find_submission_notebook(
                    notebook.name, self.assignment, student
                )
                for grade in submitted.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                gradebook.db.commit()
        for outcome in graded:
            self._autograde_pass(student, outcome.notebook, dest)
        self.converter.set_permissions(self.assignment, student)

    def _autograde_pass(self, student: str, notebook: str, dest: Path) -> None:
        """The autograde half of Autograde.convert_single_notebook for one notebook."""
        import datetime

        from nbconvert.exporters.exporter import ResourcesDict

        modified = datetime.datetime.now(tz=datetime.UTC)
        resources = ResourcesDict(
            unique_key=notebook,
            output_files_dir=f"{notebook}_files",
            nbgrader={
                "student": student,
                "assignment": self.assignment,
                "notebook": notebook,
                "db_url": self.db_url,
            },
            metadata=ResourcesDict(
                name=notebook, path=str(dest), modified_date=modified.strftime("%B %-d, %Y")
            ),
        )
        nb = executed_notebook(self.config.ReplayExecution.results_dir, student, notebook)
        for step in self.steps:
            if isinstance(step, ReplayExecution):
                step.executed = nb  # read once: it is this notebook
        output, resources = self.exporter.from_notebook_node(nb, resources)
        self.writer.build_directory = str(dest)
        self.writer.write(output, resources, notebook_name=notebook)
