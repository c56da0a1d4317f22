"""Hand-made hostile answers files, as the nbgrader path reads them (`cells.saved_answer`, run in
the grading kernel) and as every reader does (`core.answers.read_answers`): each is named in
words, never waits, never raises, and never makes a grade note balloon."""

from __future__ import annotations

import contextlib
import io
import json
import os
import threading
from pathlib import Path

from swcourse.core.answers import answers_path, read_answers, write_answer
from swcourse.grading.cells import ANSWER_CHARS, saved_answer


def test_a_named_pipe_for_a_file_is_named_and_never_waited_on(tmp_path: Path) -> None:
    """Does a named pipe in the answers file's place come back at once as a problem, where a
    plain open would wait for a writer forever?"""
    path = answers_path(tmp_path, "hw")
    os.mkfifo(path)
    done: list[object] = []
    reader = threading.Thread(target=lambda: done.append(read_answers(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert done, "read_answers waited on a named pipe"
    saved = done[0]
    assert saved.answers == {}  # type: ignore[attr-defined]
    assert saved.problems == [f"{path.name}: is not an ordinary file; no answers were kept"]  # type: ignore[attr-defined]


def test_nesting_too_deep_to_read_is_a_damaged_file(tmp_path: Path) -> None:
    """Is JSON nested deeper than the reader can follow reported as damaged, not raised?"""
    path = answers_path(tmp_path, "hw")
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(
        '{"format": "swcourse-answers", "version": 1, "answers": {"1": {"value": ' + deep + "}}}",
        encoding="utf-8",
    )
    saved = read_answers(path)
    assert saved.answers == {}
    assert len(saved.problems) == 1 and "damaged or incomplete" in saved.problems[0]


def test_an_answer_past_the_limit_counts_as_unanswered(tmp_path: Path) -> None:
    """Under nbgrader, is a saved answer longer than the answer limit left out (so its grade
    note cannot carry it) and named, while the other answers still count?"""
    path = answers_path(tmp_path, "hw")
    write_answer(path, "hw", 1, ["a", "b"] * 20_000)  # ~200,000 characters as JSON
    write_answer(path, "hw", 2, "b")
    assert len(json.dumps(read_answers(path).get(1))) > ANSWER_CHARS
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        first = saved_answer("answer_1", "hw", tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        second = saved_answer("answer_2", "hw", tmp_path)
    assert first is None and second == "b"
    assert (
        "Note for question 1: answer limit: the saved answer to question 1 is longer than "
        f"{ANSWER_CHARS:,} characters, so it counts as unanswered." in printed.getvalue()
    )
