"""Item analysis (facility, discrimination, flags, mastery) and the HTML report built from a real
nbgrader gradebook."""

from __future__ import annotations

import itertools
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from swcourse.classreport.analysis import (
    ItemColumn,
    ScoreMatrix,
    discrimination,
    facility,
    flags,
    item_statistics,
    objective_mastery,
    pearson,
    score_distribution,
)
from swcourse.classreport.report import band_counts, write_report
from swcourse.core.course import require_course
from swcourse.grading.gradebook import read_assignment

from .conftest import Cycle, in_own_thread

# ---------------------------------------------------------------------------- pure analysis


def matrix(
    rows: list[list[float | None]],
    max_points: list[float],
    objectives: list[tuple[str, ...]] | None = None,
) -> ScoreMatrix:
    objectives = objectives or [("LO-1.1",)] * len(max_points)
    items = tuple(
        ItemColumn(f"q{i}", m, objectives=o)
        for i, (m, o) in enumerate(zip(max_points, objectives, strict=False), 1)
    )
    return ScoreMatrix(
        tuple(f"s{i}" for i in range(len(rows))), items, tuple(tuple(r) for r in rows)
    )


FIVE_BY_THREE = [[1, 2, 0], [1, 1, 1], [0, 2, 1], [0, 0, 0], [1, 2, 1]]


def test_discrimination_is_the_item_rest_correlation() -> None:
    """Does each item's discrimination equal 100 x Pearson's r between its scores and the rest
    of the test, computed independently with statistics.correlation?"""
    m = matrix(FIVE_BY_THREE, [1, 2, 1])
    for index in range(3):
        item = [row[index] for row in FIVE_BY_THREE]
        rest = [sum(row) - row[index] for row in FIVE_BY_THREE]
        expected = 100 * statistics.correlation(item, rest)
        assert discrimination(m, index) == pytest.approx(expected)
    # The rest of the test leaves the item out: correlating with the total would differ.
    with_total = 100 * statistics.correlation([1, 1, 0, 0, 1], [3, 3, 3, 0, 4])
    assert discrimination(m, 0) != pytest.approx(with_total)


def test_facility_is_mean_over_max() -> None:
    """Is the facility index the mean item score as a percentage of the item's maximum?"""
    m = matrix(FIVE_BY_THREE, [1, 2, 1])
    assert [s.facility for s in item_statistics(m)] == pytest.approx([60.0, 70.0, 60.0])


def test_zero_variance_gives_no_discrimination() -> None:
    """When everyone scores the same on an item, or on the rest of the test, is the
    discrimination index None (undefined) and the item flagged as poorly discriminating?"""
    same_item = matrix([[1, 0], [1, 1], [1, 0]], [1, 1])
    assert discrimination(same_item, 0) is None
    same_rest = matrix([[0, 1], [1, 1], [1, 1]], [1, 1])
    assert discrimination(same_rest, 0) is None
    assert pearson([1.0], [2.0]) is None
    stats = item_statistics(same_item)
    assert "poorly discriminating" in stats[0].flags and "too easy" in stats[0].flags


def test_unknown_scores_are_left_out_of_facility_with_a_note() -> None:
    """Are None scores (awaiting a hand grade) excluded from facility rather than counted as 0,
    and does the item say how many were left out?"""
    m = matrix([[1, 4], [None, 2], [0, None], [None, 0]], [1, 4])
    stats = item_statistics(m)
    assert stats[0].facility == pytest.approx(50.0)  # (1 + 0) / 2, not (1 + 0) / 4
    assert (stats[0].graded, stats[0].pending) == (2, 2)
    assert stats[0].note == "2 of 4 scores await a hand grade and are left out"
    assert stats[1].note.startswith("1 of 4")
    assert facility([None, None], 3) is None
    assert item_statistics(matrix([[None]], [1]))[0].flags == ("awaiting hand grading",)


def test_discrimination_uses_only_students_graded_on_the_item() -> None:
    """Are students with no score on the item left out of its discrimination, while their
    ungraded cells elsewhere count 0 in the rest of the test?"""
    m = matrix([[1, 1, None], [0, 0, 1], [None, 1, 1], [1, 1, 1], [0, 1, 0]], [1, 1, 1])
    item, rest = [1, 0, 1, 0], [1 + 0, 0 + 1, 1 + 1, 1 + 0]  # student s2 left out
    assert discrimination(m, 0) == pytest.approx(100 * statistics.correlation(item, rest))


