"""What order each learner sees an item's options and a scenario's choices in.

One composition of seeds for every host, over the one rule in `shuffle.display_order`: an item's
options, matching targets and ordering start use ``"<learner>:<item id>"``; a scenario node's
choices use ``"<learner>:<scenario id>:<node id>"``. The book's shuffle.js repeats these two
functions and a browser test holds them equal; Voilà widgets and assignments call them here.
"""

from __future__ import annotations

from typing import Any

from .bank_schema import Matching, MultipleSelect, Ordering, SingleChoice
from .scenario_schema import Scenario
from .shuffle import display_order


def item_orders(item: Any, learner: str) -> dict[str, list[str]]:
    """Display orders by part: 'options' (single, multiple), 'right' (matching), 'start'."""
    seed = f"{learner}:{item.id}"
    fixed = item.fixed_order
    match item:
        case SingleChoice() | MultipleSelect():
            return {"options": display_order([o.id for o in item.options], seed, fixed=fixed)}
        case Matching():
            return {"right": display_order([p.id for p in item.right], seed, fixed=fixed)}
        case Ordering():
            return {
                "start": display_order(
                    [i.id for i in item.items], seed, fixed=fixed, avoid=item.key
                )
            }
    return {}


def choice_order(scenario: Scenario, node_id: str, learner: str) -> list[int]:
    """The written indices of a node's choices, in the order this learner sees them."""
    node = scenario.nodes[node_id]
    ids = [str(index) for index in range(len(node.choices))]
    seed = f"{learner}:{scenario.id}:{node_id}"
    return [int(i) for i in display_order(ids, seed, fixed=node.fixed_order)]


def scenario_orders(scenario: Scenario, learner: str) -> dict[str, list[int]]:
    """`choice_order` for every node of the scenario."""
    return {node_id: choice_order(scenario, node_id, learner) for node_id in scenario.nodes}
