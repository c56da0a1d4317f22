"""The course model: where a course's files live, and `load_course`, which reads them once.

Every host (the book's Sphinx extension, the widgets, the grader, the CLI) works from one frozen
`Course`: the parsed files plus the indices and derived facts they keep asking for (the chapter
of an item, an objective's anchor, the items practising an objective). Loading never stops at the
first broken file and never drops a problem: `load_course` returns what loaded *and* every
problem, and each host reports the problems in its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .models import (
    Chapter,
    GlossaryFile,
    Objective,
    ObjectivesFile,
    TimelineEvent,
    TimelineFile,
    objective_anchor,
    objective_key,
)
from .myst import RoleUse
from .problems import ContentError, Problem
from .yamlio import Loaded

__all__ = ["Course", "CourseLayout", "load_course", "objective_anchor", "objective_key"]

if TYPE_CHECKING:  # the loaders below import CourseLayout from this module
    from .assignments import AssignmentsFile, AssignmentSpec
    from .bank_schema import BankFile
    from .cards import Deck, Flashcard
    from .scenario_schema import Scenario

V = TypeVar("V")
QUIZZES = "quizzes"  # the nbgrader course folder of a course checkout


@dataclass(frozen=True)
class CourseLayout:
    """The conventional paths of a course checkout (see AUTHORING.md)."""

    root: Path

    @property
    def book(self) -> Path:
        return self.root / "book"

    @property
    def objectives(self) -> Path:
        return self.book / "objectives.yaml"

    @property
    def glossary_dir(self) -> Path:
        return self.book / "glossary"

    @property
    def references(self) -> Path:
        return self.book / "references.bib"

    @property
    def timeline(self) -> Path:
        return self.book / "data" / "timeline.yaml"

    @property
    def toc(self) -> Path:
        return self.root / "_toc.yml"

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "notebooks" / "scenarios"

    @property
    def quizzes(self) -> Path:
        """The nbgrader course folder (nbgrader_config.py, source/, bank/)."""
        return self.root / QUIZZES

    @property
    def bank_dir(self) -> Path:
        return self.quizzes / "bank"

    @property
    def assignments(self) -> Path:
        return self.quizzes / "assignments.yaml"

    def glossary_files(self) -> list[Path]:
        return sorted(self.glossary_dir.glob("*.yaml"))

    def scenario_files(self) -> list[Path]:
        return sorted(self.scenarios_dir.glob("*.yaml"))

    def bank_files(self) -> list[Path]:
        return sorted(self.bank_dir.glob("*.yaml"))

    def chapter_sources(self) -> list[Path]:
        """Every MyST page of the book (chapters, hub, guides)."""
        return sorted(self.book.glob("*.md"))


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding `_config.yml` and `book/`."""
    for folder in [start, *start.parents]:
        if (folder / "_config.yml").is_file() and (folder / "book").is_dir():
            return folder
    raise ContentError(
        [Problem(start, 1, "not inside a course: no _config.yml with a book/ folder")]
    )


def glossary_terms(glossaries: list[Loaded[GlossaryFile]]) -> dict[str, tuple[Path, int]]:
    """Lower-cased term -> where it is defined (Sphinx matches terms without regard to case)."""
    terms: dict[str, tuple[Path, int]] = {}
    for loaded in glossaries:
        for index, term in enumerate(loaded.model.terms):
            terms.setdefault(term.term.lower(), (loaded.path, loaded.line("terms", index, "term")))
    return terms