@pytest.mark.parametrize(
    ("f", "d", "expected"),
    [
        (90.0, 50.0, ("too easy",)),
        (89.9, 20.0, ()),
        (20.0, 19.9, ("too hard", "poorly discriminating")),
        (50.0, None, ("poorly discriminating",)),
        (21.0, -30.0, ("poorly discriminating",)),
        (None, None, ("awaiting hand grading",)),
    ],
)
def test_flags_follow_the_thresholds(
    f: float | None, d: float | None, expected: tuple[str, ...]
) -> None:
    """Is an item flagged too easy at F >= 90, too hard at F <= 20 and poorly discriminating
    at D < 20 or undefined, and nothing else?"""
    assert flags(f, d) == expected


def test_mastery_is_mean_facility_of_an_objectives_items() -> None:
    """Is an objective's mastery the plain mean of its items' facility, with an item counted
    under every objective it assesses?"""
    m = matrix([[1, 0, 2], [1, 1, 0]], [1, 1, 2], [("LO-2.1",), ("LO-2.1", "LO-2.10"), ("LO-2.9",)])
    mastery = objective_mastery(item_statistics(m))
    assert list(mastery) == ["LO-2.1", "LO-2.9", "LO-2.10"]
    assert mastery["LO-2.1"] == pytest.approx((100 + 50) / 2)
    assert mastery["LO-2.10"] == pytest.approx(50.0)
    assert mastery["LO-2.9"] == pytest.approx(50.0)


def test_distribution_is_totals_as_percentages() -> None:
    """Is each student's total a percentage of the assignment maximum, and is 100% counted in
    the top band of the histogram?"""
    m = matrix([[1, 2, 1], [0, None, 0], [1, 1, 0]], [1, 2, 1])
    assert score_distribution(m) == pytest.approx([100.0, 0.0, 50.0])
    assert band_counts([100.0, 0.0, 50.0, 95.0]) == [1, 0, 0, 0, 0, 1, 0, 0, 0, 2]


# ---------------------------------------------------------------------------- real gradebook


def raw_scores(cycle: Cycle) -> dict[str, dict[str, float | None]]:
    """student -> grade id -> the score nbgrader stored, read straight from the Grade rows."""
    out: dict[str, dict[str, float | None]] = {}
    with Gradebook(f"sqlite:///{cycle.course / 'gradebook.db'}", course_id="") as gradebook:
        for submission in gradebook.find_assignment(cycle.assignment).submissions:
            grades = submission.notebooks[0].grades
            out[submission.student_id] = {
                g.name: g.manual_score if g.manual_score is not None else g.auto_score
                for g in grades
            }
    return out


def autograded(cycle: Cycle) -> list[tuple[int, object]]:
    return [(n, item) for n, item in enumerate(cycle.items, 1) if item.type != "reflection"]


def test_columns_map_back_to_bank_items(cycle: Cycle, course_root: Path) -> None:
    """Does every grade cell map back to its question number, bank item, type, points and
    learning objectives?"""
    scores = read_assignment(require_course(course_root), cycle.assignment, cycle.course)
    columns = scores.matrix.items
    assert [c.item_id for c in columns] == [item.id for item in cycle.items]
    assert [c.number for c in columns] == list(range(1, len(cycle.items) + 1))
    for column, item in zip(columns, cycle.items, strict=False):
        assert (column.type, column.max_points, column.objectives) == (
            item.type,
            item.points,
            tuple(item.objectives),
        )
    assert set(scores.matrix.students) == {"perfect", "partial", "empty", "wrongtypes", "deleted"}
    assert scores.title.startswith("Chapter 2")


def test_perfect_total_is_every_autograded_point(cycle: Cycle, course_root: Path) -> None:
    """Does the perfect student's total equal the sum of the autograded items' points (the
    reflections still await a hand grade, so they are None, not 0)?"""
    m = read_assignment(require_course(course_root), cycle.assignment, cycle.course).matrix
    row = dict(
        zip([c.item_id for c in m.items], m.scores[m.students.index("perfect")], strict=True)
    )
    best = sum(item.points for _, item in autograded(cycle))
    assert sum(v for v in row.values() if v is not None) == best
    assert all(row[item.id] is None for item in cycle.items if item.type == "reflection")


