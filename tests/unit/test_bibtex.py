"""BibTeX keys are read with their lines, and duplicates are reported."""

from __future__ import annotations

from pathlib import Path

from swcourse.core.bibtex import bib_keys


def test_keys_lines_and_duplicates(tmp_path: Path) -> None:
    """Are keys found, @comment skipped, and a second definition of a key reported?"""
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@comment{ignored,}\n@book{richmond1917,\n  title={Social Diagnosis}}\n\n"
        "@Article{ papell1966 ,\n title={x}}\n@book{richmond1917,\n title={again}}\n"
    )
    keys, problems = bib_keys(bib)
    assert keys == {"richmond1917": 2, "papell1966": 5}
    assert [(p.line, p.message) for p in problems] == [
        (7, "duplicate BibTeX key 'richmond1917' (first defined on line 2)")
    ]
