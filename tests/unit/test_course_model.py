"""The one course model: `load_course` reads each file once, indexes it, and drops no problem.

The course is the directive tests' tiny course (tests/sphinx/roots/test-course): one chapter,
two objectives, three bank items, one scenario, one assignment. Expected values are read off
those files by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swcourse.core.course import load_course, require_course
from swcourse.core.models import objective_anchor, objective_chapter, objective_key
from swcourse.core.problems import ContentError

TINY = Path(__file__).parents[1] / "sphinx" / "roots" / "test-course"
BANK = Path("quizzes/bank/ch01.yaml")


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(TINY, root)
    return root


def test_indices_of_a_sound_course(course_root: Path) -> None:
    """Does a sound course load without problems, with every index holding what the files say?"""
    course, problems = load_course(course_root)
    assert problems == []
    assert [c.number for c in course.chapters] == [1]
    assert list(course.objectives) == ["LO-1.1", "LO-1.2"]
    assert list(course.items) == ["q-01-who-helps", "q-01-true", "q-01-order"]
    assert [i.id for i in course.practice_items("LO-1.1")] == ["q-01-who-helps", "q-01-true"]
    assert course.practice_items("LO-1.2") == []  # its one item is an assessment item
    assert course.chapter_of_item(course.items["q-01-order"]) == 1
    assert course.chapter_of_page("book/01-chapter") is course.chapters[0]
    assert course.chapter_of_page("book/hub") is None
    assert list(course.scenario_by_id) == ["first-meeting"]
    assert [a.id for a in course.assignments] == ["ch01-groups"]
    assert set(course.terms) == {"mutual aid"}
    assert "term:mutual-aid" in {card.id for card in course.deck}
    assert [d.id for d in course.decks][:2] == ["all", "chapter-1"]


def test_each_file_is_parsed_once(
    course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading the course twice, and asking it for everything, parses each file exactly once?"""
    log = tmp_path / "parses.log"
    monkeypatch.setenv("SWCOURSE_PARSE_LOG", str(log))
    for _ in range(2):
        course, _ = load_course(course_root)
        _ = course.deck, course.decks, course.items_by_objective
    parsed = log.read_text(encoding="utf-8").splitlines()
    assert sorted(Path(p).relative_to(course_root).as_posix() for p in parsed) == [
        "book/glossary/ch01.yaml",
        "book/objectives.yaml",
        "notebooks/scenarios/first-meeting.yaml",
        "quizzes/assignments.yaml",
        "quizzes/bank/ch01.yaml",
    ]


def test_every_load_problem_is_returned(course_root: Path) -> None:
    """With a broken glossary and a broken bank file, are both problems returned (with their
    lines), and the rest of the course still loaded?"""
    glossary = course_root / "book" / "glossary" / "ch01.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("chapter: 1", "chapter: x"))
    bank = course_root / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("use: practice", "use: homework", 1))
    course, problems = load_course(course_root)
    where = [(p.path.relative_to(course_root).as_posix(), p.line) for p in problems]
    assert where == [("book/glossary/ch01.yaml", 4), ("quizzes/bank/ch01.yaml", 5)]
    assert list(course.objectives) == ["LO-1.1", "LO-1.2"]
    assert course.glossaries == () and course.banks == ()


def test_hosts_that_need_the_whole_course_are_told_why(course_root: Path) -> None:
    """Does a broken bank make `require_course` (what the deck's hosts call) fail with the
    problem, instead of silently giving fewer cards?"""
    bank = course_root / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("key: b", "key: [b", 1))
    with pytest.raises(ContentError) as caught:
        require_course(course_root)
    assert [p.path.name for p in caught.value.problems] == ["ch01.yaml"]
    assert "invalid YAML" in caught.value.problems[0].message


def test_lookups_the_adapters_ask_for(course_root: Path) -> None:
    """Do the lookups the grader, the report, the exports and the flashcards use (objective
    text, assignment titles, chapter titles, decks by name) say what the files say?"""
    course, _ = load_course(course_root)
    assert course.objective_texts == {
        "LO-1.1": "Explain how members of a group help one another.",
        "LO-1.2": "Describe what the worker does to make room for mutual aid.",
    }
    assert course.assignment_titles == {"ch01-groups": "Why groups help"}
    assert course.assignment_by_id["ch01-groups"].item_ids() == ["q-01-order"]
    assert course.chapter_titles == {1: "Why groups help"}
    assert course.find_deck("1").id == "chapter-1"
    assert course.find_deck("all").id == "all"
    with pytest.raises(LookupError, match=r"no deck 'LO-9\.9'"):
        course.find_deck("LO-9.9")
    assert course.timeline_events == ()  # the tiny course draws no timeline


def test_objective_ids_are_read_in_one_place() -> None:
    """Do the objective helpers sort LO-2.10 after LO-2.9, name the chapter and the anchor?"""
    ids = ["LO-2.10", "LO-10.1", "LO-2.9", "odd"]
    assert sorted(ids, key=objective_key) == ["LO-2.9", "LO-2.10", "LO-10.1", "odd"]
    assert objective_chapter("LO-10.1") == 10 and objective_chapter("odd") is None
    assert objective_anchor("LO-5.2") == "lo-5-2"


def test_revise_names_the_broken_file_instead_of_a_traceback(course_root: Path) -> None:
    """Does `swcourse revise` on a course whose bank does not load say which file and line to
    fix (exit 1, no traceback), rather than study a deck with cards missing?"""
    from click.testing import CliRunner

    from swcourse.cli import main

    (course_root / "_config.yml").write_text("title: Tiny\n", encoding="utf-8")
    bank = course_root / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("key: b", "key: [b", 1))
    result = CliRunner().invoke(main, ["revise", "--root", str(course_root)])
    assert result.exit_code == 1
    assert "the course does not load: 1 problem(s) above" in result.output
    assert "quizzes/bank/ch01.yaml:" in result.output and "invalid YAML" in result.output
    assert "Traceback" not in result.output
