"""The core must stay importable without any host library (book, widgets, grader, browser)."""

from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("ipywidgets", "anywidget", "sphinx", "docutils", "nbgrader", "nbformat", "playwright")


def test_core_imports_no_host_library() -> None:
    """Does importing any core module pull in Sphinx, widgets, nbgrader, nbformat or playwright?"""
    code = (
        "import importlib, json, pkgutil, sys\n"
        "import swcourse.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('swcourse.core.' + m.name)\n"  # noqa: E501 - one message, kept whole to grep for
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))\n"
    )
    loaded = set(
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
    )
    assert "swcourse" in loaded
    assert loaded.isdisjoint(FORBIDDEN), sorted(loaded & set(FORBIDDEN))
