"""The key-bias check: fails on hand-written biased fixtures with exact lines, passes the course."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core.bias import Tally, decision_tally, multiple_tally, single_tally
from swcourse.core.check import check_course

from .test_check import FIXTURES, run_check

BIAS = FIXTURES / "bias"


def test_biased_fixture_fails_with_one_line_per_rule() -> None:
    """Are a long-key bank, an over-corrected bank and a give-away scenario each reported?"""
    code, lines = run_check(BIAS)
    assert code == 1
    assert lines == [
        "notebooks/scenarios/biased.yaml:9: the best-scoring choice is clearly the longest option "
        "in 10 of 10 decisions (100%; at most 40%); make the weaker choices as long and as "
        "specific as the best-scoring choice",
        "notebooks/scenarios/biased.yaml:9: the best-scoring choice is option 1 in 10 of 10 "
        "decisions (100%; at most 50%); reorder the choices",
        "notebooks/scenarios/biased.yaml:9: the best-scoring choice is the longest option, if only "
        "just, in 10 of 10 decisions (100%; at most 50%); let the weaker choices be the longer "
        "ones more often",
        "quizzes/bank/ch01.yaml:6: the key is clearly the longest option in 8 of 10 single-choice "
        "items (80%; at most 40%); make the other options as long and as specific as the key",
        "quizzes/bank/ch01.yaml:6: the key is option 1 in 10 of 10 single-choice items (100%; at "
        "most 40%); reorder the options",
        "quizzes/bank/ch01.yaml:6: the key is the longest option, if only just, in 9 of 10 "
        "single-choice items (90%; at most 50%); let the other options be the longer ones more "
        "often",
        "quizzes/bank/ch01.yaml:6: the keyed options run longer than the unkeyed ones in 3 of 4 "
        "choose-all-that-apply items (75%; at most 50%); write the wrong options as fully as the "
        "right ones",
        "quizzes/bank/ch02.yaml:4: the key is clearly the shortest option in 3 of 5 single-choice "
        "items (60%; at most 40%); develop the key as fully as the other options",
    ]


def _table(root: Path) -> dict[str, list[str]]:
    result = CliRunner().invoke(main, ["check", "--bias", "--root", str(root)])
    rows = [line.split() for line in result.output.splitlines()]
    return {row[0]: row[1:] for row in rows if row and row[0].endswith(".yaml")}


def test_bias_table_shows_positions_lengths_and_verdicts() -> None:
    """Does `check --bias` print each file's key positions, length shares and verdict?"""
    table = _table(BIAS)
    assert table == {
        "quizzes/bank/ch01.yaml": [
            "10",
            "100/0/0/0/0",
            "8/10",
            "(80%)",
            "9/10",
            "(90%)",
            "0/10",
            "(0%)",
            "3/4",
            "(75%)",
            "fails",
        ],
        "quizzes/bank/ch02.yaml": [
            "5",
            "0/100/0/0/0",
            "0/5",
            "(0%)",
            "0/5",
            "(0%)",
            "3/5",
            "(60%)",
            "-",
            "fails",
        ],
        "notebooks/scenarios/biased.yaml": [
            "10",
            "100/0/0/0/0",
            "10/10",
            "(100%)",
            "10/10",
            "(100%)",
            "0/10",
            "(0%)",
            "fails",
        ],
    }


def test_real_course_passes_the_bias_check(course_root: Path) -> None:
    """Does every real bank file and scenario pass, and say so in the table?"""
    assert [p.format(course_root) for p in check_course(course_root)] == []
    table = _table(course_root)
    assert len(table) >= 18  # nine bank files and nine scenarios at least
    assert {row[-1] for row in table.values()} == {"ok"}


def test_a_key_within_ten_percent_is_not_the_longest() -> None:
    """Is "longest" judged with a 10% tolerance, so a few characters more do not count?"""
    tally = Tally(Path("bank.yaml"), 1, "bank")
    single_tally(tally, ["x" * 110, "y" * 100, "z" * 60], 0)  # 10% longer: a tie to a reader
    assert (tally.longest, tally.longest_any, tally.shortest) == (0, 1, 0)
    single_tally(tally, ["x" * 111, "y" * 100, "z" * 60], 0)  # 11% longer: clearly longest
    assert tally.longest == 1
    single_tally(tally, ["x" * 90, "y" * 100, "z" * 100], 0)  # every other >10% longer
    assert (tally.count, tally.shortest, dict(tally.positions)) == (3, 1, {0: 3})
    single_tally(tally, ["x" * 100, "y" * 100, "z" * 60], 1)  # a tie is not "longest at all"
    assert (tally.longest_any, dict(tally.positions)) == (2, {0: 3, 1: 1})


def test_whitespace_and_ties_are_judged_as_a_reader_sees_them() -> None:
    """Do folded line breaks count as one space, and do tied best choices share the credit?"""
    tally = Tally(Path("case.yaml"), 1, "scenario")
    decision_tally(tally, ["a  b\n  c " + "d" * 20, "abc " + "d" * 20, "short"], [3, 3, 1])
    assert (tally.longest, dict(tally.positions)) == (1, {0: 1})
    multiple_tally(tally, ["same length", "same length"], ["same length"])
    assert (tally.multiple, tally.leaning) == (1, 0)
