"""The book's bibliography style: pybtex's `plain`, remembered from one build to the next.

sphinxcontrib-bibtex formats every reference in the bibliography on every build, even one in
which nothing changed, and twice when citations carry a tooltip: about 200 pybtex formattings,
the largest single cost of a no-change rebuild. A formatted reference depends only on the style,
its label and the entry's own fields, so this style keeps each result under a key made of exactly
those, in the doctree folder (where Sphinx keeps its own pickled environment), and pybtex runs
again only for a reference that is new or edited. `_config.yml` names it in
`bibtex_default_style`; plugging in a style is sphinxcontrib-bibtex's documented extension point.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import pybtex
from pybtex.plugin import register_plugin
from pybtex.style import FormattedEntry
from pybtex.style.formatting.plain import Style as PlainStyle
from sphinx.application import Sphinx

from ..core.atomic import atomic_path

STYLE_NAME = "swcourse"
MEMO_FILE = "swcourse-bibtex.pickle"
# Bump when RememberedStyle's output could change for the same entry.
MEMO_VERSION = f"1:{pybtex.__version__}"


class _Memo:
    """Formatted references of the last build, and which of them this build used."""

    def __init__(self) -> None:
        self.known: dict[str, FormattedEntry] = {}
        self.used: dict[str, FormattedEntry] = {}
        self.formatted = 0  # how many pybtex actually formatted in this process


MEMO = _Memo()


def entry_key(style: str, label: str, entry: Any) -> str:
    """Everything the formatted text depends on: style, label, type, key, fields and people."""
    people = sorted((role, tuple(str(p) for p in names)) for role, names in entry.persons.items())
    fields = sorted((name.lower(), str(value)) for name, value in entry.fields.items())
    text = repr((MEMO_VERSION, style, label, entry.type, entry.key, fields, people))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RememberedStyle(PlainStyle):
    """pybtex's plain style, looking each reference up before formatting it."""

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        if bib_data is not None:  # cross-referenced data the key does not cover
            return super().format_entry(label, entry, bib_data)
        key = entry_key(type(self).__name__, label, entry)
        formatted = MEMO.used.get(key) or MEMO.known.get(key)
        if formatted is None:
            formatted = super().format_entry(label, entry)
            MEMO.formatted += 1
        MEMO.used[key] = formatted
        return formatted


def _load(app: Sphinx) -> None:
    MEMO.known, MEMO.used, MEMO.formatted = {}, {}, 0
    try:
        with open(Path(app.doctreedir) / MEMO_FILE, "rb") as saved:
            version, known = pickle.load(saved)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return  # no memo yet, or one from other code: format everything afresh
    if version == MEMO_VERSION and isinstance(known, dict):
        MEMO.known = known


def _save(app: Sphinx, exception: Exception | None) -> None:
    """Keep exactly this build's references, so edited or removed ones do not pile up."""
    if exception is not None or (MEMO.formatted == 0 and MEMO.used.keys() == MEMO.known.keys()):
        return
    with atomic_path(Path(app.doctreedir) / MEMO_FILE) as temporary:
        temporary.write_bytes(pickle.dumps((MEMO_VERSION, MEMO.used)))


def setup_bibliography_style(app: Sphinx) -> None:
    register_plugin("pybtex.style.formatting", STYLE_NAME, RememberedStyle)
    app.connect("builder-inited", _load)
    app.connect("build-finished", _save)
