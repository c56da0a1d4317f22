"""Serial `nbgrader autograde` against `swcourse grade` on one synthetic class.

Builds a temporary nbgrader course with three generated assignments and 20 submissions each
(60 in all; answers vary from perfect to wrong), grades one copy with nbgrader's own CLI and an
identical copy with `swcourse grade` (sandboxed, parallel), checks that every score is the same,
and prints both times and the speed-up. Target on 2 cores: at least 1.8x.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from swcourse.core.assignments import load_assignments  # noqa: E402
from swcourse.core.banks import all_items, load_banks  # noqa: E402
from swcourse.core.course import CourseLayout  # noqa: E402
from tests.grading import answers  # noqa: E402

ASSIGNMENTS = 3
STUDENTS = 20
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def nbgrader(course: Path, *args: str) -> None:
    subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=ENV, check=True,
                   capture_output=True)


def make_class(base: Path) -> tuple[Path, list[str]]:
    layout = CourseLayout(ROOT)
    specs = load_assignments(layout).model.assignments[:ASSIGNMENTS]
    banks, _ = load_banks(layout)
    bank = {item.id: item for item in all_items(banks)}
    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course)
    for spec in specs:
        shutil.copytree(ROOT / "quizzes" / "source" / spec.id, course / "source" / spec.id)
        nbgrader(course, "generate_assignment", spec.id, "--force")
        release = nbformat.read(course / "release" / spec.id / f"{spec.id}.ipynb", as_version=4)
        items = [bank[i] for i in spec.items]
        for s in range(STUDENTS):
            write_submission(course, spec.id, f"student{s:02d}", release, items, s)
    return course, [spec.id for spec in specs]


def write_submission(course: Path, assignment: str, student: str, release: nbformat.NotebookNode,
                     items: list, seed: int) -> None:
    """A collected submission as nbgrader lays it out (notebook plus timestamp.txt)."""
    nb = nbformat.from_dict(nbformat.from_dict(release))
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for number, item in enumerate(items, start=1):
        strategy = (answers.perfect, answers.partial, answers.wrong_type)[(seed + number) % 3]
        value = strategy(item)
        cell = cells[f"q{number}-{item.id}-answer"]
        cell.source = value if answers.is_reflection(item) else f"answer_{number} = {value!r}"
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")
    (folder / "timestamp.txt").write_text(datetime.now(timezone.utc).isoformat())


def scores(course: Path, assignments: list[str]) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {(a, s.student.id, g.name): g.auto_score for a in assignments
                for s in gradebook.assignment_submissions(a) for n in s.notebooks for g in n.grades}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="swcourse-grading-bench-") as tmp:
        course, assignments = make_class(Path(tmp))
        ours = Path(tmp) / "ours"
        shutil.copytree(course, ours)
        start = time.perf_counter()
        for assignment in assignments:
            nbgrader(course, "autograde", assignment, "--create", "--force")
        serial = time.perf_counter() - start
        start = time.perf_counter()
        for assignment in assignments:
            subprocess.run([str(BIN / "swcourse"), "grade", "--course", str(ours), assignment],
                           env=ENV, check=True, capture_output=True)
        parallel = time.perf_counter() - start
        same = scores(course, assignments) == scores(ours, assignments)
        total = len(list((course / "submitted").rglob("*.ipynb")))
    print(f"submissions:                 {total} ({ASSIGNMENTS} assignments x {STUDENTS} students)")
    print(f"nbgrader autograde (serial): {serial:6.1f} s")
    print(f"swcourse grade ({os.cpu_count()} workers): {parallel:6.1f} s  (sandboxed)")
    print(f"speed-up:                    {serial / parallel:6.2f}x  (target >= 1.8x)")
    print(f"identical scores:            {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
