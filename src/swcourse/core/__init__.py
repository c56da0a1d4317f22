"""The pure core: content models, loaders and validation.

Nothing here imports Sphinx, ipywidgets, anywidget, nbformat, nbgrader or browser code, so every
host (book, widgets, grader, CLI) can share one set of rules. A test enforces this.
"""

from .problems import ContentError, Problem

__all__ = ["ContentError", "Problem"]
