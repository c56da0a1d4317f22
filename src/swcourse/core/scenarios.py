"""Checking scenario graphs (files load in core/loading.py) and compiling them for the front end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .course import Course
from .display import choice_order
from .engine import MIN_DECISIONS, dangling_references, find_cycle, path_facts, reachable
from .problems import ContentError, Problem
from .scenario_schema import ENDING_LABELS, Scenario
from .yamlio import Loaded


def check_graph(loaded: Loaded[Scenario], min_decisions: int = MIN_DECISIONS) -> list[Problem]:
    """Every node reachable, every path ends, no dangling links, strong and weak endings."""
    scenario = loaded.model
    problems: list[Problem] = []
    if scenario.start not in scenario.nodes:
        return [loaded.problem(f"start {scenario.start!r} is not a node", "start")]
    for node_id, index, target in dangling_references(scenario):
        problems.append(
            loaded.problem(
                f"choice leads to {target!r}, which is neither a node nor an ending",
                "nodes",
                node_id,
                "choices",
                index,
                "next",
            )
        )
    loop = find_cycle(scenario)
    if loop:
        problems.append(
            loaded.problem(
                "choices form a loop (" + " -> ".join(loop) + "); a "
                "play-through must always reach an ending",
                "nodes",
                loop[0],
            )
        )
    if problems:
        return problems
    seen = reachable(scenario)
    for kind, steps in (("node", scenario.nodes), ("ending", scenario.endings)):
        for step in steps:
            if step not in seen:
                section = "nodes" if kind == "node" else "endings"
                problems.append(
                    loaded.problem(
                        f"{kind} {step!r} cannot be reached from the start", section, step
                    )
                )
    ratings = {e.rating for step, e in scenario.endings.items() if step in seen}
    for rating in ("strong", "weak"):
        if rating not in ratings:
            problems.append(loaded.problem(f"no reachable {rating} ending; add one", "endings"))
    shortest = path_facts(scenario).shortest[scenario.start]
    if shortest < min_decisions:
        problems.append(
            loaded.problem(
                f"the shortest play-through has only {shortest} "
                f"decision(s); every path needs at least {min_decisions}",
                "start",
            )
        )
    return problems


def check_scenarios(course: Course) -> list[Problem]:
    """Every scenario that loads: graph, file name = id, unique ids, known objectives."""
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for loaded in course.scenarios:
        path, scenario = loaded.path, loaded.model
        if scenario.id != path.stem:
            problems.append(
                loaded.problem(f"id {scenario.id!r} must match the file name {path.stem!r}", "id")
            )
        if scenario.id in seen:
            problems.append(
                loaded.problem(f"id {scenario.id!r} is also used by {seen[scenario.id].name}", "id")
            )
        seen.setdefault(scenario.id, path)
        for index, objective in enumerate(scenario.objectives):
            if objective not in course.objectives:
                problems.append(
                    loaded.problem(
                        f"objective {objective} is not in book/objectives.yaml", "objectives", index
                    )
                )
        problems += check_graph(loaded)
    return problems


def find_scenario(course: Course, scenario_id: str) -> Loaded[Scenario]:
    """The scenario with this id, or a ContentError saying which ids there are."""
    found = course.scenario_by_id.get(scenario_id)
    if found is not None:
        return found
    path = course.layout.scenarios_dir / f"{scenario_id}.yaml"
    why = "does not load (see its problems above)" if path.is_file() else "does not exist"
    known = ", ".join(course.scenario_by_id) or "none"
    raise ContentError(
        [Problem(path, 1, f"no scenario {scenario_id!r}: {path.name} {why}; known: {known}")]
    )


def compile_scenario(scenario: Scenario, learner: str | None = None) -> dict[str, Any]:
    """The JSON the front-end player renders: the scenario plus the engine's precomputed facts.

    The player never decides anything the engine decides: the best achievable score from each
    node, the longest remaining path (for the progress indicator) and the endings' labels
    arrive ready-made. Given a learner (Jupyter, Voilà), each node also carries the order that
    learner sees its choices in; the book computes the same order in the browser (shuffle.js).
    """
    facts = path_facts(scenario)
    data = scenario.model_dump(mode="json", exclude_none=True)
    for node_id, node in data["nodes"].items():
        node["best"] = facts.best[node_id]
        node["remaining"] = facts.longest[node_id]
        if learner is not None:
            node["order"] = choice_order(scenario, node_id, learner)
    for ending in data["endings"].values():
        ending["label"] = ENDING_LABELS[ending["rating"]]
    data["best_score"] = facts.best[scenario.start]
    data["max_steps"] = facts.longest[scenario.start]
    return data