def test_facility_matches_the_recorded_scores(cycle: Cycle, course_root: Path) -> None:
    """Is each autograded item's facility the mean of nbgrader's recorded scores over its max,
    leaving out only the grade cell the 'deleted' student removed?"""
    stats = item_statistics(
        read_assignment(require_course(course_root), cycle.assignment, cycle.course).matrix
    )
    by_id = {s.item.item_id: s for s in stats}
    recorded = raw_scores(cycle)
    for number, item in autograded(cycle):
        values = [r[f"q{number}-{item.id}-grade"] for r in recorded.values()]
        known = [v for v in values if v is not None]
        assert by_id[item.id].facility == pytest.approx(100 * statistics.fmean(known) / item.points)
        assert by_id[item.id].graded == len(known)
    first = autograded(cycle)[0][1]
    assert by_id[first.id].pending == 1  # the deleted grade cell awaits the instructor


class Page(HTMLParser):
    """Collects the tags the accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def report(cycle: Cycle, course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "item-analysis.html"
    assert write_report(require_course(course_root), cycle.course, cycle.assignment, out) == out
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_accessible(report: str) -> None:
    """Does the report have a lang, one h1, no skipped heading level, alt text on every image,
    header cells with scope, captions on tables, and no external URL or script?"""
    page = Page()
    page.feed(report)
    tags = page.tags
    assert next(a for t, a in tags if t == "html").get("lang") == "en"
    levels = [int(t[1]) for t, _ in tags if re.fullmatch(r"h[1-6]", t)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 3
    assert all((a.get("alt") or "").strip() for a in images)
    assert all((a.get("src") or "").startswith("data:image/png;base64,") for a in images)
    for _, attrs in tags:
        for name in ("src", "href"):
            assert not re.match(r"https?://", attrs.get(name) or ""), attrs
    assert all(a.get("scope") in {"col", "row"} for t, a in tags if t == "th")
    assert sum(t == "table" for t, _ in tags) == sum(t == "caption" for t, _ in tags) == 4
    assert "<script" not in report


def test_report_states_the_numbers(report: str, cycle: Cycle) -> None:
    """Does the report give the class size, list every item, state the facility plot's flagged
    items in its alt text, and name the items awaiting hand grading?"""
    assert "Students with a submission: 5" in report
    for item in cycle.items:
        assert item.id in report
    facility_alt = re.search(r'alt="(Bar chart of the facility index[^"]*)"', report)
    assert facility_alt and f"each of {len(cycle.items)} questions" in facility_alt.group(1)
    pending = report.split("<h2>Awaiting hand grading</h2>")[1]
    reflection = next(i for i in cycle.items if i.type == "reflection")
    assert reflection.id in pending and "deleted" in pending


# ---------------------------------------------------------------------------- a class with problems

REFLECTION_GRADES = {
    "perfect": 1.0,
    "partial": 0.5,
    "empty": 0.0,
    "wrongtypes": 0.5,
    "deleted": 1.0,
}  # share of the reflection's points, entered by hand


def broken_class(cycle: Cycle, tmp_path: Path) -> Path:
    """The cycle's class with hand-made damage: partial's grading of Q3 stopped with an error
    (the grading kernel could not import swcourse) and of Q6 timed out; perfect's saved-answers
    file gives Q2 an option that does not exist; empty's saved-answers file is not JSON."""
    import json as _json
    import shutil

    import nbformat

    from swcourse.core.answers import answers_path, write_answer

    course = tmp_path / "course"
    shutil.copytree(cycle.course, course)
    graded = course / "autograded" / "partial" / cycle.assignment / f"{cycle.assignment}.ipynb"
    nb = nbformat.read(graded, as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    q3, q6 = cycle.items[2], cycle.items[5]
    by_id[f"q3-{q3.id}-grade"].outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ModuleNotFoundError",
            evalue="No module named 'swcourse'",
            traceback=[],
        )
    ]
    by_id[f"q6-{q6.id}-grade"].outputs = [
        nbformat.v4.new_output(
            "error",
            ename="CellTimeoutError",
            evalue="A cell timed out while it was being executed, after 30 seconds.",
            traceback=[],
        )
    ]
    nbformat.write(nb, graded)
    write_answer(
        answers_path(course / "autograded" / "perfect" / cycle.assignment, cycle.assignment),
        cycle.assignment,
        2,
        "z",
    )
    answers_path(course / "autograded" / "empty" / cycle.assignment, cycle.assignment).write_text(
        "{not json", encoding="utf-8"
    )
    assert _json  # the module is used by write_answer's format; keep the import honest
    return course


