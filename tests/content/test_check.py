"""`swcourse check` on the real course (must be clean) and on broken fixtures (exact messages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core.check import check_course
from swcourse.core.course import require_course

FIXTURES = Path(__file__).parent / "fixtures"


def run_check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    lines = [line for line in result.output.splitlines() if line and not line.startswith("Error:")]
    return result.exit_code, lines


def test_real_course_is_valid(course_root: Path) -> None:
    """Does the course as committed pass every content rule?"""
    problems = check_course(course_root)
    assert [p.format(course_root) for p in problems] == []
    assert run_check(course_root) == (0, ["Course content is valid."])


# broken/: the content rules: each broken one once, at its file and line, with advice.
BROKEN = [
    "book/01-chapter.md:1: chapter has no '## Key terms' section",
    "book/01-chapter.md:1: chapter has no '## Summary' section",
    "book/01-chapter.md:1: chapter has no ```{selfcheck} LO-1.1``` block; every objective is "
    "practised in its chapter",
    "book/01-chapter.md:1: chapter has no ```{selfcheck} LO-2.1``` block; every objective is "
    "practised in its chapter",
    "book/01-chapter.md:1: chapter has no {objectives} directive after its title",
    "book/01-chapter.md:3: citation key 'nobody1900' is not in book/references.bib",
    "book/01-chapter.md:5: heading 'A skipped level' skips from level 1 to 4",
    "book/01-chapter.md:7: term 'Settlement house' is not defined in book/glossary/*.yaml",
    "book/01-chapter.md:8: link to '02-missing.md': no such page",
    "book/01-chapter.md:10: page has 2 level-1 headings; use exactly one",
    "book/01-chapter.md:12: no scenario 'no-such-case' in notebooks/scenarios",
    "book/glossary/ch01.yaml:6: glossary term 'friendly visitor' is already defined at "
    "ch01.yaml:3; define it once",
    "book/objectives.yaml:9: objective id LO-1.1 is duplicated (first on line 7)",
    "book/objectives.yaml:11: objective id LO-2.1 is in chapter 1; number it LO-1.<n>",
    "book/objectives.yaml:15: chapter file 'book/02-missing.md' does not exist",
    "notebooks/scenarios/loop.yaml:10: choices form a loop (first -> second -> first); "
    "a play-through must always reach an ending",
    "notebooks/scenarios/loop.yaml:13: choice leads to 'nowhere', which is neither a node "
    "nor an ending",
    "notebooks/scenarios/thin.yaml:2: id 'too-thin' must match the file name 'thin'",
    "notebooks/scenarios/thin.yaml:6: objective LO-9.9 is not in book/objectives.yaml",
    "notebooks/scenarios/thin.yaml:7: the shortest play-through has only 1 decision(s); "
    "every path needs at least 6",
    "notebooks/scenarios/thin.yaml:15: node 'orphan' cannot be reached from the start",
    "notebooks/scenarios/thin.yaml:20: no reachable weak ending; add one",
    "notebooks/scenarios/thin.yaml:21: ending 'meh' cannot be reached from the start",
]


# malformed/: schema errors (malformed id, missing and misspelt fields), by line and field.
MALFORMED = [
    "book/glossary/ch01.yaml:3: terms.0.definition: Field required",
    "book/glossary/ch01.yaml:5: terms.0.meaning: Extra inputs are not permitted",
    "book/objectives.yaml:7: chapters.0.objectives.0.id: Value error, objective id 'LO1.1' "
    "is malformed; write it as LO-<chapter>.<n>",
]


# quizzes/: thin coverage, unassessed objectives, bad items and spare items.
QUIZZES = [
    "book/objectives.yaml:7: LO-1.1 has 1 practice item(s) in quizzes/bank; it needs at least 2",
    "book/objectives.yaml:7: LO-1.1 has 2 assessment item(s) in quizzes/bank; it needs at least 3",
    "book/objectives.yaml:9: LO-1.2 has 0 assessment item(s) in quizzes/bank; it needs at least 3",
    "book/objectives.yaml:9: LO-1.2 has 0 practice item(s) in quizzes/bank; it needs at least 2",
    "book/objectives.yaml:9: LO-1.2 is not assessed by any item in quizzes/assignments.yaml",
    "quizzes/assignments.yaml:3: assessment items in no assignment: q-01-spare; add them to an "
    "assignment or mark them practice",
    "quizzes/assignments.yaml:8: item q-01-practice is a practice item; graded assignments use "
    "assessment items only",
    "quizzes/assignments.yaml:9: item q-01-missing is not in quizzes/bank",
    "quizzes/bank/ch01.yaml:12: item id q-01-one is also used at quizzes/bank/ch01.yaml:3; "
    "give one of them a new id",
    "quizzes/bank/ch01.yaml:13: objective LO-1.9 is not in book/objectives.yaml",
]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [("broken", BROKEN), ("malformed", MALFORMED), ("quizzes", QUIZZES)],
)
def test_fixture_reports_each_problem_at_its_file_and_line(
    fixture: str, expected: list[str]
) -> None:
    """Does `swcourse check` on a broken fixture exit 1 and report exactly its problems, each
    once, at the right file and line, in words that say what to do?"""
    code, lines = run_check(FIXTURES / fixture)
    assert code == 1
    assert lines == expected


def test_outside_a_course_is_a_clear_error(tmp_path: Path) -> None:
    """Does running outside a course say so, instead of crashing?"""
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "not inside a course: no _config.yml with a book/ folder" in result.output


def test_book_cites_at_least_100_distinct_facts(course_root: Path) -> None:
    """Do the chapters, together, state and cite at least 100 distinct facts of the fact sheet?"""

    chapters = require_course(course_root).chapters
    facts = {fact for chapter in chapters for fact in chapter.facts}
    assert len(facts) >= 100, sorted(facts)
