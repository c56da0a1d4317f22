"""The scenario engine: graph validation, best achievable score, and play-throughs.

Pure functions over a validated `Scenario`. The book's player and the Jupyter widget both show
what this module decides: the widget asks it directly; the book embeds its precomputed results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .scenario_schema import Ending, Node, Scenario

MIN_DECISIONS = 6


def _successors(scenario: Scenario, node_id: str) -> list[str]:
    return [choice.next for choice in scenario.nodes[node_id].choices]


def dangling_references(scenario: Scenario) -> list[tuple[str, int, str]]:
    """(node, choice index, target) for every choice that leads nowhere."""
    return [
        (node_id, index, choice.next)
        for node_id, node in scenario.nodes.items()
        for index, choice in enumerate(node.choices)
        if scenario.target(choice.next) is None
    ]


def find_cycle(scenario: Scenario) -> list[str] | None:
    """A loop of node ids, if the graph has one (a loop could make a play-through endless)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    stack: list[str] = []

    def visit(node_id: str) -> list[str] | None:
        state[node_id] = 1
        stack.append(node_id)
        for successor in _successors(scenario, node_id):
            if successor not in scenario.nodes:
                continue
            if state.get(successor) == 1:
                return [*stack[stack.index(successor) :], successor]
            if successor not in state and (loop := visit(successor)):
                return loop
        stack.pop()
        state[node_id] = 2
        return None

    for node_id in scenario.nodes:
        if node_id not in state and (loop := visit(node_id)):
            return loop
    return None


def reachable(scenario: Scenario) -> set[str]:
    """Every node and ending that some play-through can reach from the start."""
    seen: set[str] = set()
    todo = [scenario.start]
    while todo:
        step = todo.pop()
        if step in seen or scenario.target(step) is None:
            continue
        seen.add(step)
        if step in scenario.nodes:
            todo.extend(_successors(scenario, step))
    return seen


@dataclass(frozen=True)
class PathFacts:
    """Facts about all play-throughs from each node (requires an acyclic, fully linked graph)."""

    best: dict[str, int]  # highest total score achievable from the node to an ending
    shortest: dict[str, int]  # fewest decisions from the node to an ending
    longest: dict[str, int]  # most decisions from the node to an ending


def path_facts(scenario: Scenario) -> PathFacts:
    """Dynamic programming over the DAG; merges are counted once per node."""

    @cache
    def facts(node_id: str) -> tuple[int, int, int]:
        best, shortest, longest = -1, 10**9, 0
        for choice in scenario.nodes[node_id].choices:
            b, s, l_ = facts(choice.next) if choice.next in scenario.nodes else (0, 0, 0)
            best = max(best, choice.score + b)
            shortest = min(shortest, 1 + s)
            longest = max(longest, 1 + l_)
        return best, shortest, longest

    table = {node_id: facts(node_id) for node_id in scenario.nodes}
    return PathFacts(
        {k: v[0] for k, v in table.items()},
        {k: v[1] for k, v in table.items()},
        {k: v[2] for k, v in table.items()},
    )


class InvalidChoice(ValueError):
    """A choice that is not open at this point of the play-through."""


@dataclass(frozen=True)
class Playthrough:
    """One student's way through a scenario: the choices made so far, by index."""

    scenario: Scenario
    choices: tuple[int, ...] = field(default=())

    @property
    def steps(self) -> list[str]:
        """The node ids visited, then the ending's id once finished."""
        steps = [self.scenario.start]
        for index in self.choices:
            steps.append(self.scenario.nodes[steps[-1]].choices[index].next)
        return steps

    @property
    def current(self) -> Node | Ending:
        target = self.scenario.target(self.steps[-1])
        assert target is not None, "validated scenarios have no dangling references"
        return target

    @property
    def finished(self) -> bool:
        return isinstance(self.current, Ending)

    @property
    def ending(self) -> Ending | None:
        return self.current if isinstance(self.current, Ending) else None

    @property
    def score(self) -> int:
        steps = self.steps
        return sum(
            self.scenario.nodes[steps[i]].choices[c].score for i, c in enumerate(self.choices)
        )

    def choose(self, index: int) -> Playthrough:
        """The play-through after taking choice `index` at the current node."""
        current = self.current
        if isinstance(current, Ending):
            raise InvalidChoice("the scenario has ended; restart to play again")
        if not 0 <= index < len(current.choices):
            raise InvalidChoice(
                f"choice {index} does not exist here ({len(current.choices)} choices)"
            )
        return Playthrough(self.scenario, (*self.choices, index))

    def back(self) -> Playthrough:
        """The play-through with its last choice undone (no-op at the start)."""
        return Playthrough(self.scenario, self.choices[:-1])


def replay(scenario: Scenario, choices: list[int]) -> Playthrough:
    """Rebuild a play-through from choice indices, refusing any that is not open."""
    playthrough = Playthrough(scenario)
    for index in choices:
        playthrough = playthrough.choose(index)
    return playthrough


def best_score(scenario: Scenario) -> int:
    """The highest total a play-through can score."""
    return path_facts(scenario).best[scenario.start]
