"""Serial `nbgrader autograde` against `swcourse grade` on one synthetic class.

Builds a temporary nbgrader course with one generated assignment and STUDENTS submissions
(answers saved as data, as the answer boxes save them, from perfect to wrong; every SANDBOXED-th
student also added a code cell, so that notebook needs the sandbox). In one run it grades the
class with `swcourse grade`'s engine (in-process, as the command runs it) and, serially with
nbgrader's own CLI, either the whole class (BENCH_SERIAL_SUBSET >= BENCH_STUDENTS) or an evenly
spread subset that includes sandboxed students, whose time is scaled to the class (serial
nbgrader's cost per submission does not depend on class size; a full serial run of 300 takes
most of an hour). Checks that every score of the students both graded is identical, item by
item, and prints both times, the speed-up and the cost of each phase per submission. Target on
2 cores: at least 10x. Run as root with bubblewrap. The load average is printed before and after:
on a shared machine both figures are inflated, and the ratio is what to read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.grading import answers  # noqa: E402

from swcourse.core.answers import answers_path, write_answer  # noqa: E402
from swcourse.core.course import require_course  # noqa: E402
from swcourse.grading.autograde import grade  # noqa: E402
from swcourse.sandbox.sandbox import Limits  # noqa: E402

STUDENTS = int(os.environ.get("BENCH_STUDENTS", "300"))
SUBSET = int(os.environ.get("BENCH_SERIAL_SUBSET", "20"))  # graded serially by nbgrader
SANDBOXED = 50  # every 50th student needs a kernel
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def nbgrader(course: Path, *args: str) -> None:
    subprocess.run(
        [str(BIN / "nbgrader"), *args], cwd=course, env=ENV, check=True, capture_output=True
    )


def make_class(base: Path) -> tuple[Path, str]:
    loaded = require_course(ROOT)
    spec = loaded.assignments[0]
    bank = loaded.items
    course = base / "course"
    course.mkdir()
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "quizzes" / "source" / spec.id, course / "source" / spec.id)
    nbgrader(course, "generate_assignment", spec.id, "--force")
    release = nbformat.read(course / "release" / spec.id / f"{spec.id}.ipynb", as_version=4)
    items = [bank[i] for i in spec.items]
    for s in range(STUDENTS):
        write_submission(course, spec.id, f"student{s:03d}", release, items, s)
    return course, spec.id


def write_submission(
    course: Path,
    assignment: str,
    student: str,
    release: nbformat.NotebookNode,
    items: list,
    seed: int,
) -> None:
    """A collected submission as nbgrader lays it out: the notebook as released, the answers
    saved beside it as the answer boxes save them (perfect, partial or of the wrong kind by
    question), and timestamp.txt. Every SANDBOXED-th student also added a code cell of their
    own, so that notebook must run in the sandbox."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    saved = answers_path(folder, assignment)
    for number, item in enumerate(items, start=1):
        strategy = (answers.perfect, answers.partial, answers.wrong_type)[(seed + number) % 3]
        write_answer(saved, assignment, number, strategy(item))
    nb = nbformat.from_dict(release)
    if seed % SANDBOXED == 0:
        nb.cells.insert(2, nbformat.v4.new_code_cell("import math\nnote = math.sqrt(2)"))
    nbformat.write(nb, folder / f"{assignment}.ipynb")
    (folder / "timestamp.txt").write_text(datetime.now(UTC).isoformat())


def scores(course: Path, assignment: str, students: set[str]) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            (s.student.id, g.name): g.auto_score
            for s in gradebook.assignment_submissions(assignment)
            if s.student.id in students
            for n in s.notebooks
            for g in n.grades
        }


def main() -> None:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="swcourse-grading-bench-") as tmp:
        course, assignment = make_class(Path(tmp))
        serial_course = Path(tmp) / "serial"
        shutil.copytree(course, serial_course)
        everyone = sorted(os.listdir(serial_course / "submitted"))
        subset = everyone[:: max(1, len(everyone) // SUBSET)][:SUBSET]
        for student in os.listdir(serial_course / "submitted"):
            if student not in subset:
                shutil.rmtree(serial_course / "submitted" / student)
        start = time.perf_counter()
        nbgrader(serial_course, "autograde", assignment, "--create", "--force")
        serial_subset = time.perf_counter() - start
        workers = os.cpu_count() or 1
        start = time.perf_counter()
        outcomes = grade(course, assignment, workers, Limits())
        ours = time.perf_counter() - start
        same = scores(serial_course, assignment, set(subset)) == scores(
            course, assignment, set(subset)
        )
        kernels = sum(o.kernel for o in outcomes)
        phases: dict[str, list[float]] = defaultdict(list)
        for outcome in outcomes:
            for phase, seconds in outcome.seconds.items():
                phases[phase].append(seconds)
    per_serial = serial_subset / len(subset)
    serial = per_serial * STUDENTS
    load_after = os.getloadavg()
    print(f"submissions:                 {STUDENTS} (one assignment, {kernels} need the sandbox)")
    print(f"outcomes:                    {dict(Counter(o.status for o in outcomes))}")
    print(
        f"nbgrader autograde (serial): {serial_subset:7.1f} s for {len(subset)} submissions "
        f"({per_serial:.2f} s each), scaled to {STUDENTS}: {serial:7.1f} s"
    )
    print(
        f"swcourse grade ({workers} workers):  {ours:7.1f} s for {STUDENTS} "
        f"({ours / STUDENTS:.3f} s each, wall clock)"
    )
    print(f"speed-up:                    {serial / ours:7.2f}x  (target >= 10x)")
    print(f"identical scores ({len(subset)} students, item by item): {'yes' if same else 'NO'}")
    print(
        f"load average (1 min) before / after: {load_before[0]:.1f} / {load_after[0]:.1f} "
        f"on {os.cpu_count()} cores (above the core count, both times are inflated)"
    )
    print("per-submission cost of each phase (mean, seconds of one worker; record is serial):")
    for phase, values in sorted(phases.items()):
        print(f"  {phase:22s} {sum(values) / len(values):7.3f} s  over {len(values)} notebooks")


if __name__ == "__main__":
    main()
