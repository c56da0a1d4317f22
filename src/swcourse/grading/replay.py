"""The nbgrader preprocessor that stands in for Execute during `swcourse grade`'s phase 2.

It copies outputs from the notebook phase 1 executed (in a sandbox) and scored, cell by cell,
into the notebook nbgrader has just sanitized; both come from the same sanitizing steps, so
they have the same cells. Nothing is executed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode


class ReplayExecution(NbGraderPreprocessor):
    results_dir = Unicode("", help="Folder of executed notebooks: <student>/<notebook>.ipynb").tag(
        config=True
    )

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        meta = resources["nbgrader"]
        executed_path = Path(self.results_dir) / meta["student"] / f"{meta['notebook']}.ipynb"
        executed = nbformat.read(executed_path, as_version=4)
        if len(executed.cells) != len(nb.cells):
            raise ValueError(
                f"{executed_path}: executed copy has {len(executed.cells)} cells, "
                f"the sanitized notebook {len(nb.cells)}"
            )
        for cell, done in zip(nb.cells, executed.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs = done.get("outputs", [])
                cell.execution_count = done.get("execution_count")
        return nb, resources
