"""Each command that needs the course loads it once at its edge and hands the one `Course` down:
every course file is parsed exactly once per run (the build benchmark's figure, for the CLI).

The loader's per-process cache is switched off here, so a second read of a file anywhere in a
command shows as a second parse instead of being hidden. The course is the directive tests'
tiny course; the expected files are listed by hand from it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core import yamlio

TINY = Path(__file__).parents[1] / "sphinx" / "roots" / "test-course"
EXPECTED = [
    "book/glossary/ch01.yaml",
    "book/objectives.yaml",
    "notebooks/scenarios/first-meeting.yaml",
    "quizzes/assignments.yaml",
    "quizzes/bank/ch01.yaml",
]


class _KeepsNothing(dict):  # type: ignore[type-arg]
    """A cache that never keeps what it is given."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(TINY, root)
    (root / "_config.yml").write_text("title: Tiny\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["assignments", "generate"],
        ["assignments", "generate", "--check"],
        ["bank", "export", "--format", "moodle", "--out", "{tmp}/bank.xml"],
        ["revise", "--anki", "{tmp}/deck.apkg"],
    ],
)
def test_a_command_parses_each_course_file_once(
    command: list[str], course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does the command succeed having parsed every course file exactly once, none skipped?"""
    log = tmp_path / "parses.log"
    monkeypatch.setenv("SWCOURSE_PARSE_LOG", str(log))
    monkeypatch.setattr(yamlio, "_LOADED", _KeepsNothing())
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = CliRunner().invoke(main, [*args, "--root", str(course_root)])
    assert result.exit_code in (0, 1), result.output  # --check fails: nothing generated yet
    assert "Traceback" not in result.output
    parsed = log.read_text(encoding="utf-8").splitlines()
    assert sorted(Path(p).relative_to(course_root).as_posix() for p in parsed) == EXPECTED


@pytest.mark.parametrize(
    "command",
    [
        ["assignments", "generate"],
        ["report", "ch01-groups"],
        ["export"],
        ["handgrade", "ch01-groups", "--no-serve"],
        ["bank", "export", "--format", "qti"],
        ["revise"],
    ],
)
def test_a_command_on_a_broken_course_lists_every_problem(
    command: list[str], course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a broken glossary and a broken bank file, does the command name both files and
    lines, as `swcourse check` does, write nothing and show no traceback?"""
    glossary = course_root / "book" / "glossary" / "ch01.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("chapter: 1", "chapter: x"))
    bank = course_root / "quizzes" / "bank" / "ch01.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("use: practice", "use: homework", 1))
    before = sorted(p.relative_to(course_root) for p in course_root.rglob("*"))
    monkeypatch.chdir(tmp_path)  # where a default output file would land
    result = CliRunner().invoke(main, [*command, "--root", str(course_root)])
    assert result.exit_code == 1
    assert "book/glossary/ch01.yaml:4: " in result.output
    assert "quizzes/bank/ch01.yaml:5: " in result.output
    assert "the course does not load: 2 problem(s) above" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(course_root) for p in course_root.rglob("*")) == before
