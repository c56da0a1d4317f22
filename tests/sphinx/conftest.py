"""The tiny course in tests/sphinx/roots/test-course, built once by Sphinx's own test app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """The test course built into a temporary folder, with warnings as errors."""
    srcdir = tmp_path_factory.mktemp("sphinx") / "test-course"
    shutil.copytree(ROOTS / "test-course", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, warningiserror=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()
