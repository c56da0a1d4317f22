"""Scoring rules per question type, including partial credit and tolerant text matching."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from swcourse.core.scoring import normalise_text, score

from ..fixture_items import MATCH, TWO_SITUATIONS, item, opts


def test_single_choice_accepts_case_and_spacing() -> None:
    """Does ' B ' count as option b, and anything else as wrong?"""
    q = item(id="q-05-single", type="single", options=opts("a", "b", "c"), key="b")
    assert (score(q, " B "), score(q, "a"), score(q, 2)) == (1.0, 0.0, 0.0)


def test_true_false_needs_a_real_boolean() -> None:
    """Is the string 'False' refused where the boolean False is expected?"""
    q = item(
        id="q-05-tf",
        type="true_false",
        key=False,
        explanation_true="Not so, because.",
        explanation_false="Right, because.",
    )
    assert (score(q, False), score(q, True), score(q, "False")) == (1.0, 0.0, 0.0)


def test_multiple_select_partial_credit_never_negative() -> None:
    """Right picks minus wrong picks over the right count, floored at zero."""
    q = item(
        id="q-05-multi", type="multiple", options=opts("a", "b", "c", "d"), key=["a", "c"], points=2
    )
    assert score(q, ["a", "c"]) == 2.0
    assert score(q, ["a"]) == 1.0
    assert score(q, ["a", "b"]) == 0.0
    assert score(q, ["b", "d"]) == 0.0
    assert score(q, "a") == 0.0


def test_ordering_credits_neighbouring_pairs() -> None:
    """Is one swap of neighbours worth partial credit, and a wrong set worth nothing?"""
    q = item(
        id="q-06-order",
        type="ordering",
        explanation="The phases run in this order.",
        items=[{"id": i, "text": i} for i in ("c", "a", "d", "b")],
        key=["a", "b", "c", "d"],
    )
    assert score(q, ["a", "b", "c", "d"]) == 1.0
    assert score(q, ["a", "c", "b", "d"]) == pytest.approx(0.67)
    assert score(q, ["a", "b", "c"]) == 0.0


def test_matching_and_classification_partial_credit() -> None:
    """Are matches and vignette categories credited one by one, with tolerant category names?"""
    assert score(MATCH, {"x": "p", "y": "r", "z": "q"}) == pytest.approx(0.33)
    c = item(
        id="q-08-class",
        type="classification",
        vignettes=TWO_SITUATIONS,
    )
    assert score(c, {"v1": "Casework", "v2": "group_work"}) == 1.0
    assert score(c, {"v1": "casework"}) == 0.5


def test_short_text_is_tolerant_but_not_loose() -> None:
    """Are case, punctuation and articles ignored, but a different word still wrong?"""
    q = item(
        id="q-04-short",
        type="short_text",
        accepted=["Toynbee Hall"],
        explanation="The first settlement.",
    )
    assert normalise_text("  The toynbee-HALL! ") == "toynbee hall"
    assert (score(q, "toynbee hall."), score(q, "Hull House")) == (1.0, 0.0)


def test_reflection_is_graded_by_hand() -> None:
    """Does a reflection score None, and must its points equal its rubric's total?"""
    rubric = [{"criterion": "Names the principle", "points": 2, "look_for": "Acceptance, named."}]
    q = item(
        id="q-05-reflect",
        type="reflection",
        use="assessment",
        points=2,
        rubric=rubric,
        guidance="A strong answer names and applies the principle.",
    )
    assert score(q, "anything") is None
    with pytest.raises(ValidationError, match=r"points \(3\) must equal the rubric's total \(2\)"):
        item(
            id="q-05-reflect2",
            type="reflection",
            points=3,
            rubric=rubric,
            guidance="A strong answer names and applies the principle.",
        )


def test_key_must_be_an_option() -> None:
    """Is a key that names no option refused when the bank loads?"""
    with pytest.raises(ValidationError, match="key 'z' is not one of the options"):
        item(id="q-05-bad", type="single", options=opts("a", "b", "c"), key="z")
