"""Run a JavaScript module snippet in Node.js, as the front end's tests outside a browser do."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def run_node(script: str, modules: list[Path], stdin: str | None = None) -> Any:
    """Run `script` as an ES module with the modules' file URLs as its arguments; returns the
    JSON it writes to standard output."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed; the README's test command installs it with npm")
    done = subprocess.run(
        [node, "--input-type=module", "-e", script, "--", *(m.as_uri() for m in modules)],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
