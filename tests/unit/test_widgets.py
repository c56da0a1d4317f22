"""The Jupyter adapter: Python replays whatever path the front end sends."""

from __future__ import annotations

import pytest

from swcourse.core.scenarios import compile_scenario
from swcourse.widgets import ScenarioWidget

from .test_engine import DIAMOND


def test_widget_scores_the_path_the_browser_sends() -> None:
    """When the front end sets `path`, are score, finished and ending the engine's?"""
    widget = ScenarioWidget(DIAMOND)
    assert (widget.best, widget.score, widget.finished) == (8, 0, False)
    widget.path = [0, 0]
    assert (widget.score, widget.finished, widget.ending) == (5, False, "")
    widget.path = [0, 0, 0]
    assert (widget.score, widget.finished, widget.ending) == (8, True, "good")
    widget.restart()
    assert (widget.path, widget.score, widget.finished) == ([], 0, False)


def test_widget_refuses_an_impossible_path() -> None:
    """Is a path with a choice that does not exist rejected, keeping the last valid one?"""
    widget = ScenarioWidget(DIAMOND)
    widget.path = [1]
    widget.path = [1, 7]
    assert widget.path == [1]
    assert widget.score == 1


def test_compiled_scenario_carries_engine_facts() -> None:
    """Does the JSON for the player carry best scores and remaining steps per node?"""
    data = compile_scenario(DIAMOND)
    assert data["best_score"] == 8 and data["max_steps"] == 3
    assert {k: (v["best"], v["remaining"]) for k, v in data["nodes"].items()} == {
        "a": (8, 3),
        "b": (5, 2),
        "c": (6, 2),
        "d": (3, 1),
    }


def test_widget_shows_the_hub_users_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a hub, are the choices in the order the core gives JUPYTERHUB_USER; elsewhere, the
    order of the system user; and does the path still hold written indices?"""
    import getpass

    from swcourse.core.display import choice_order

    monkeypatch.setenv("JUPYTERHUB_USER", "amira")
    widget = ScenarioWidget(DIAMOND)
    assert widget.learner == "amira"
    assert {n: v["order"] for n, v in widget.scenario["nodes"].items()} == {
        n: choice_order(DIAMOND, n, "amira") for n in DIAMOND.nodes
    }
    widget.path = [0, 0, 0]
    assert (widget.score, widget.ending) == (8, "good")
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert ScenarioWidget(DIAMOND).learner == getpass.getuser()
