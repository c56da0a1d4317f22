"""The saved-answers file: atomic, keeps every other answer, never trusts a damaged file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from swcourse.core.answers import answers_path, read_answers, write_answer


def test_answers_accumulate_and_clear(tmp_path: Path) -> None:
    """Does each write keep the other answers, and does None clear only its own?"""
    path = answers_path(tmp_path, "ch05")
    write_answer(path, "ch05", 1, "b")
    write_answer(path, "ch05", 3, ["a", "c"])
    write_answer(path, "ch05", 1, None)
    write_answer(path, "ch05", 2, True)
    assert read_answers(path).answers == {2: True, 3: ["a", "c"]}
    assert json.loads(path.read_text())["notebook"] == "ch05"
    assert [p.name for p in tmp_path.iterdir()] == ["ch05.answers.json"]  # no temporary left


def test_missing_file_is_no_problem(tmp_path: Path) -> None:
    """Is a student who has answered nothing yet told nothing is wrong?"""
    saved = read_answers(answers_path(tmp_path, "ch05"))
    assert saved.answers == {} and saved.problems == []


def test_damaged_file_is_reported_and_kept(tmp_path: Path) -> None:
    """Is a truncated file named in the problem, and moved aside rather than overwritten?"""
    path = answers_path(tmp_path, "ch05")
    path.write_text('{"format": "swcourse-answers", "version": 1, "answers": {"1": {"val')
    saved = read_answers(path)
    assert saved.answers == {}
    assert saved.problems and "ch05.answers.json" in saved.problems[0]
    write_answer(path, "ch05", 4, "mutual aid")
    assert read_answers(path).answers == {4: "mutual aid"}
    damaged = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(damaged) == 1 and damaged[0].read_text().endswith('"val')


def test_bad_entries_are_left_out_one_by_one(tmp_path: Path) -> None:
    """Does one hand-edited entry cost only itself, with the others kept?"""
    path = answers_path(tmp_path, "ch05")
    path.write_text(
        json.dumps(
            {
                "format": "swcourse-answers",
                "version": 1,
                "notebook": "ch05",
                "answers": {"1": {"value": "a"}, "x": {"value": "b"}, "3": "c"},
            }
        )
    )
    saved = read_answers(path)
    assert saved.answers == {1: "a"}
    assert len(saved.problems) == 2


def test_symlinked_file_is_not_followed(tmp_path: Path) -> None:
    """Can a planted symlink make the grader read another file as answers?"""
    target = tmp_path / "elsewhere.json"
    target.write_text(
        json.dumps({"format": "swcourse-answers", "version": 1, "answers": {"1": {"value": "a"}}})
    )
    path = answers_path(tmp_path, "ch05")
    os.symlink(target, path)
    saved = read_answers(path)
    assert saved.answers == {} and saved.problems