def hand_grade(course: Path, cycle: Cycle) -> None:
    """Enter every reflection's grade as formgrader does (manual_score, needs_manual_grade)."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        for number, item in enumerate(cycle.items, 1):
            if item.type != "reflection":
                continue
            for student, share in REFLECTION_GRADES.items():
                grade = gradebook.find_grade(
                    f"q{number}-{item.id}-answer", cycle.assignment, cycle.assignment, student
                )
                grade.manual_score, grade.needs_manual_grade = share * item.points, False
        gradebook.db.commit()


def test_needs_attention_lists_each_broken_answer(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """Does the report list, per student, the grading cell that stopped with an error, the one
    that timed out, the saved answer naming no option, the damaged answers file, the deleted
    grade cell and every wrongly written answer, with the reason in words, and nothing for 'perfect'
    beyond its one bad saved answer?"""
    from swcourse.classreport.report import find_attention

    course = broken_class(cycle, tmp_path)
    scores = read_assignment(require_course(course_root), cycle.assignment, course)
    found = find_attention(require_course(course_root), course, scores)
    flat = {(a.student, a.number, a.kind) for entries in found.values() for a in entries}
    reflections = {n for n, i in enumerate(cycle.items, 1) if i.type == "reflection"}
    assert {(s, n, k) for s, n, k in flat if s == "partial"} == {
        ("partial", 3, "stopped with an error"),
        ("partial", 6, "timed out"),
    }
    assert {(s, n, k) for s, n, k in flat if s == "perfect"} == {
        ("perfect", 2, "written in the wrong form")
    }
    assert {(s, n, k) for s, n, k in flat if s == "empty"} == {
        ("empty", 0, "written in the wrong form")
    }
    assert {(s, n, k) for s, n, k in flat if s == "deleted"} == {("deleted", 1, "not graded")}
    wrong = {n for s, n, k in flat if s == "wrongtypes" and k == "written in the wrong form"}
    assert wrong == set(range(1, len(cycle.items) + 1)) - reflections
    reasons = {(a.student, a.number): a.reason for entries in found.values() for a in entries}
    assert "grading cell stopped with an error" in reasons[("partial", 3)]
    assert "No module named 'swcourse'" in reasons[("partial", 3)]
    assert "time limit" in reasons[("partial", 6)]
    assert "use one of ['a', 'b', 'c', 'd']" in reasons[("perfect", 2)]
    assert "write True or False" in reasons[("wrongtypes", 4)]
    out = tmp_path / "report.html"
    write_report(require_course(course_root), course, cycle.assignment, out)
    html = out.read_text(encoding="utf-8")
    section = html.split("<h2>Needs attention</h2>")[1].split("<h2>")[0]
    assert "Students with answers that need attention: 5" in html
    assert section.count("<tr>") == 1 + len(flat)  # header row + one per problem


def test_ungraded_reflections_are_shown_as_awaiting_then_judged(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """Before hand grading, is each reflection 'awaiting hand grading' (never 'too hard' at
    0%), and after the grades are entered, is its facility the hand-entered mean?"""
    from swcourse.classreport.analysis import item_statistics as stats_of

    course = broken_class(cycle, tmp_path)
    out = tmp_path / "before.html"
    write_report(require_course(course_root), course, cycle.assignment, out)
    html = out.read_text(encoding="utf-8")
    reflections = [(n, i) for n, i in enumerate(cycle.items, 1) if i.type == "reflection"]
    rows = {m[0]: m[1] for m in re.findall(r'<tr><th scope="row">(Q\d+)</th>(.*?)</tr>', html)}
    for number, _ in reflections:
        assert "awaiting hand grading" in rows[f"Q{number}"]
        assert "too hard" not in rows[f"Q{number}"] and "0%" not in rows[f"Q{number}"]
    alt = re.search(r'alt="(Bar chart of the facility index[^"]*)"', html).group(1)
    assert "Awaiting hand grading, no bar: " + ", ".join(f"Q{n}" for n, _ in reflections) in alt
    hand_grade(course, cycle)
    by_id = {
        s.item.item_id: s
        for s in stats_of(
            read_assignment(require_course(course_root), cycle.assignment, course).matrix
        )
    }
    for _, item in reflections:
        assert by_id[item.id].facility == pytest.approx(100 * 3.0 / 5)  # (1+.5+0+.5+1)/5
        assert by_id[item.id].pending == 0


CLIPPED = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table')) {
    const box = table.parentElement;
    if (table.scrollWidth > box.clientWidth + 1) out.push('table wider than its box: '
        + table.querySelector('caption').textContent);
    for (const cell of table.querySelectorAll('th, td')) {
      const r = cell.getBoundingClientRect();
      if (r.right > document.documentElement.clientWidth + 1 || cell.scrollWidth >
          cell.clientWidth + 1) out.push('cut off: ' + cell.textContent.slice(0, 40));
    }
  }
  return out;
}"""


