"""nbgrader's own pieces, made to share one open gradebook across a batch of students.

Each class keeps nbgrader's logic and changes only where it opens the gradebook or repeats a
costly check; see record.py for how the batch uses them. `swcourse grade` phase 1 (sanitizing)
reads through `BatchGradebook` and `SharedOverwriteCells`; phase 2 (recording) writes through
`BatchGradebook` with `DeferredCommits`, `BatchSaveAutoGrades` and `BatchLatePenalties`; both
check metadata with `CheckCellMetadataOnce`.
"""

from __future__ import annotations

import traceback
from typing import Any

import jsonschema
from nbgrader.api import Gradebook
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import (
    BaseMetadataValidator,
    SchemaTooNewError,
    SchemaTooOldError,
)
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    NbGraderPreprocessor,
    OverwriteCells,
    SaveAutoGrades,
)


class BatchGradebook(Gradebook):
    """nbgrader's Gradebook, answering the lookups grading repeats for every cell from what it
    has already read: source and grade cells (the same for every student), and each submitted
    notebook's grades and comments, read once through nbgrader's own relationships (a miss
    falls back to nbgrader's query, so a missing entry raises as before). `forget` drops what
    was read about students."""

    def __init__(self, db_url: str, course_id: str = "default_course") -> None:
        super().__init__(db_url, course_id)
        self._cells: dict[tuple[str, ...], Any] = {}
        self._rows: dict[tuple[str, ...], dict[str, Any]] = {}

    def _cell(self, kind: str, find: Any, *key: str) -> Any:
        if (kind, *key) not in self._cells:
            self._cells[(kind, *key)] = find(*key)
        return self._cells[(kind, *key)]

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> Any:
        return self._cell("source", super().find_source_cell, name, notebook, assignment)

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> Any:
        return self._cell("graded", super().find_graded_cell, name, notebook, assignment)

    def _row(self, kind: str, name: str, notebook: str, assignment: str, student: str) -> Any:
        rows = self._rows.get((kind, notebook, assignment, student))
        if rows is None:
            submitted = self.find_submission_notebook(notebook, assignment, student)
            rows = {row.name: row for row in getattr(submitted, kind)}
            self._rows[(kind, notebook, assignment, student)] = rows
        return rows.get(name)

    def find_grade(self, grade_cell: str, notebook: str, assignment: str, student: str) -> Any:
        found = self._row("grades", grade_cell, notebook, assignment, student)
        return found or super().find_grade(grade_cell, notebook, assignment, student)

    def find_comment(self, solution_cell: str, notebook: str, assignment: str, student: str) -> Any:
        found = self._row("comments", solution_cell, notebook, assignment, student)
        return found or super().find_comment(solution_cell, notebook, assignment, student)

    def forget(self) -> None:
        self._rows.clear()


class SharedOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells (its cell logic unchanged) on a gradebook opened once for all
    notebooks, instead of a new Gradebook (engine, schema check) for each one."""

    shared: Any = None

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = self.shared
        nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class BatchSaveAutoGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, its cell logic unchanged, on the batch's gradebook."""

    shared: Any = None

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        meta = resources["nbgrader"]
        self.notebook_id, self.assignment_id = meta["notebook"], meta["assignment"]
        self.student_id, self.db_url = meta["student"], meta["db_url"]
        self.gradebook = self.shared
        return NbGraderPreprocessor.preprocess(self, nb, resources)


class BatchLatePenalties(AssignLatePenalties):
    """nbgrader's AssignLatePenalties on the batch's gradebook: the body of its `preprocess`
    (which opens a Gradebook of its own), with its plugin and penalty check."""

    shared: Any = None

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        meta = resources["nbgrader"]
        self.notebook_id, self.assignment_id = meta["notebook"], meta["assignment"]
        self.student_id, self.db_url = meta["student"], meta["db_url"]
        self.init_plugin()
        self.gradebook = gradebook = self.shared
        assignment = gradebook.find_submission(self.assignment_id, self.student_id)
        notebook = gradebook.find_submission_notebook(
            self.notebook_id, self.assignment_id, self.student_id
        )
        notebook.late_submission_penalty = None
        if assignment.total_seconds_late > 0:
            penalty = self.plugin_inst.late_submission_penalty(
                self.student_id, notebook.score, assignment.total_seconds_late
            )
            if penalty is not None:
                notebook.late_submission_penalty = self._check_late_penalty(notebook, penalty)
        gradebook.db.commit()
        return nb, resources


class DeferredCommits:
    """Stands in for a Gradebook's session: nbgrader commits after every change; here a commit
    flushes, and a rollback undoes the current student's savepoint only."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self.savepoint: Any = None

    def commit(self) -> None:
        self._session.flush()

    def rollback(self) -> None:
        if self.savepoint is not None and self.savepoint.is_active:
            self.savepoint.rollback()
        else:
            self._session.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def enable_savepoints(engine: Any) -> None:
    """Let SQLAlchemy, not pysqlite, begin transactions, so SAVEPOINT works on SQLite (the
    workaround SQLAlchemy's SQLite documentation gives)."""
    from sqlalchemy import event

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _connect(connection: Any, _record: Any) -> None:
        connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    engine.dispose()


_VALIDATORS: dict[int, Any] = {}


class _SchemaCheckedOnce(BaseMetadataValidator):
    """nbgrader's per-cell schema step, checking the JSON schema itself against the metaschema
    once rather than before every cell (`jsonschema.validate` does both, and that check is most
    of CheckCellMetadata's cost). Each cell is validated as nbgrader does: the same version
    checks, and the error jsonschema.validate would raise."""

    def validate_cell(self, cell: Any) -> None:
        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema < self.schema_version:
            raise SchemaTooOldError(
                f"Outdated schema version: {schema} (expected {self.schema_version})",
                schema,
                self.schema_version,
            )
        if schema > self.schema_version:
            raise SchemaTooNewError(
                f"Schema version is too new: {schema} (expected {self.schema_version})",
                schema,
                self.schema_version,
            )
        checker = _VALIDATORS.get(self.schema_version)
        if checker is None:
            kind = jsonschema.validators.validator_for(self.schema)
            kind.check_schema(self.schema)
            checker = _VALIDATORS[self.schema_version] = kind(self.schema)
        error = jsonschema.exceptions.best_match(checker.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class FastMetadataValidator(MetadataValidator, _SchemaCheckedOnce):
    """nbgrader's MetadataValidator (its own checks run first, then the schema step above)."""


class CheckCellMetadataOnce(CheckCellMetadata):
    """nbgrader's CheckCellMetadata with the validator above; the same failure and message."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        try:
            FastMetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources
