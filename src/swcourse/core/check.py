"""`swcourse check`: every rule a course author can break, reported as `file:line: problem`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .assignments import check_assignments
from .banks import check_bank
from .bias import check_bias
from .bibtex import bib_keys
from .course import CourseLayout, glossary_terms, load_glossaries, load_objectives, load_timeline
from .models import GlossaryFile, ObjectivesFile
from .myst import Scan, scan_file
from .problems import ContentError, Problem
from .scenarios import check_scenarios
from .yamlio import Loaded, read_yaml

REQUIRED_SECTIONS = ("Summary", "Key terms")


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
            if not objective.id.startswith(f"LO-{chapter.number}."):
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


def check_timeline(layout: CourseLayout, keys: set[str]) -> list[Problem]:
    """Every milestone on the timeline cites a work in references.bib."""
    if not layout.timeline.is_file():
        return []
    timeline = load_timeline(layout)
    return [
        timeline.problem(
            f"citation key {event.cite!r} is not in book/references.bib", "events", index, "cite"
        )
        for index, event in enumerate(timeline.model.events)
        if event.cite not in keys
    ]


def _toc_files(data: object) -> list[str]:
    """Every `file:` entry of a Jupyter Book table of contents, in reading order."""
    found: list[str] = []
    if isinstance(data, dict):
        if isinstance(data.get("file"), str):
            found.append(data["file"])
        for value in data.values():
            found += _toc_files(value)
    elif isinstance(data, list):
        for value in data:
            found += _toc_files(value)
    return found


def check_toc(objectives: Loaded[ObjectivesFile], layout: CourseLayout) -> list[Problem]:
    """The chapter list lives in two files (`_toc.yml` orders pages, `objectives.yaml` numbers
    chapters): every chapter must be in the table of contents, in the order of its number."""
    toc = layout.root / "_toc.yml"
    if not toc.is_file():
        return []  # a course under test may have no book to build
    listed = [entry.removesuffix(".md") for entry in _toc_files(read_yaml(toc)[0])]
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


def check_book(layout: CourseLayout) -> list[Problem]:
    """All checks on the book: objectives, glossary, references, and every page."""
    problems: list[Problem] = []
    glossaries, glossary_problems = load_glossaries(layout)
    problems += glossary_problems + check_glossary_duplicates(glossaries)
    terms = set(glossary_terms(glossaries))
    keys, bib_problems = (
        bib_keys(layout.references)
        if layout.references.is_file()
        else ({}, [Problem(layout.references, 1, "book/references.bib is missing")])
    )
    problems += bib_problems
    chapter_objectives: dict[Path, list[str]] = {}
    try:
        objectives = load_objectives(layout)
        problems += check_objectives(objectives, layout) + check_toc(objectives, layout)
        chapter_objectives = {
            (layout.root / c.file).resolve(): [o.id for o in c.objectives]
            for c in objectives.model.chapters
        }
    except ContentError as exc:
        problems += exc.problems
    known = {o for ids in chapter_objectives.values() for o in ids}
    try:
        problems += check_timeline(layout, set(keys))
    except ContentError as exc:
        problems += exc.problems
    for page in layout.chapter_sources():
        scan = scan_file(page)
        problems += check_structure(scan) + check_references(scan, set(keys), terms)
        problems += check_directive_arguments(scan, layout, known)
        if page.resolve() in chapter_objectives:
            problems += check_chapter_shape(scan, chapter_objectives[page.resolve()])
    return problems


def objective_ids(layout: CourseLayout) -> set[str]:
    """Every objective ID of the course (empty when the objectives file cannot be loaded)."""
    try:
        chapters = load_objectives(layout).model.chapters
    except ContentError:
        return set()
    return {objective.id for chapter in chapters for objective in chapter.objectives}


def check_course(root: Path) -> list[Problem]:
    """Everything `swcourse check` validates, sorted by file and line."""
    layout = CourseLayout(root)
    steps = [lambda: check_book(layout), lambda: check_scenarios(layout, objective_ids(layout))]
    if (root / "quizzes").is_dir():  # a course without graded work has no quizzes/ folder
        steps += [lambda: check_bank(layout), lambda: check_assignments(layout)]
    steps.append(lambda: check_bias(layout))  # after loading: it skips files that do not load
    return sorted(_collect(steps))
