"""Item analysis (facility, discrimination, flags, mastery) and the HTML report built from a real
nbgrader gradebook."""

from __future__ import annotations

import re
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from swcourse.grading.analysis import (ItemColumn, ScoreMatrix, discrimination, facility, flags,
                                       item_statistics, objective_mastery, pearson,
                                       score_distribution)
from swcourse.grading.gradebook import read_assignment
from swcourse.grading.report import band_counts, write_report

from .conftest import Cycle

# ---------------------------------------------------------------------------- pure analysis


def matrix(rows: list[list[float | None]], max_points: list[float],
           objectives: list[tuple[str, ...]] | None = None) -> ScoreMatrix:
    objectives = objectives or [("LO-1.1",)] * len(max_points)
    items = tuple(ItemColumn(f"q{i}", m, objectives=o)
                  for i, (m, o) in enumerate(zip(max_points, objectives), 1))
    return ScoreMatrix(tuple(f"s{i}" for i in range(len(rows))), items,
                       tuple(tuple(r) for r in rows))


FIVE_BY_THREE = [[1, 2, 0], [1, 1, 1], [0, 2, 1], [0, 0, 0], [1, 2, 1]]


def test_discrimination_is_the_item_rest_correlation() -> None:
    """Does each item's discrimination equal 100 × Pearson's r between its scores and the rest
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
    assert item_statistics(matrix([[None]], [1]))[0].flags == ("not yet graded",)


def test_discrimination_uses_only_students_graded_on_the_item() -> None:
    """Are students with no score on the item left out of its discrimination, while their
    ungraded cells elsewhere count 0 in the rest of the test?"""
    m = matrix([[1, 1, None], [0, 0, 1], [None, 1, 1], [1, 1, 1], [0, 1, 0]], [1, 1, 1])
    item, rest = [1, 0, 1, 0], [1 + 0, 0 + 1, 1 + 1, 1 + 0]  # student s2 left out
    assert discrimination(m, 0) == pytest.approx(100 * statistics.correlation(item, rest))


@pytest.mark.parametrize(("f", "d", "expected"), [
    (90.0, 50.0, ("too easy",)), (89.9, 20.0, ()),
    (20.0, 19.9, ("too hard", "poorly discriminating")),
    (50.0, None, ("poorly discriminating",)), (21.0, -30.0, ("poorly discriminating",)),
    (None, None, ("not yet graded",))])
def test_flags_follow_the_thresholds(f: float | None, d: float | None,
                                     expected: tuple[str, ...]) -> None:
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
                for g in grades}
    return out


def autograded(cycle: Cycle) -> list[tuple[int, object]]:
    return [(n, item) for n, item in enumerate(cycle.items, 1) if item.type != "reflection"]


def test_columns_map_back_to_bank_items(cycle: Cycle, course_root: Path) -> None:
    """Does every grade cell map back to its question number, bank item, type, points and
    learning objectives?"""
    scores = read_assignment(course_root, cycle.assignment, cycle.course)
    columns = scores.matrix.items
    assert [c.item_id for c in columns] == [item.id for item in cycle.items]
    assert [c.number for c in columns] == list(range(1, len(cycle.items) + 1))
    for column, item in zip(columns, cycle.items):
        assert (column.type, column.max_points, column.objectives) == (
            item.type, item.points, tuple(item.objectives))
    assert set(scores.matrix.students) == {"perfect", "partial", "empty", "wrongtypes", "deleted"}
    assert scores.title.startswith("Chapter 2")


def test_perfect_total_is_every_autograded_point(cycle: Cycle, course_root: Path) -> None:
    """Does the perfect student's total equal the sum of the autograded items' points (the
    reflections still await a hand grade, so they are None, not 0)?"""
    m = read_assignment(course_root, cycle.assignment, cycle.course).matrix
    row = dict(zip([c.item_id for c in m.items], m.scores[m.students.index("perfect")]))
    best = sum(item.points for _, item in autograded(cycle))
    assert sum(v for v in row.values() if v is not None) == best
    assert all(row[item.id] is None for item in cycle.items if item.type == "reflection")


def test_facility_matches_the_recorded_scores(cycle: Cycle, course_root: Path) -> None:
    """Is each autograded item's facility the mean of nbgrader's recorded scores over its max,
    leaving out only the grade cell the 'deleted' student removed?"""
    stats = item_statistics(read_assignment(course_root, cycle.assignment, cycle.course).matrix)
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
    assert write_report(course_root, cycle.course, cycle.assignment, out) == out
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
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 3
    assert all((a.get("alt") or "").strip() for a in images)
    assert all((a.get("src") or "").startswith("data:image/png;base64,") for a in images)
    for _, attrs in tags:
        for name in ("src", "href"):
            assert not re.match(r"https?://", attrs.get(name) or ""), attrs
    assert all(a.get("scope") in {"col", "row"} for t, a in tags if t == "th")
    assert sum(t == "table" for t, _ in tags) == sum(t == "caption" for t, _ in tags) == 2
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
