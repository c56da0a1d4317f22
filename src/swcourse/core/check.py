"""`swcourse check`: every rule a course author can break, reported as `file:line: problem`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from .assignments import check_assignments
from .banks import check_bank
from .bias import check_bias
from .course import Course, CourseLayout, load_course
from .models import GlossaryFile, ObjectivesFile, objective_chapter
from .myst import Scan, scan_file
from .problems import ContentError, Problem
from .scenarios import check_scenarios
from .yamlio import Loaded

REQUIRED_SECTIONS = ("Summary", "Key terms")
# A numbered chapter's file name starts with its number (book/05-principles-values.md).
CHAPTER_PAGE = re.compile(r"^\d+-")


def check_objectives(objectives: Loaded[ObjectivesFile], layout: CourseLayout) -> list[Problem]:
    """IDs unique and numbered by their chapter; chapter files exist; facts well formed."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for c_index, chapter in enumerate(objectives.model.chapters):
        if not (layout.root / chapter.file).is_file():
            problems.append(
                objectives.problem(
                    f"chapter file {chapter.file!r} does not exist", "chapters", c_index, "file"
                )
            )
        for o_index, objective in enumerate(chapter.objectives):
            line = objectives.line("chapters", c_index, "objectives", o_index, "id")
            if objective.id in seen:
                problems.append(
                    Problem(
                        objectives.path,
                        line,
                        f"objective id {objective.id} is duplicated (first on line {seen[objective.id]})",  # noqa: E501 - one message, kept whole to grep for
                    )
                )
                continue
            seen[objective.id] = line
            if objective_chapter(objective.id) != chapter.number:
                problems.append(
                    Problem(
                        objectives.path,
                        line,
                        f"objective id {objective.id} is in chapter {chapter.number}; "
                        f"number it LO-{chapter.number}.<n>",
                    )
                )
    return problems


def check_glossary_duplicates(glossaries: list[Loaded[GlossaryFile]]) -> list[Problem]:
    """A term defined twice makes Sphinx's glossary ambiguous: define it once, link elsewhere."""
    problems: list[Problem] = []
    first: dict[str, tuple[Path, int]] = {}
    for loaded in glossaries:
        for index, term in enumerate(loaded.model.terms):
            line = loaded.line("terms", index, "term")
            key = term.term.lower()
            if key in first:
                where = f"{first[key][0].name}:{first[key][1]}"
                problems.append(
                    Problem(
                        loaded.path,
                        line,
                        f"glossary term {term.term!r} is already defined at {where}; define it once",  # noqa: E501 - one message, kept whole to grep for
                    )
                )
            else:
                first[key] = (loaded.path, line)
    return problems


def check_structure(scan: Scan) -> list[Problem]:
    """One H1, no skipped heading levels (screen-reader navigation depends on both)."""
    problems: list[Problem] = []
    h1 = [h for h in scan.headings if h.level == 1]
    if len(h1) != 1:
        line = h1[1].line if len(h1) > 1 else 1
        problems.append(
            Problem(scan.path, line, f"page has {len(h1)} level-1 headings; use exactly one")
        )
    previous = 0
    for heading in scan.headings:
        if heading.level > previous + 1:
            problems.append(
                Problem(
                    scan.path,
                    heading.line,
                    f"heading {heading.text!r} skips from level {previous} to {heading.level}",
                )
            )
        previous = heading.level
    return problems


def check_chapter_shape(scan: Scan, objectives: list[str]) -> list[Problem]:
    """A content chapter opens with its objectives, has a self-check for each, and closes with
    a summary and key terms."""
    problems: list[Problem] = []
    checked = {d.argument for d in scan.directives if d.name == "selfcheck"}
    problems += [
        Problem(
            scan.path,
            1,
            f"chapter has no ```{{selfcheck}} {objective}``` block; "
            "every objective is practised in its chapter",
        )
        for objective in dict.fromkeys(objectives)
        if objective not in checked
    ]
    if not any(d.name == "objectives" for d in scan.directives):
        problems.append(
            Problem(scan.path, 1, "chapter has no {objectives} directive after its title")
        )
    titles = {h.text for h in scan.headings if h.level == 2}
    for section in REQUIRED_SECTIONS:
        if section not in titles:
            problems.append(Problem(scan.path, 1, f"chapter has no '## {section}' section"))
    return problems


def check_directive_arguments(
    scan: Scan, layout: CourseLayout, objectives: set[str]
) -> list[Problem]:
    """Scenarios and self-checks named in a page exist."""
    problems: list[Problem] = []
    for use in scan.directives:
        if use.name == "scenario" and not (layout.scenarios_dir / f"{use.argument}.yaml").is_file():
            problems.append(
                Problem(scan.path, use.line, f"no scenario {use.argument!r} in notebooks/scenarios")
            )
        if use.name == "selfcheck" and use.argument not in objectives:
            problems.append(
                Problem(
                    scan.path,
                    use.line,
                    f"self-check for {use.argument!r}: no such objective in book/objectives.yaml",
                )
            )
    return problems


def check_references(scan: Scan, keys: set[str], terms: set[str]) -> list[Problem]:
    """Citation keys are in references.bib, {term}s in the glossary, linked pages exist."""
    problems = [
        Problem(scan.path, use.line, f"citation key {use.target!r} is not in book/references.bib")
        for use in scan.citations
        if use.target not in keys
    ]
    problems += [
        Problem(scan.path, use.line, f"term {use.target!r} is not defined in book/glossary/*.yaml")
        for use in scan.terms
        if use.target.lower() not in terms
    ]
    problems += [
        Problem(scan.path, use.line, f"link to {use.target!r}: no such page")
        for use in scan.links
        if not (scan.path.parent / use.target).is_file()
    ]
    return problems


def check_timeline(course: Course) -> list[Problem]:
    """Every milestone on the timeline cites a work in references.bib."""
    timeline = course.timeline
    if timeline is None:
        return []
    return [
        timeline.problem(
            f"citation key {event.cite!r} is not in book/references.bib", "events", index, "cite"
        )
        for index, event in enumerate(timeline.model.events)
        if event.cite not in course.references
    ]


def check_toc(course: Course) -> list[Problem]:
    """The chapter list lives in two files (`_toc.yml` orders pages, `objectives.yaml` numbers
    chapters): each chapter is in both, and the table of contents follows their numbers."""
    objectives, toc = course.objectives_file, course.toc
    if objectives is None or toc is None:
        return []  # a course under test may have no book to build
    listed = [entry.target for entry in toc]
    problems, positions = [], []
    for index, chapter in enumerate(objectives.model.chapters):
        name = chapter.file.removesuffix(".md")
        if name not in listed:
            problems.append(
                objectives.problem(
                    f"chapter {chapter.number}'s file {chapter.file} is not listed in _toc.yml",
                    "chapters",
                    index,
                    "file",
                )
            )
        else:
            positions.append((listed.index(name), chapter.number, index))
    known = {chapter.file.removesuffix(".md") for chapter in objectives.model.chapters}
    problems += [
        Problem(
            course.layout.toc,
            entry.line,
            f"{entry.target}.md is listed as a numbered chapter but has no chapter in "
            "book/objectives.yaml; add its number, title and objectives there",
        )
        for entry in toc
        if CHAPTER_PAGE.match(Path(entry.target).name) and entry.target not in known
    ]
    ordered = sorted(positions)
    for (_, number, index), (_, expected, _) in zip(
        ordered, sorted(positions, key=lambda p: p[1]), strict=True
    ):
        if number != expected:
            problems.append(
                objectives.problem(
                    f"chapter {number} is out of order in _toc.yml (chapters must follow their numbers)",  # noqa: E501 - one message, kept whole to grep for
                    "chapters",
                    index,
                    "number",
                )
            )
            break
    return problems


def _collect(steps: Iterable[Callable[[], list[Problem]]]) -> list[Problem]:
    """Run every step; a step that cannot load its input reports that and the others still run."""
    problems: list[Problem] = []
    for step in steps:
        try:
            problems.extend(step())
        except ContentError as exc:
            problems.extend(exc.problems)
    return problems


def check_book(course: Course) -> list[Problem]:
    """All checks on the book: objectives, glossary, references, and every page."""
    layout = course.layout
    problems = check_glossary_duplicates(list(course.glossaries))
    keys, terms = set(course.references), set(course.terms)
    chapter_objectives: dict[Path, list[str]] = {}
    if course.objectives_file is not None:
        problems += check_objectives(course.objectives_file, layout) + check_toc(course)
        chapter_objectives = {
            (layout.root / c.file).resolve(): [o.id for o in c.objectives] for c in course.chapters
        }
    problems += check_timeline(course)
    for page in layout.chapter_sources():
        scan = scan_file(page)
        problems += check_structure(scan) + check_references(scan, keys, terms)
        problems += check_directive_arguments(scan, layout, set(course.objectives))
        if page.resolve() in chapter_objectives:
            problems += check_chapter_shape(scan, chapter_objectives[page.resolve()])
    return problems


def check_loaded(course: Course) -> list[Problem]:
    """Every rule `swcourse check` holds the loaded course to (load problems come separately)."""
    steps = [lambda: check_book(course), lambda: check_scenarios(course)]
    if course.layout.quizzes.is_dir():  # a course without graded work has no quizzes/ folder
        steps += [lambda: check_bank(course), lambda: check_assignments(course)]
    steps.append(lambda: check_bias(course))
    return _collect(steps)


def check_course(root: Path) -> list[Problem]:
    """Everything `swcourse check` validates, sorted by file and line: every problem loading
    the course met, then the rules on what loaded."""
    return checked(*load_course(root))[1]


def checked(course: Course, load_problems: list[Problem]) -> tuple[Course, list[Problem]]:
    """The loaded course with its load problems and the problems of every rule, sorted."""
    return course, sorted(set(load_problems + check_loaded(course)))
