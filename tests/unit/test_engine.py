"""The scenario engine: play-throughs, scoring, best score, and graph facts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swcourse.core.engine import (
    InvalidChoice,
    Playthrough,
    best_score,
    dangling_references,
    find_cycle,
    path_facts,
    reachable,
    replay,
)
from swcourse.core.scenario_schema import Scenario


def choice(next_: str, score: int, label: str = "A choice") -> dict[str, Any]:
    return {
        "label": label,
        "feedback": "What happens because of this choice.",
        "principles": ["Test principle"],
        "score": score,
        "next": next_,
    }


def node(*choices: dict[str, Any]) -> dict[str, Any]:
    return {"text": "A moment in the case that calls for a decision.", "choices": list(choices)}


def make(nodes: dict[str, Any], start: str = "a") -> Scenario:
    return Scenario.model_validate(
        {
            "schema_version": 1,
            "id": "test-case",
            "title": "Test case",
            "setting": "Test",
            "summary": "A small scenario built for the engine's tests.",
            "objectives": ["LO-1.1"],
            "start": start,
            "nodes": nodes,
            "endings": {
                "good": {
                    "title": "Good",
                    "text": "It went well for everyone involved.",
                    "rating": "strong",
                },
                "bad": {
                    "title": "Bad",
                    "text": "It went badly for the person involved.",
                    "rating": "weak",
                },
            },
        }
    )


# a -> b or c; b and c merge into d; d ends well or badly.
DIAMOND = make(
    {
        "a": node(choice("b", 3), choice("c", 1)),
        "b": node(choice("d", 2), choice("bad", 0)),
        "c": node(choice("d", 3), choice("d", 1)),
        "d": node(choice("good", 3), choice("bad", 0)),
    }
)


def test_playthrough_scores_and_ends() -> None:
    """Does a play-through add up its choices' scores and stop at an ending?"""
    play = Playthrough(DIAMOND).choose(1).choose(0).choose(0)
    assert play.steps == ["a", "c", "d", "good"]
    assert (play.score, play.finished, play.ending.title if play.ending else None) == (
        7,
        True,
        "Good",
    )


def test_back_undoes_last_choice_and_is_safe_at_start() -> None:
    """Does back() undo exactly one choice, and do nothing at the start?"""
    play = Playthrough(DIAMOND).choose(0)
    assert play.back().steps == ["a"]
    assert Playthrough(DIAMOND).back().steps == ["a"]


def test_invalid_choices_are_refused() -> None:
    """Are out-of-range choices, and choices after the end, refused with a reason?"""
    with pytest.raises(InvalidChoice, match="choice 5 does not exist here"):
        Playthrough(DIAMOND).choose(5)
    with pytest.raises(InvalidChoice, match="the scenario has ended"):
        replay(DIAMOND, [0, 1, 0])


def test_best_score_handles_merges() -> None:
    """Is the best total found across merging paths (a-b-d-good = 8 beats a-c-d-good = 7)?"""
    assert best_score(DIAMOND) == 8
    facts = path_facts(DIAMOND)
    assert (facts.shortest["a"], facts.longest["a"]) == (2, 3)


def test_graph_faults_are_found() -> None:
    """Are a loop, a dangling link and an unreachable node each detected?"""
    looped = make(
        {
            "a": node(choice("b", 1), choice("good", 1)),
            "b": node(choice("a", 1), choice("ghost", 1)),
            "z": node(choice("good", 1), choice("bad", 1)),
        }
    )
    assert find_cycle(looped) == ["a", "b", "a"]
    assert dangling_references(looped) == [("b", 1, "ghost")]
    assert "z" not in reachable(looped)


@st.composite
def layered_dags(draw: st.DrawFn) -> Scenario:
    """Random acyclic scenarios: node i only links to later nodes or to an ending."""
    size = draw(st.integers(min_value=1, max_value=9))
    nodes = {}
    for i in range(size):
        targets = [f"n{j}" for j in range(i + 1, size)] + ["good", "bad"]
        picks = draw(st.lists(st.sampled_from(targets), min_size=2, max_size=4))
        scores = draw(st.lists(st.integers(0, 3), min_size=len(picks), max_size=len(picks)))
        nodes[f"n{i}"] = node(*(choice(t, s) for t, s in zip(picks, scores, strict=True)))
    return make(nodes, start="n0")


def all_paths(scenario: Scenario) -> list[Playthrough]:
    finished, todo = [], [Playthrough(scenario)]
    while todo:
        play = todo.pop()
        if play.finished:
            finished.append(play)
        else:
            todo += [play.choose(i) for i in range(len(play.current.choices))]  # type: ignore[union-attr]
    return finished


@settings(max_examples=150, deadline=None)
@given(layered_dags())
def test_engine_agrees_with_brute_force(scenario: Scenario) -> None:
    """On random acyclic graphs, do best score and path lengths match exhaustive play?"""
    paths = all_paths(scenario)
    facts = path_facts(scenario)
    assert find_cycle(scenario) is None
    assert best_score(scenario) == max(p.score for p in paths)
    assert facts.shortest["n0"] == min(len(p.choices) for p in paths)
    assert facts.longest["n0"] == max(len(p.choices) for p in paths)
    assert all(replay(scenario, list(p.choices)).steps == p.steps for p in paths)