@dataclass(frozen=True)
class Course:
    """Everything a course's files say, parsed once, with the lookups every host needs.

    Build it with `load_course`. It is read-only: hosts look things up, never change them.
    """

    layout: CourseLayout
    objectives_file: Loaded[ObjectivesFile] | None
    glossaries: tuple[Loaded[GlossaryFile], ...]
    references: dict[str, int]
    timeline: Loaded[TimelineFile] | None
    toc: tuple[RoleUse, ...] | None  # each page of _toc.yml (path without .md) and its line
    banks: tuple[Loaded[BankFile], ...]
    scenarios: tuple[Loaded[Scenario], ...]
    assignments_file: Loaded[AssignmentsFile] | None

    @property
    def root(self) -> Path:
        return self.layout.root

    @cached_property
    def chapters(self) -> tuple[Chapter, ...]:
        return tuple(self.objectives_file.model.chapters) if self.objectives_file else ()

    @cached_property
    def objectives(self) -> dict[str, Objective]:
        """Objective id -> objective, in course order."""
        return {o.id: o for c in self.chapters for o in c.objectives}

    @cached_property
    def chapter_of_objective(self) -> dict[str, Chapter]:
        return {o.id: c for c in self.chapters for o in c.objectives}

    def chapter_of_page(self, page: str) -> Chapter | None:
        """The chapter whose file is `page` (a docname such as book/05-principles-values)."""
        return next((c for c in self.chapters if c.file.removesuffix(".md") == page), None)

    def chapter_of_item(self, item: Any) -> int | None:
        """The number of the chapter an item belongs to: that of its first objective."""
        chapter = self.chapter_of_objective.get(item.objectives[0]) if item.objectives else None
        return chapter.number if chapter else None

    @cached_property
    def all_items(self) -> tuple[Any, ...]:
        """Every bank item (public, then private), in bank order, duplicates included."""
        return tuple(item for bank in self.banks for item in bank.model.items)

    @cached_property
    def items(self) -> dict[str, Any]:
        """Item id -> item (the first use of an id; a second is a load problem)."""
        return _first_by_id(self.all_items, lambda item: str(item.id))

    @cached_property
    def items_by_objective(self) -> dict[str, tuple[Any, ...]]:
        found: dict[str, list[Any]] = {}
        for item in self.items.values():
            for objective in item.objectives:
                found.setdefault(objective, []).append(item)
        return {objective: tuple(items) for objective, items in found.items()}

    def practice_items(self, objective: str) -> list[Any]:
        """The practice items of one objective, in bank order (assessment items never)."""
        return [i for i in self.items_by_objective.get(objective, ()) if i.use == "practice"]

    @cached_property
    def scenario_by_id(self) -> dict[str, Loaded[Scenario]]:
        return _first_by_id(self.scenarios, lambda loaded: loaded.model.id)

    @cached_property
    def objective_texts(self) -> dict[str, str]:
        """Objective id -> what it says, in course order."""
        return {objective_id: o.text for objective_id, o in self.objectives.items()}

    @cached_property
    def chapter_titles(self) -> dict[int, str]:
        return {c.number: c.title for c in self.chapters}

    @property
    def assignments(self) -> list[AssignmentSpec]:
        """The assignment specs of quizzes/assignments.yaml, in order (none without the file)."""
        return list(self.assignments_file.model.assignments) if self.assignments_file else []

    @cached_property
    def assignment_by_id(self) -> dict[str, AssignmentSpec]:
        """Assignment id -> spec, in file order (the first use of an id; a second is a problem)."""
        return _first_by_id(self.assignments, lambda spec: spec.id)

    @cached_property
    def assignment_titles(self) -> dict[str, str]:
        """Assignment id -> title, in the order quizzes/assignments.yaml lists them."""
        return {assignment_id: s.title for assignment_id, s in self.assignment_by_id.items()}

    @cached_property
    def timeline_events(self) -> tuple[TimelineEvent, ...]:
        """The milestones of book/data/timeline.yaml in date order (none without the file)."""
        events = self.timeline.model.events if self.timeline else []
        return tuple(sorted(events, key=lambda event: event.year))

    @cached_property
    def terms(self) -> dict[str, tuple[Path, int]]:
        return glossary_terms(list(self.glossaries))

    @cached_property
    def deck(self) -> tuple[Flashcard, ...]:
        """The revision deck: every glossary term, then every practice item with an answer."""
        from .cards import deck_cards

        return tuple(deck_cards(self.glossaries, self.items.values()))

    @cached_property
    def decks(self) -> tuple[Deck, ...]:
        """All cards, each chapter's, each objective's (filtered)."""
        from .cards import chapter_decks

        return tuple(chapter_decks(self.chapters, list(self.deck)))

    def find_deck(self, name: str) -> Deck:
        """The deck named `name`: "all", a chapter number ("5" or "chapter-5"), or an objective
        id; a LookupError naming the decks there are otherwise."""
        from .cards import find_deck

        return find_deck(list(self.decks), name)

    @cached_property
    def files(self) -> tuple[Path, ...]:
        """Every course file this model was read from (what a rebuild depends on)."""
        return tuple(course_files(self.layout))


def _first_by_id(values: Iterable[V], id_of: Callable[[V], str]) -> dict[str, V]:
    """Id -> the first value with that id, in order (a second use of an id is a problem that
    the loader or the checks report)."""
    found: dict[str, V] = {}
    for value in values:
        found.setdefault(id_of(value), value)
    return found


def course_files(layout: CourseLayout) -> list[Path]:
    """The files `load_course` reads, whether or not they exist yet (their change is a reload)."""
    from .loading import private_files

    return [
        layout.objectives,
        layout.references,
        layout.timeline,
        layout.toc,
        layout.assignments,
        *layout.glossary_files(),
        *layout.bank_files(),
        *private_files(layout),
        *layout.scenario_files(),
    ]


def load_course(root: Path) -> tuple[Course, list[Problem]]:
    """Parse every course file once; what loads, plus every problem met (sorted, none dropped)."""
    from .loading import load_parts

    return load_parts(CourseLayout(root))


def require_course(root: Path) -> Course:
    """The course, or a ContentError carrying every load problem, for hosts that need it whole."""
    course, problems = load_course(root)
    if problems:
        raise ContentError(problems)
    return course
