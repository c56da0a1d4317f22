"""nbgrader ExportPlugins, so nbgrader's own command writes the same LMS files as `swcourse export`:

    nbgrader export --exporter=swcourse.lms.plugins.CanvasExportPlugin --to=canvas-grades.csv
    nbgrader export --exporter=swcourse.lms.plugins.MoodleExportPlugin --to=moodle/

Run it in the nbgrader course folder (quizzes/): the roster (roster.json), the LMS settings
(lms.yaml) and the course repository (for assignment titles) are found from there.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin
from traitlets import Bool, Unicode

from ..core.course import find_root, load_course
from ..core.problems import ContentError
from .config import load_lms_config
from .export import (
    CANVAS_CSV,
    canvas_rows,
    lms_files,
    moodle_file,
    moodle_item_rows,
    moodle_rows,
    only_known,
    read_grades,
    write_csv,
)
from .roster import load_roster


class _LmsPlugin(ExportPlugin):
    lms_only = Bool(
        False,
        help="Leave out students the imported roster does not place in this "
        "LMS; their ids are logged.",
    ).tag(config=True)
    course_root = Unicode(
        "",
        help="The course repository (with _config.yml) whose "
        "assignments.yaml gives the titles; default: found from the nbgrader "
        "course folder.",
    ).tag(config=True)

    def _course_dir(self) -> Path:
        coursedir = getattr(self.parent, "coursedir", None)
        return Path(coursedir.root if coursedir is not None else ".").resolve()

    def _titles(self, course_dir: Path) -> dict[str, str]:
        """Assignment id -> title from the course; each load problem logged, never dropped."""
        try:
            root = Path(self.course_root) if self.course_root else find_root(course_dir)
        except ContentError as exc:
            self.log.warning("%s; assignments are named by their ids", exc)
            return {}
        course, problems = load_course(root)
        for problem in problems:
            self.log.warning("%s", problem.format(root))
        return course.assignment_titles

    def _table(self, gradebook: Gradebook):
        course_dir = self._course_dir()
        titles = self._titles(course_dir)
        config = load_lms_config(course_dir)
        table = read_grades(gradebook, titles, load_roster(course_dir), config)
        if self.assignment:
            wanted = {str(a) for a in self.assignment}
            table = type(table)(
                [c for c in table.columns if c.id in wanted], table.people, table.scores
            )
        if self.student:
            wanted = {str(s) for s in self.student}
            table = type(table)(
                table.columns, [p for p in table.people if p.id in wanted], table.scores
            )
        return table, config


class CanvasExportPlugin(_LmsPlugin):
    """Canvas gradebook import CSV (see swcourse.lms.export for the columns)."""

    def export(self, gradebook: Gradebook) -> None:
        table, _ = self._table(gradebook)
        if self.lms_only:
            table, left = only_known(table, "canvas")
            for student in left:
                self.log.warning("Left out %s: not in the Canvas roster", student)
        dest = Path(self.to or CANVAS_CSV)
        write_csv(dest, canvas_rows(table))
        self.log.info("Exported grades for Canvas to %s", dest)


class MoodleExportPlugin(_LmsPlugin):
    """Moodle CSV files, one per assignment, into the folder `--to` (default: this folder)."""

    def export(self, gradebook: Gradebook) -> None:
        table, config = self._table(gradebook)
        identity = config.moodle.identity
        folder = Path(self.to or ".")
        folder.mkdir(parents=True, exist_ok=True)
        items = moodle_item_rows(table)
        if self.lms_only:
            table, left = only_known(table, "moodle", identity)
            for student in left:
                self.log.warning("Left out %s: not in the Moodle roster", student)
        write_csv(folder / "moodle-grade-items.csv", items)
        for column in table.columns:
            write_csv(folder / moodle_file(column.id), moodle_rows(table, column, identity))
        self.log.info("Exported grades for Moodle to %s", folder)


__all__ = ["CanvasExportPlugin", "MoodleExportPlugin", "lms_files"]
