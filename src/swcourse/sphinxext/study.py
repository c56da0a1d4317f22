"""Self-checks, flashcards and the revision dashboard in the static book.

```{selfcheck} LO-5.2``` embeds the practice items of one objective (never assessment items);
```{flashcards}``` the whole deck; ```{revision-dashboard}``` what the hub needs to show cards
due, weakest objectives and progress per chapter from the learner's saved progress.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes

from ..core.cards import answer_explanation, answer_text
from ..core.course import objective_anchor
from ..core.feedback import compile_item, verdict_data
from .directives import _CourseDirective
from .embed import note_player, raw, widget_html


def _page(file: str) -> str:
    return Path(file).with_suffix(".html").name


def _static_items(items: list[Any]) -> str:
    """Questions with their answers behind a disclosure: usable with JavaScript off."""
    parts = ["<ol>"]
    for item in items:
        parts.append(f"<li><p>{escape(item.prompt)}</p>")
        for option in getattr(item, "options", []):
            parts.append(f"<p>• {escape(option.text)}</p>")
        parts.append(
            f"<details><summary>Show the answer</summary><p>{escape(answer_text(item))}"
            f"</p><p>{escape(answer_explanation(item))}</p></details></li>"
        )
    parts.append("</ol>")
    return "".join(parts)


class _RevisionDirective(_CourseDirective):
    has_content = False

    def depend_on_content(self) -> None:
        for path in [
            self.layout.objectives,
            *self.layout.glossary_files(),
            *sorted(self.layout.bank_dir.glob("*.yaml")),
        ]:
            self.env.note_dependency(str(path))


class SelfCheckDirective(_RevisionDirective):
    """The practice items of one learning objective, with immediate feedback."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        objective = self.arguments[0]
        goal = self.course.objectives.get(objective)
        items = self.course.practice_items(objective)
        text = goal.text if goal else None
        if text is None:
            return self.fail(f"{objective} is not in book/objectives.yaml")
        if not items:
            return self.fail(f"{objective} has no practice items in quizzes/bank")
        self.depend_on_content()
        note_player(self.env)
        title = f"{objective}: {text}"
        data = {"title": title, "items": [compile_item(i) for i in items], "results": {}}
        static = f"<p><strong>{escape(title)}</strong></p>{_static_items(items)}"
        dom_id = f"selfcheck-{objective_anchor(objective)}"
        return raw(widget_html("selfcheck", dom_id, data, static))


class FlashcardsDirective(_RevisionDirective):
    """The whole revision deck, scheduled with FSRS in the browser."""

    def run(self) -> list[nodes.Node]:
        deck = self.course.deck
        self.depend_on_content()
        note_player(self.env)
        static = (
            "<p>The flashcards need JavaScript. Without it, review the "
            '<a href="glossary.html">glossary</a> and the self-checks in each chapter.</p>'
        )
        data = {
            "cards": [card.to_json() for card in deck],
            "queue": [],
            "stats": {},
            "decks": [d.to_json() for d in self.course.decks],
        }
        return raw(widget_html("flashcards", "flashcards", data, static))


class RevisionDashboardDirective(_RevisionDirective):
    """Cards due, weakest objectives, progress by chapter; export, import and reset."""

    def run(self) -> list[nodes.Node]:
        chapters = self.chapters()
        self.depend_on_content()
        note_player(self.env)
        practice = [item for item in self.course.items.values() if item.use == "practice"]
        deck = self.course.deck
        data = {
            "objectives": [
                {
                    "id": o.id,
                    "text": o.text,
                    "page": _page(c.file),
                    "anchor": objective_anchor(o.id),
                }
                for c in chapters
                for o in c.objectives
            ],
            "chapters": [
                {
                    "number": c.number,
                    "title": c.title,
                    "page": _page(c.file),
                    "items": [
                        i.id
                        for i in practice
                        if any(self.course.chapter_of_objective.get(o) == c for o in i.objectives)
                    ],
                }
                for c in chapters
            ],
            "item_objectives": {i.id: i.objectives for i in practice},
            # The self-check's compiled items, without prose: the hub reaches the self-check's
            # verdict (verdicts.js) rather than comparing answers with a key by a rule of its own.
            "items": {i.id: verdict_data(i) for i in practice if not i.hand_graded},
            "cards": [card.id for card in deck],
            "decks": [d.id for d in self.course.decks if not d.limited],
            "scenarios": len(self.course.scenarios),
        }
        static = (
            "<p>Your progress is kept in this browser, so this summary needs JavaScript. "
            "Every chapter's self-checks also work as plain questions with answers.</p>"
        )
        return raw(widget_html("dashboard", "revision-dashboard", data, static))
