"""A light scanner for the parts of MyST chapters that the checker must see.

It is not a MyST parser: it finds headings, citation and glossary roles and directive fences,
line by line, skipping literal code blocks, which is all the course's rules need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[\w:-]+\})?\s*(.*)$")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
TERM_TARGET = re.compile(r"<([^<>]+)>\s*$")
PAGE_LINK = re.compile(r"\]\(([^()\s#]+\.(?:md|ipynb))(?:#[^()\s]*)?\)")


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(frozen=True)
class RoleUse:
    """Something a file names at a line: a role's target, a linked page, a `_toc.yml` page."""

    line: int
    target: str


@dataclass(frozen=True)
class DirectiveUse:
    line: int
    name: str
    argument: str


@dataclass
class Scan:
    """What a chapter contains that the course's rules talk about."""

    path: Path
    headings: list[Heading] = field(default_factory=list)
    citations: list[RoleUse] = field(default_factory=list)
    terms: list[RoleUse] = field(default_factory=list)
    directives: list[DirectiveUse] = field(default_factory=list)
    links: list[RoleUse] = field(default_factory=list)


def _term_target(content: str) -> str:
    match = TERM_TARGET.search(content)
    return (match.group(1) if match else content).strip()


def scan_text(path: Path, text: str) -> Scan:
    """Scan MyST text; literal code fences are skipped, directive bodies are scanned."""
    scan = Scan(path)
    fence: str | None = None
    literal = False
    for number, line in enumerate(text.splitlines(), start=1):
        opened = FENCE.match(line)
        if fence is not None and opened and opened.group(1) == fence and not opened.group(2):
            fence, literal = None, False
            continue
        if fence is None and opened:
            fence = opened.group(1)
            directive = opened.group(2)
            literal = directive is None or directive in ("{code-cell}", "{code-block}", "{code}")
            if directive:
                scan.directives.append(
                    DirectiveUse(number, directive.strip("{}"), opened.group(3).strip())
                )
            continue
        if literal:
            continue
        heading = HEADING.match(line)
        if heading and fence is None:
            scan.headings.append(Heading(number, len(heading.group(1)), heading.group(2)))
        for match in CITE_ROLE.finditer(line):
            for key in match.group(1).split(","):
                scan.citations.append(RoleUse(number, key.strip()))
        for match in PAGE_LINK.finditer(line):
            scan.links.append(RoleUse(number, match.group(1)))
        for match in TERM_ROLE.finditer(line):
            scan.terms.append(RoleUse(number, _term_target(match.group(1))))
    return scan


def scan_file(path: Path) -> Scan:
    """Scan a MyST file from disk."""
    return scan_text(path, path.read_text(encoding="utf-8"))
