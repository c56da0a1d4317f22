"""The nbgrader preprocessor that stands in for Execute during `swcourse grade`'s phase 2.

It copies outputs from the notebook phase 1 executed (in a sandbox) and scored, cell by cell,
into the notebook nbgrader has just sanitized; both come from the same sanitizing steps, so
they have the same cells. Nothing is executed here. Like nbclient under Execute, it records the
kernel's language_info in the notebook (the feedback page reads it to highlight code): for a
Python notebook, what ipykernel's kernel reports, which is the kernel nbgrader would start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode


def executed_notebook(results_dir: str | Path, student: str, notebook: str) -> NotebookNode:
    """The notebook phase 1 executed and scored for `student`."""
    return nbformat.read(Path(results_dir) / student / f"{notebook}.ipynb", as_version=4)


def kernel_language_info(nb: NotebookNode) -> dict[str, Any] | None:
    """What a Python kernel reports as language_info (None for a notebook in another language)."""
    if nb.metadata.get("kernelspec", {}).get("language", "python") != "python":
        return None
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


class ReplayExecution(NbGraderPreprocessor):
    results_dir = Unicode("", help="Folder of executed notebooks: <student>/<notebook>.ipynb").tag(
        config=True
    )
    executed: NotebookNode | None = None
    """The executed notebook, when the batch recorder has already read it (else read here)."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        meta = resources["nbgrader"]
        executed, self.executed = self.executed, None
        if executed is None:
            executed = executed_notebook(self.results_dir, meta["student"], meta["notebook"])
        if len(executed.cells) != len(nb.cells):
            raise ValueError(
                f"{meta['student']}/{meta['notebook']}: executed copy has "
                f"{len(executed.cells)} cells, the sanitized notebook {len(nb.cells)}"
            )
        for cell, done in zip(nb.cells, executed.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs = done.get("outputs", [])
                cell.execution_count = done.get("execution_count")
        info = kernel_language_info(nb)
        if info is not None:
            nb.metadata["language_info"] = nbformat.from_dict(info)
        return nb, resources
