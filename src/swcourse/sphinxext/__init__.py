"""Sphinx extension: the course's directives and its offline front-end assets.

`setup()` reads like a table of contents of what the book adds to Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .directives import CourseGlossaryDirective, ObjectivesDirective

VENDOR_STATIC = Path("build") / "vendor" / "static"


def _add_vendor_static(app: Sphinx, config: Config) -> None:
    """Serve vendored assets from `_static/vendor/`; kept out of `_static/` of the source so
    Jupyter Book does not inject every AMD module into every page."""
    folder = Path(app.srcdir) / VENDOR_STATIC
    if folder.is_dir() and str(folder) not in config.html_static_path:
        config.html_static_path.append(str(folder))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("course-glossary", CourseGlossaryDirective)
    app.connect("config-inited", _add_vendor_static)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
