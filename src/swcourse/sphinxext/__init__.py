"""Sphinx extension: the course's directives and its offline front-end assets.

`setup()` reads like a table of contents of what the book adds to Sphinx.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .bibstyle import setup_bibliography_style
from .directives import (
    AssignmentsTableDirective,
    ChapterSummariesDirective,
    CourseGlossaryDirective,
    ObjectivesDirective,
    ObjectivesTableDirective,
)
from .embed import setup_embedding
from .phone import setup_phone
from .scenario import ScenarioDirective
from .study import FlashcardsDirective, RevisionDashboardDirective, SelfCheckDirective
from .translator import use_accessible_citations
from .weight import setup_weight

VENDOR_STATIC = Path("build") / "vendor" / "static"
FRONTEND_STATIC = Path(__file__).resolve().parent.parent / "frontend" / "static"


def _add_static_paths(app: Sphinx, config: Config) -> None:
    """Vendor the front-end assets, then serve them from `_static/vendor/` and the players from
    `_static/swcourse/`; kept out of the source `_static/` so Jupyter Book does not inject every
    module into every page.

    Vendoring here (not only in `swcourse build`) makes a plain `jupyter-book build .` give the
    same working site; a missing npm or asset stops the build with the reason.
    """
    from ..assets import vendor
    from ..core.problems import ContentError

    try:
        if config.swcourse_vendor_assets:
            vendor(Path(app.srcdir))
    except ContentError as error:
        raise ExtensionError(f"swcourse: cannot vendor the front-end assets: {error}") from error
    folder = Path(app.srcdir) / VENDOR_STATIC
    if folder.is_dir() and str(folder) not in config.html_static_path:
        config.html_static_path.append(str(folder))
    config.html_static_path.append(str(FRONTEND_STATIC))


def _add_templates(app: Sphinx, config: Config) -> None:
    """Theme component overrides that fix accessibility faults in the upstream markup."""
    config.templates_path.insert(0, str(Path(__file__).parent / "templates"))


def code_version(folders: list[Path] | None = None) -> int:
    """A number that changes whenever the core, this extension or the front end changes.

    Sphinx re-reads every page when an extension's env_version changes, so pages rendered by
    our directives never keep output from older code in an incremental build. The front end's
    files are in it too: Sphinx copies static files only in a build that writes a page, so a
    changed player would otherwise never reach the site while no page changed.
    """
    package = Path(__file__).resolve().parent.parent
    folders = folders or [package / "core", Path(__file__).resolve().parent, FRONTEND_STATIC]
    digest = hashlib.sha256()
    for source in sorted(p for folder in folders for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" not in source.parts:
            digest.update(source.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(
        "swcourse_vendor_assets",
        True,
        "env",
        types=[bool],
        description="Copy the front-end assets from node_modules into the build "
        "(off only for directive tests, which have no node_modules).",
    )
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("course-glossary", CourseGlossaryDirective)
    app.add_directive("objectives-table", ObjectivesTableDirective)
    app.add_directive("chapter-summaries", ChapterSummariesDirective)
    app.add_directive("assignments-table", AssignmentsTableDirective)
    app.add_directive("scenario", ScenarioDirective)
    app.add_directive("selfcheck", SelfCheckDirective)
    app.add_directive("flashcards", FlashcardsDirective)
    app.add_directive("revision-dashboard", RevisionDashboardDirective)
    setup_embedding(app)
    setup_weight(app)
    setup_bibliography_style(app)
    setup_phone(app)
    app.connect("config-inited", _add_static_paths)
    app.connect("config-inited", _add_templates)
    # After the theme has chosen its translator (builder-inited, default priority 500).
    app.connect("builder-inited", use_accessible_citations, priority=900)
    return {
        "version": "0.1",
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
