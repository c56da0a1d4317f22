"""Checking the question bank against the course's learning objectives.

The bank is quizzes/bank/*.yaml plus, when an instructor names one, a private folder of
assessment items outside the repository (private_bank.py): both load (core/loading.py) and
check alike.
"""

from __future__ import annotations

from collections import Counter

from .course import Course
from .problems import Problem

MIN_ASSESSMENT = 3
MIN_PRACTICE = 2


def check_bank(course: Course) -> list[Problem]:
    """Known objectives, and enough practice and assessment per objective (file and duplicate-id
    problems are load problems, reported by `load_course`)."""
    problems: list[Problem] = []
    objectives = course.objectives_file
    if objectives is None:
        return problems  # reported as a load problem
    known = set(course.objectives)
    for bank in course.banks:
        for index, item in enumerate(bank.model.items):
            for o_index, objective in enumerate(item.objectives):
                if objective not in known:
                    problems.append(
                        bank.problem(
                            f"objective {objective} is not in book/objectives.yaml",
                            "items",
                            index,
                            "objectives",
                            o_index,
                        )
                    )
    counts = Counter(
        (objective, item.use) for item in course.all_items for objective in item.objectives
    )
    for c_index, chapter in enumerate(objectives.model.chapters):
        for o_index, goal in enumerate(chapter.objectives):
            for use, minimum in (("assessment", MIN_ASSESSMENT), ("practice", MIN_PRACTICE)):
                have = counts[(goal.id, use)]
                if have < minimum:
                    problems.append(
                        objectives.problem(
                            f"{goal.id} has {have} {use} item(s) in quizzes/bank; it needs at "
                            f"least {minimum}",
                            "chapters",
                            c_index,
                            "objectives",
                            o_index,
                            "id",
                        )
                    )
    return problems
