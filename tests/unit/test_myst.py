"""The MyST scanner finds what the checker needs and nothing inside literal code."""

from __future__ import annotations

from pathlib import Path

from swcourse.core.myst import scan_text

PAGE = """# 3. History

```{objectives}
```

Casework grew from the COS {cite:p}`mowat1961,bosanquet1914`.

## Friendly visiting

```{note}
A {term}`friendly visitor <Friendly visitor>` was a volunteer {cite:t}`richmond1899`.
```

```python
# {cite:p}`not_a_citation`
```

### Details
"""


def test_headings_roles_and_directives() -> None:
    """Are headings, citation keys, term targets and directives found with their lines?"""
    scan = scan_text(Path("ch.md"), PAGE)
    assert [(h.line, h.level, h.text) for h in scan.headings] == [
        (1, 1, "3. History"),
        (8, 2, "Friendly visiting"),
        (18, 3, "Details"),
    ]
    assert [(c.line, c.target) for c in scan.citations] == [
        (6, "mowat1961"),
        (6, "bosanquet1914"),
        (11, "richmond1899"),
    ]
    assert [(t.line, t.target) for t in scan.terms] == [(11, "Friendly visitor")]
    assert [(d.name, d.argument) for d in scan.directives] == [("objectives", ""), ("note", "")]


def test_directive_arguments_are_kept() -> None:
    """Is the argument of a directive (a scenario id, an objective) recorded with it?"""
    scan = scan_text(
        Path("ch.md"), "# T\n\n```{selfcheck} LO-5.2\n```\n\n```{scenario} school-student\n```\n"
    )
    assert [(d.line, d.name, d.argument) for d in scan.directives] == [
        (3, "selfcheck", "LO-5.2"),
        (6, "scenario", "school-student"),
    ]


def test_heading_inside_admonition_is_not_a_page_heading() -> None:
    """Does a '#' line inside a directive body stay out of the page outline?"""
    scan = scan_text(Path("ch.md"), "# Title\n\n```{note}\n# not a heading\n```\n")
    assert [h.text for h in scan.headings] == ["Title"]
