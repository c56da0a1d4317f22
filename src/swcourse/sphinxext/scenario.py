"""```{scenario} <id>``` — a practice scenario in the static book.

The page gets the scenario's compiled JSON, a mount point for the player (the same ES module the
Jupyter widget runs), and a no-JavaScript reading of the scenario as linked sections.
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from ..core.problems import ContentError
from ..core.scenario_schema import ENDING_LABELS, MAX_CHOICE_SCORE, Scenario
from ..core.scenarios import check_graph, compile_scenario
from .directives import _CourseDirective
from .embed import note_player, raw, widget_html


def _anchor(scenario: Scenario, step: str) -> str:
    return f"scenario-{scenario.id}-{step}"


def _static_reading(scenario: Scenario) -> str:
    """The scenario as linked sections: readable and playable with JavaScript switched off."""
    parts = [
        f'<p class="swc-static-note">Practice scenario: <strong>{escape(scenario.title)}'
        f"</strong> ({escape(scenario.setting)}). {escape(scenario.summary)} Follow a choice "
        "to its link; open “What happens” to read its consequence.</p>"
    ]
    order = [scenario.start] + [n for n in scenario.nodes if n != scenario.start]
    for step in order:
        node = scenario.nodes[step]
        parts.append(f'<div class="swc-static-node" id="{_anchor(scenario, step)}">')
        if node.context:
            parts.append(f'<p class="swc-context">{escape(node.context)}</p>')
        if node.speaker:
            parts.append(f'<p class="swc-speaker">{escape(node.speaker)}</p>')
        parts.append(f"<p>{escape(node.text)}</p><ol>")
        for choice in node.choices:
            parts.append(
                f'<li><a href="#{_anchor(scenario, choice.next)}">{escape(choice.label)}</a>'
                f"<details><summary>What happens</summary><p>{escape(choice.feedback)}</p>"
                f"<p>Principles: {escape('; '.join(choice.principles))}. "
                f"Points: {choice.score} of {MAX_CHOICE_SCORE}.</p></details></li>"
            )
        parts.append("</ol></div>")
    for step, ending in scenario.endings.items():
        parts.append(
            f'<div class="swc-static-node" id="{_anchor(scenario, step)}">'
            f"<p><strong>{escape(ending.title)}</strong> "
            f"({ENDING_LABELS[ending.rating].lower()})</p>"
            f"<p>{escape(ending.text)}</p>"
            f'<p><a href="#{_anchor(scenario, scenario.start)}">Start this scenario '
            "again</a></p></div>"
        )
    return "\n".join(parts)


class ScenarioDirective(_CourseDirective):
    """Embed one scenario from notebooks/scenarios/<id>.yaml."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        loaded = self.course.scenario_by_id.get(self.arguments[0])
        if loaded is None:
            known = ", ".join(sorted(self.course.scenario_by_id)) or "none"
            return self.fail(
                f"no scenario {self.arguments[0]!r} in notebooks/scenarios (or it does not "
                f"load; see the problems reported above); known: {known}"
            )
        problems = check_graph(loaded)
        if problems:
            return self.report(ContentError(problems))
        self.env.note_dependency(str(loaded.path))
        note_player(self.env)
        scenario = loaded.model
        data = {"scenario": compile_scenario(scenario), "path": []}
        return raw(
            widget_html("scenario", f"scenario-{scenario.id}", data, _static_reading(scenario))
        )