def test_report_in_chromium_at_1280_and_in_print(
    cycle: Cycle, course_root: Path, tmp_path: Path
) -> None:
    """In Debian's Chromium at 1280 px, and in print media, is no table or cell of the broken
    class's report cut off, and does axe-core find no WCAG 2.1 A/AA violation?"""
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS
    from tests.browser.test_accessibility import AXE_TAGS

    course = broken_class(cycle, tmp_path)
    out = tmp_path / "report.html"
    write_report(require_course(course_root), course, cycle.assignment, out)
    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

    def drive() -> None:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(out.as_uri())
            assert page.evaluate(CLIPPED) == []
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
            assert [v["id"] for v in result["violations"]] == []
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
            assert page.evaluate(CLIPPED) == []
            browser.close()

    in_own_thread(drive)


def test_a_partly_marked_reflection_is_not_judged() -> None:
    """Is a reflection with some answers still unmarked given no facility or discrimination and
    only the 'awaiting hand grading' flag, while an autograded item with a missing score is
    still judged on the scores it has?"""
    items = (ItemColumn("r", 4, type="reflection"), ItemColumn("a", 1, type="single"))
    m = ScoreMatrix(("s1", "s2", "s3"), items, ((0.0, 1.0), (None, 0.0), (None, None)))
    reflection, single = item_statistics(m)
    assert (reflection.facility, reflection.discrimination, reflection.flags) == (
        None,
        None,
        ("awaiting hand grading",),
    )
    assert (reflection.graded, reflection.pending) == (1, 2)
    assert single.facility == pytest.approx(50.0)


def test_old_style_typed_answers_are_told_in_words() -> None:
    """In an old-style (already released) notebook with typed answers: is an answer cell that
    does not parse told in plain words, a format check's complaint listed once, and a grade
    cell's error told as the grading's own, not the student's?"""
    import nbformat

    from swcourse.classreport.attention import ERRORED, MALFORMED, notebook_problems

    def cell(grade_id: str, output: dict[str, object]) -> object:
        made = nbformat.v4.new_code_cell("", metadata={"nbgrader": {"grade_id": grade_id}})
        made.outputs = [nbformat.v4.new_output(**output)]
        return made

    error = {"output_type": "error", "traceback": []}
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("q1-q-02-old-answer", {**error, "ename": "SyntaxError", "evalue": "bad (line 1)"}),
        cell("q1-q-02-old-check", {**error, "ename": "NameError", "evalue": "answer_1"}),
        cell(
            "q2-q-02-old-check",
            {
                "output_type": "stream",
                "name": "stdout",
                "text": "Check answer_2: use one of ['a'].",
            },
        ),
        cell("q3-q-02-old-grade", {**error, "ename": "KeyError", "evalue": "'key'"}),
    ]
    found = {(a.number, a.kind): a.reason for a in notebook_problems("s", nb)}
    assert set(found) == {(1, ERRORED), (2, MALFORMED), (3, ERRORED)}
    assert "not written in a form Python can read" in found[(1, ERRORED)]
    assert found[(2, MALFORMED)] == "Check answer_2: use one of ['a']."
    assert "grading cell stopped with an error (KeyError: 'key')" in found[(3, ERRORED)]
