"""A private bank outside the repository, merged with the public one by check and generate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core.assignments import check_assignments
from swcourse.core.banks import check_bank
from swcourse.core.course import CourseLayout, load_course, require_course
from swcourse.core.problems import ContentError

ENV = "SWCOURSE_PRIVATE_BANK"
BANK = "quizzes/bank/ch05.yaml"


@pytest.fixture()
def course(course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course's content (no build outputs), with no private bank named."""
    monkeypatch.delenv(ENV, raising=False)
    copy = tmp_path / "course"
    for part in ("book", "quizzes", "notebooks"):
        shutil.copytree(
            course_root / part,
            copy / part,
            ignore=shutil.ignore_patterns("_build", "*.db", "gradebook*"),
        )
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(course_root / name, copy / name)
    return copy


def first_assessment(course: Path) -> dict[str, Any]:
    data = yaml.safe_load((course / BANK).read_text(encoding="utf-8"))
    return next(item for item in data["items"] if item["use"] == "assessment")


def write_private(folder: Path, items: list[dict[str, Any]], name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        yaml.safe_dump({"schema_version": 1, "items": items}, sort_keys=False), encoding="utf-8"
    )
    return path


def move_to_private(course: Path, item_id: str, private: Path) -> dict[str, Any]:
    """Take one item out of the public bank file and put it in the private folder."""
    data = yaml.safe_load((course / BANK).read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["id"] == item_id)
    data["items"].remove(item)
    (course / BANK).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    write_private(private, [item])
    return item


def id_line(path: Path, item_id: str) -> int:
    """The line of `- id: <item_id>` in a file, found by reading it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == f"- id: {item_id}")


def field_line(path: Path, item_id: str, field: str) -> int:
    """The line of `field:` in the item written after `- id: <item_id>`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = id_line(path, item_id)
    return next(
        n for n, line in enumerate(lines, 1) if n > start and line.strip().startswith(f"{field}:")
    )


def messages(problems: list[Any], root: Path) -> list[str]:
    return [p.format(root) for p in problems]


def bank_problems(root: Path) -> list[Any]:
    """What `swcourse check` says of the bank of this (otherwise sound) course: the problems
    loading it, then its rules."""
    course, problems = load_course(root)
    return problems + check_bank(course)


def assignment_problems(root: Path) -> list[Any]:
    return check_assignments(load_course(root)[0])


def test_private_items_complete_the_public_bank(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an assessment item moved to a private folder, do check and the assignments see it
    when the folder is named, and miss it (clearly) when it is not?"""
    layout = CourseLayout(course)
    item = first_assessment(course)
    move_to_private(course, item["id"], tmp_path / "private")
    missing = messages(assignment_problems(course), course)
    assert any(f"item {item['id']} is not in quizzes/bank" in m for m in missing)
    monkeypatch.setenv(ENV, str(tmp_path / "private"))
    assert bank_problems(course) == [] and assignment_problems(course) == []
    assert item["id"] in {i.id for i in list(require_course(layout.root).all_items)}


def test_the_course_config_can_name_the_folder(course: Path, tmp_path: Path) -> None:
    """Does `private_bank:` in quizzes/assignments.yaml work like the variable?"""
    item = first_assessment(course)
    move_to_private(course, item["id"], tmp_path / "private")
    specs = course / "quizzes" / "assignments.yaml"
    specs.write_text(
        specs.read_text(encoding="utf-8") + "private_bank: ../private\n", encoding="utf-8"
    )
    assert bank_problems(course) == [] and assignment_problems(course) == []


def test_an_id_in_both_banks_names_both_files_and_lines(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is an item copied (not moved) into the private bank an error that names the private
    file and line, and the public file and line, in check and in generate?"""
    item = first_assessment(course)
    private = write_private(tmp_path / "private", [item])
    monkeypatch.setenv(ENV, str(tmp_path / "private"))
    expected = (
        f"{private}:{id_line(private, item['id'])}: item id {item['id']} is also used at "
        f"{BANK}:{id_line(course / BANK, item['id'])}; give one of them a new id"
    )
    assert messages(bank_problems(course), course) == [expected]
    result = CliRunner().invoke(main, ["assignments", "generate", "--root", str(course)])
    assert result.exit_code == 1 and expected in result.output


def test_practice_items_stay_public(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is a practice item in the private bank refused (the book shows practice to everyone)?"""
    data = yaml.safe_load((course / BANK).read_text(encoding="utf-8"))
    item = {**next(i for i in data["items"] if i["use"] == "practice"), "id": "q-05-private-one"}
    private = write_private(tmp_path / "private", [item])
    monkeypatch.setenv(ENV, str(tmp_path / "private"))
    with pytest.raises(ContentError) as caught:
        list(require_course(course).all_items)
    assert messages(caught.value.problems, course) == [
        f"{private}:{field_line(private, 'q-05-private-one', 'use')}: q-05-private-one is a "
        "practice item; practice items belong in quizzes/bank, because the book shows them to "
        "everyone"
    ]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing", "no such folder; create it or correct the path"),
        (
            "inside",
            "the folder is inside the course repository, where its answer keys could be "
            "committed and published; move it outside",
        ),
        ("empty", "the folder holds no .yaml bank files"),
    ],
)
def test_a_bad_folder_is_reported_where_it_is_named(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, message: str
) -> None:
    """Does a missing, in-repository or empty folder say what is wrong and where it was named?"""
    folder = {
        "missing": tmp_path / "nowhere",
        "inside": course / "quizzes" / "private",
        "empty": tmp_path / "empty",
    }[where]
    if where != "missing":
        folder.mkdir()
    if where == "inside":
        write_private(folder, [first_assessment(course)])
    monkeypatch.setenv(ENV, str(folder))
    assert messages(bank_problems(course), course) == [
        f"${ENV}:1: the environment variable {ENV} names {folder}: {message}"
    ]


def test_generate_writes_private_items_into_the_notebooks(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does `swcourse assignments generate` with the folder named put the private item (its
    prompt) into its assignment's notebook?"""
    item = first_assessment(course)
    private = tmp_path / "private"
    move_to_private(course, item["id"], private)
    monkeypatch.setenv(ENV, str(private))
    result = CliRunner().invoke(main, ["assignments", "generate", "--root", str(course)])
    assert result.exit_code == 0, result.output
    notebooks = list((course / "quizzes" / "source").rglob("*.ipynb"))
    holding = [nb for nb in notebooks if item["id"] in nb.read_text(encoding="utf-8")]
    assert len(holding) == 1
    first_words = " ".join(item["prompt"].split()[:6])
    assert first_words in " ".join(holding[0].read_text(encoding="utf-8").split())
