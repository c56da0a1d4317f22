"""Each learner sees a scenario node's choices in their own order; scores do not change."""

from __future__ import annotations

from pathlib import Path

from swcourse.core.course import require_course
from swcourse.core.display import choice_order
from swcourse.core.scenario_schema import Scenario
from swcourse.core.scenarios import compile_scenario, find_scenario


def case(course_root: Path) -> Scenario:
    return find_scenario(require_course(course_root), "intake-decision").model


def test_orders_differ_across_learners_and_hold_for_one(course_root: Path) -> None:
    """Do 30 learners see several orders of the first choices, each the same every time?"""
    scenario = case(course_root)
    orders = {tuple(choice_order(scenario, scenario.start, f"student{n}")) for n in range(30)}
    assert len(orders) >= 4
    again = [choice_order(scenario, scenario.start, "s1") for _ in range(3)]
    assert again[0] == again[1] == again[2]
    assert sorted(next(iter(orders))) == list(range(len(scenario.nodes[scenario.start].choices)))


def test_fixed_order_node_keeps_written_order(course_root: Path) -> None:
    """Does `fixed_order: true` on a node show its choices as written to everyone?"""
    scenario = case(course_root)
    pinned = scenario.model_copy(
        update={
            "nodes": {
                **scenario.nodes,
                scenario.start: scenario.nodes[scenario.start].model_copy(
                    update={"fixed_order": True}
                ),
            }
        }
    )
    written = list(range(len(scenario.nodes[scenario.start].choices)))
    assert all(choice_order(pinned, pinned.start, f"s{n}") == written for n in range(30))


def test_compiled_for_a_learner_carries_orders_and_labels(course_root: Path) -> None:
    """Does the widget's data hold each node's order and each ending's label?"""
    scenario = case(course_root)
    data = compile_scenario(scenario, "student7")
    assert all(sorted(n["order"]) == list(range(len(n["choices"]))) for n in data["nodes"].values())
    assert {e["label"] for e in data["endings"].values()} <= {
        "Strong ending",
        "Mixed ending",
        "Weak ending",
    }
    assert "order" not in compile_scenario(scenario)["nodes"][scenario.start]
