"""Item types are classes in a registry: a type registered here is scored, checked and graded
by the same doors the built-in types go through, with no other module edited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pytest

from swcourse.assignment import clean_value
from swcourse.core.bank_schema import BankFile
from swcourse.core.course import require_course
from swcourse.core.feedback import feedback_facts
from swcourse.core.items import ItemBase, SingleChoice, item_types, registered
from swcourse.core.problems import ContentError
from swcourse.core.scoring import score
from swcourse.core.yamlio import load_model
from swcourse.grading.cells import check_format, grade_answer


class Rating(ItemBase):
    """A made-up type: how strongly a statement holds, 1 to 5; one step off earns half."""

    label = "rating"
    how_to_write = "a whole number from 1 to 5, without quotes"

    type: Literal["rating"]
    key: int

    def fraction(self, answer: Any) -> float:
        if not isinstance(answer, int) or isinstance(answer, bool):
            return 0.0
        return {0: 1.0, 1: 0.5}.get(abs(answer - self.key), 0.0)

    def part_facts(self, answer: Any) -> dict[str, Any]:
        return {"given": answer if isinstance(answer, int) else None}

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5
        return None if ok else "write a whole number from 1 to 5"

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return value
        return super().clean_answer(question, value)

    def answer_lines(self, value: Any) -> list[str]:
        return [f"**You chose:** {value}"] if isinstance(value, int) else []


RATING = {
    "id": "q-05-rating-trial",
    "type": "rating",
    "objectives": ["LO-5.1"],
    "use": "assessment",
    "difficulty": "easy",
    "prompt": "How far does this statement hold?",
    "points": 2,
    "key": 4,
}


def test_a_registered_type_is_scored_checked_and_graded() -> None:
    """Once a new type is registered, do scoring, feedback facts, the old-style format check,
    the saved-answer check and the grade cell all use its rules?"""
    with registered(Rating):
        assert list(item_types())[-1] == "rating"
        model = Rating.model_validate(RATING)
        assert [score(model, a) for a in (4, 3, 5, 1, "4")] == [2.0, 1.0, 1.0, 0.0, 0.0]
        assert feedback_facts(model, 3)["verdict"] == "partial"
        assert grade_answer(RATING, 5) == 1.0
        assert grade_answer(RATING, 4) == 2.0
        assert check_format(1, "rating", 9) == "Check answer_1: write a whole number from 1 to 5."
        assert check_format(1, "rating", 3).startswith("OK: answer_1 is written correctly")
        assert check_format(1, "rating", None) == (
            "answer_1 is not answered yet: write a whole number from 1 to 5, without quotes."
        )
        assert clean_value({"type": "rating"}, 5) == 5
        with pytest.raises(ValueError, match="not an answer to a rating question"):
            clean_value({"type": "rating"}, 7)


def test_an_unregistered_type_earns_nothing_and_is_gone() -> None:
    """After the type is removed again, is a question of that type no longer graded (it earns
    nothing, never crashes) and no longer listed?"""
    with registered(Rating):
        pass
    assert "rating" not in item_types()
    assert grade_answer(RATING, 4) == 0.0
    with pytest.raises(ValueError, match="not an answer to a rating question"):
        clean_value({"type": "rating"}, 4)


def test_a_type_name_is_taken_only_once() -> None:
    """Can a second class claim a built-in type's name? (It must not silently replace it.)"""

    class Impostor(SingleChoice):
        pass

    with (
        pytest.raises(ValueError, match="'single' is already registered by SingleChoice"),
        registered(Impostor),
    ):
        pass
    assert item_types()["single"] is SingleChoice


def test_answer_box_data_comes_from_the_item_classes(course_root: Path) -> None:
    """Does every bank item's answer-box data carry every id a student must choose from, and
    never a key, an explanation or feedback (the student's notebook holds this data)?"""
    items = list(require_course(course_root).all_items)
    assert {i.type for i in items} >= set(item_types())
    secret = {"key", "explanation", "feedback", "accept", "model_answer"}
    for item in items:
        data = item.box_data()
        assert data["type"] == item.type and data["item"] == item.id
        assert not secret & set(data), item.id
        for field in ("options", "items", "left", "right", "vignettes"):
            if hasattr(item, field):
                shown = [entry["id"] for entry in data[field]]
                assert shown == [entry.id for entry in getattr(item, field)], (item.id, field)


def test_a_bank_file_with_a_registered_type_loads(tmp_path: Path) -> None:
    """Does `swcourse check`'s bank loader accept an item of a newly registered type, and
    report it by file, line and type name once the type is gone?"""
    entries = "\n".join(f"    {key}: {json.dumps(value)}" for key, value in RATING.items())
    text = f"schema_version: 1\nitems:\n  -\n{entries}\n"
    bank, later = tmp_path / "rating.yaml", tmp_path / "later" / "rating.yaml"
    later.parent.mkdir()
    for path in (bank, later):  # two files: load_model keeps each file's first result
        path.write_text(text, encoding="utf-8")
    with registered(Rating):
        loaded = load_model(bank, BankFile)
        assert [type(item).__name__ for item in loaded.model.items] == ["Rating"]
    with pytest.raises(ContentError) as raised:
        load_model(later, BankFile)
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == (later, 4)  # the item's first field
    assert "'rating'" in problem.message
