"""Jupyter and Voilà adapters: the scenario player as an anywidget, and a chooser app.

The widget runs the same ES module as the book. Python stays authoritative: whenever the
front end changes `path`, the engine replays it and sets `score`, `finished` and `ending`, so
notebook code (and graders) read results the engine computed, not numbers the browser sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from .core.course import Course, find_root, require_course
from .core.engine import InvalidChoice, Playthrough, best_score, replay
from .core.scenario_schema import Scenario
from .core.scenarios import compile_scenario, find_scenario
from .frontend import esm
from .learner import learner_name
from .revision.store import ProgressStore

FRONTEND = Path(__file__).resolve().parent / "frontend" / "static" / "swcourse"


def current_learner() -> str:
    """Who is playing, to seed the order of choices (see swcourse.learner)."""
    return learner_name()


class ScenarioWidget(anywidget.AnyWidget):
    """A playable scenario; read `path`, `score`, `finished`, `ending`; call `restart()`.

    Each learner sees a node's choices in their own order (core/display.py); `path` holds the
    choices' written indices, so scores and replays do not depend on the order shown.
    """

    _esm = esm("players.js")
    _css = FRONTEND / "players.css"

    kind = traitlets.Unicode("scenario").tag(sync=True)
    scenario = traitlets.Dict().tag(sync=True)
    path = traitlets.List(traitlets.Int()).tag(sync=True)
    score = traitlets.Int(0).tag(sync=True)
    best = traitlets.Int(0).tag(sync=True)
    finished = traitlets.Bool(False).tag(sync=True)
    ending = traitlets.Unicode("").tag(sync=True)

    def __init__(self, scenario: Scenario, learner: str | None = None, **kwargs: Any) -> None:
        self._model = scenario
        self.learner = learner or current_learner()
        super().__init__(
            scenario=compile_scenario(scenario, self.learner), best=best_score(scenario), **kwargs
        )

    @classmethod
    def from_id(
        cls, scenario_id: str, root: Path | None = None, course: Course | None = None
    ) -> ScenarioWidget:
        """The scenario `notebooks/scenarios/<scenario_id>.yaml` of the `course` a host has
        already loaded (or of the course at `root`, loaded whole)."""
        course = course or require_course(root or find_root(Path.cwd()))
        return cls(find_scenario(course, scenario_id).model)

    @property
    def playthrough(self) -> Playthrough:
        return replay(self._model, list(self.path))

    def restart(self) -> None:
        """Start again from the first node (the player redraws itself)."""
        self.path = []

    @traitlets.observe("path")
    def _replay(self, change: dict[str, Any]) -> None:
        try:
            playthrough = replay(self._model, list(change["new"]))
        except InvalidChoice:
            self.path = list(change["old"])  # refuse a path the scenario does not allow
            return
        ending_id = playthrough.steps[-1] if playthrough.finished else ""
        self.set_trait("score", playthrough.score)
        self.set_trait("finished", playthrough.finished)
        self.set_trait("ending", ending_id)


def _status_text(player: ScenarioWidget) -> str:
    state = "finished" if player.finished else "in progress"
    return (
        f"Python sees: {state}; choices {list(player.path)}; score {player.score} of a "
        f"possible {player.best}" + (f"; ending: {player.ending}" if player.ending else "")
    )


def scenario_app(root: Path | None = None, course: Course | None = None) -> widgets.VBox:
    """Every scenario of the course behind a chooser, with a line showing what Python sees."""
    course = course or require_course(root or find_root(Path.cwd()))
    layout = course.layout
    scenarios = [loaded.model for loaded in course.scenarios]
    if not scenarios:
        raise FileNotFoundError(
            f"no scenarios in {layout.scenarios_dir}; add <id>.yaml files there"
        )
    chooser = widgets.Dropdown(
        options=[(s.title, s.id) for s in scenarios],
        description="Scenario:",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto"),
    )
    status = widgets.HTML()
    holder = widgets.VBox()

    def show(scenario_id: str) -> None:
        player = ScenarioWidget(next(s for s in scenarios if s.id == scenario_id))
        player.observe(lambda _: setattr(status, "value", _status(player)), names="path")
        holder.children = [player]
        status.value = _status(player)

    def _status(player: ScenarioWidget) -> str:
        return f'<p class="swc-python-status">{_status_text(player)}</p>'

    chooser.observe(lambda change: show(change["new"]), names="value")
    show(chooser.value)
    return widgets.VBox([chooser, holder, status])


class FlashcardWidget(anywidget.AnyWidget):
    """The course's flashcards, scheduled by FSRS in Python and saved to a SQLite progress file.

    The front end only shows cards and sends ratings, deck choices and the daily new-card
    limit; every review is saved in its own transaction before the next card appears, so
    closing the notebook loses nothing. The queue comes from core.scheduling, as in the CLI.
    """

    _esm = esm("players.js")
    _css = FRONTEND / "players.css"

    kind = traitlets.Unicode("flashcards").tag(sync=True)
    cards = traitlets.List(traitlets.Dict()).tag(sync=True)
    decks = traitlets.List(traitlets.Dict()).tag(sync=True)
    deck = traitlets.Unicode("all").tag(sync=True)
    queue = traitlets.List(traitlets.Unicode()).tag(sync=True)
    counts = traitlets.Dict().tag(sync=True)
    settings = traitlets.Dict().tag(sync=True)
    stats = traitlets.Dict().tag(sync=True)
    last = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)

    def __init__(
        self,
        store: ProgressStore,
        root: Path | None = None,
        deck: str = "all",
        course: Course | None = None,
        **kwargs: Any,
    ) -> None:
        course = course or require_course(root or find_root(Path.cwd()))
        self._store = store
        self._course = course
        cards = list(course.deck)
        self._decks = {d.id: d for d in course.decks}
        super().__init__(
            cards=[card.to_json() for card in cards],
            decks=[d.to_json() for d in self._decks.values()],
            deck=course.find_deck(deck).id,
            **kwargs,
        )
        self._ids = {card.id for card in cards}
        self._refresh()
        self.on_msg(self._on_message)

    def _refresh(self) -> None:
        chosen = self._decks[self.deck]
        queue = self._store.queue(list(chosen.cards), limited=chosen.limited)
        upcoming = min((s["due"] for s in self._store.reviewed_states().values()), default=None)
        self.stats = {"reviewed": self._store.review_count(), "next_due": upcoming}
        self.settings = {"new_per_day": self._store.new_per_day}
        self.counts = queue.counts
        self.queue = queue.cards

    def rate(self, card_id: str, rating: str) -> None:
        """Record a review (what the Again/Hard/Good/Easy buttons do)."""
        state = self._store.record(card_id, rating)
        self.last = {"id": card_id, "due": state["due"]}
        self._refresh()

    def choose_deck(self, deck_id: str) -> None:
        """Study one deck: "all", "chapter-5", or an objective such as "LO-5.1"."""
        self.deck = self._course.find_deck(deck_id).id
        self._refresh()

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        kind = content.get("type")
        if kind == "rate" and content.get("id") in self._ids:
            self.rate(content["id"], str(content.get("rating")))
        elif kind == "deck" and content.get("id") in self._decks:
            self.choose_deck(str(content["id"]))
        elif (
            kind == "settings"
            and isinstance(content.get("new_per_day"), int)
            and 0 <= content["new_per_day"] <= 9999
        ):  # the player refuses other numbers
            self._store.new_per_day = int(content["new_per_day"])
            self._refresh()


def flashcards_app(store_path: Path | None = None, root: Path | None = None) -> widgets.Widget:
    """The flashcards over the learner's progress file, or a clear message if it is damaged."""
    from .revision.store import StoreCorrupted

    try:
        store = ProgressStore(store_path)
    except StoreCorrupted as exc:
        return widgets.HTML(
            f'<p class="swc-store-error"><strong>Progress file problem.</strong> {exc}</p>'
        )
    return FlashcardWidget(store, root=root)
