"""Item analysis of a graded assignment: how hard each question was and whether it told apart
students who knew more from students who knew less.

The statistics follow Moodle quiz statistics: facility index, discrimination index (see the
MoodleDocs pages "Quiz report statistics" and "Quiz statistics calculations"), so an instructor
who knows Moodle's report reads these numbers the same way. Only the standard library is used:
the functions take a plain score matrix so they can be tested without nbgrader or a gradebook.

A cell of the matrix is `None` while its score is not known yet (a reflection still awaiting a
hand grade, or a grade cell the student deleted). Such cells are left out of that item's own
statistics rather than counted as zero, because a missing hand grade says nothing about how hard
the question was; every item's statistics report how many scores they rest on. A reflection is
judged only once every answer to it is marked: until then it is "awaiting hand grading".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import fmean, median

from ..core.models import objective_key

TOO_EASY = 90.0  # facility at or above this: Moodle reads 90-94 as very easy, 95+ extremely easy
TOO_HARD = 20.0  # facility at or below this: Moodle reads 11-20 as difficult, below as worse
WEAK_DISCRIMINATION = 20.0  # Moodle reads 0-19 as very weak discrimination, negative as bad

Cell = float | None
AWAITING = "awaiting hand grading"
HAND_GRADED = "reflection"  # the item type marked by hand; judged only once fully marked


@dataclass(frozen=True)
class ItemColumn:
    """One column of the matrix: a graded question and what it assesses."""

    name: str  # the nbgrader grade id, e.g. "q5-q-02-reflect-two-definitions-answer"
    max_points: float
    item_id: str = ""
    number: int = 0
    type: str = ""
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreMatrix:
    """Students × items: `scores[s][i]` is student s's score on item i, or None if not known."""

    students: tuple[str, ...]
    items: tuple[ItemColumn, ...]
    scores: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        if len(self.scores) != len(self.students):
            raise ValueError(f"{len(self.scores)} score rows for {len(self.students)} students")
        for student, row in zip(self.students, self.scores, strict=True):
            if len(row) != len(self.items):
                raise ValueError(f"{student} has {len(row)} scores for {len(self.items)} items")

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.scores]


@dataclass(frozen=True)
class ItemStats:
    """Facility and discrimination of one item, with the flags an instructor should look at."""

    item: ItemColumn
    facility: float | None
    discrimination: float | None
    graded: int
    pending: int
    flags: tuple[str, ...] = field(default=())

    @property
    def note(self) -> str:
        """Says when some scores were left out, so a number is not read as the whole class's."""
        if not self.pending:
            return ""
        return (
            f"{self.pending} of {self.graded + self.pending} scores await a hand grade and "
            "are left out"
        )


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equally long samples; None when either does not vary (r undefined)."""
    if len(xs) != len(ys):
        raise ValueError("pearson needs two samples of the same length")
    if len(xs) < 2:
        return None
    mx, my = fmean(xs), fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def facility(scores: Sequence[Cell], max_points: float) -> float | None:
    """Facility index F = 100 × mean item score / maximum item score (Moodle quiz statistics:
    facility index, with the item's minimum score 0). Unknown scores are left out; None when
    no score is known yet."""
    known = [s for s in scores if s is not None]
    if not known or max_points <= 0:
        return None
    return 100.0 * fmean(known) / max_points


def discrimination(matrix: ScoreMatrix, index: int) -> float | None:
    """Discrimination index D = 100 × r(item score, rest-of-test score) (Moodle quiz statistics:
    discrimination index), where the rest of the test is the student's total minus this item.

    Using the rest of the test, not the total, keeps the item from correlating with itself.
    Only students whose score on this item is known take part; in their rest-of-test score an
    item that is not yet graded counts 0, as in nbgrader's running total. None when fewer than
    two students take part or either score does not vary (the correlation is undefined).
    """
    item_scores: list[float] = []
    rest_scores: list[float] = []
    for row in matrix.scores:
        own = row[index]
        if own is None:
            continue
        item_scores.append(own)
        rest_scores.append(sum(s for j, s in enumerate(row) if j != index and s is not None))
    r = pearson(item_scores, rest_scores)
    return None if r is None else 100.0 * r


def flags(facility_index: float | None, discrimination_index: float | None) -> tuple[str, ...]:
    """Moodle's reading of the two indices turned into labels for the items worth a second look.

    An item with no known score yet gets only "awaiting hand grading": judging it would mislead.
    """
    if facility_index is None:
        return (AWAITING,)
    found: list[str] = []
    if facility_index >= TOO_EASY:
        found.append("too easy")
    if facility_index <= TOO_HARD:
        found.append("too hard")
    if discrimination_index is None or discrimination_index < WEAK_DISCRIMINATION:
        found.append("poorly discriminating")
    return tuple(found)


def item_statistics(matrix: ScoreMatrix) -> list[ItemStats]:
    """Facility, discrimination and flags for every item, in the matrix's item order."""
    stats: list[ItemStats] = []
    for index, item in enumerate(matrix.items):
        column = matrix.column(index)
        graded = sum(s is not None for s in column)
        if item.type == HAND_GRADED and graded < len(column):
            # nbgrader scores an untouched answer cell 0 by itself, so a reflection shows a
            # few scores before anyone has marked it: judged on those it would read "too hard".
            f = d = None
        else:
            f, d = facility(column, item.max_points), discrimination(matrix, index)
        stats.append(ItemStats(item, f, d, graded, len(column) - graded, flags(f, d)))
    return stats


def objective_mastery(stats: Sequence[ItemStats]) -> dict[str, float | None]:
    """Mastery of each learning objective = mean facility of its items (those with a facility).

    A plain mean, not weighted by points, so a five-point reflection does not drown out the
    one-point items that assess the same objective. None when no item of it is graded yet.
    """
    per_objective: dict[str, list[float]] = {}
    for stat in stats:
        for objective in stat.item.objectives:
            values = per_objective.setdefault(objective, [])
            if stat.facility is not None:
                values.append(stat.facility)
    return {
        objective: (fmean(values) if values else None)
        for objective, values in sorted(per_objective.items(), key=lambda kv: objective_key(kv[0]))
    }


def totals(matrix: ScoreMatrix) -> list[float]:
    """Each student's points so far (unknown scores count 0, as in nbgrader's total)."""
    return [sum(s for s in row if s is not None) for row in matrix.scores]


def max_total(matrix: ScoreMatrix) -> float:
    return sum(item.max_points for item in matrix.items)


def score_distribution(matrix: ScoreMatrix) -> list[float]:
    """Each student's total as a percentage of the assignment's maximum: the class distribution."""
    best = max_total(matrix)
    if best <= 0:
        return [0.0 for _ in matrix.students]
    return [100.0 * total / best for total in totals(matrix)]


def summary(percentages: Sequence[float]) -> tuple[float | None, float | None]:
    """Mean and median of the distribution; None for an empty class."""
    if not percentages:
        return None, None
    return fmean(percentages), median(percentages)


def pending_cells(matrix: ScoreMatrix) -> dict[str, list[str]]:
    """Item name -> the students whose score on it is not known yet (only items with some)."""
    waiting: dict[str, list[str]] = {}
    for index, item in enumerate(matrix.items):
        names = [
            student
            for student, score in zip(matrix.students, matrix.column(index), strict=True)
            if score is None
        ]
        if names:
            waiting[item.name] = names
    return waiting
