"""The modules anywidget receives (swcourse.frontend.esm) run with no folder around them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from swcourse.frontend import STATIC, esm

RUNNER = """
const players = await import(process.argv[1]);
const answers = await import(process.argv[2]);
const now = new Date("2026-03-02T09:00:00Z");
process.stdout.write(JSON.stringify([
  typeof players.default.render, typeof answers.default.render,
  players.whenText("2026-03-02T09:10:00Z", now), players.whenText("2026-03-05T09:00:00Z", now),
]));
"""


def test_inlined_modules_have_no_relative_imports_left() -> None:
    """Does the text for players.js and answers.js import nothing by a relative path (which a
    blob: URL cannot resolve), while the files themselves share dom.js?"""
    for name in ("players.js", "answers.js"):
        assert re.search(r"""from\s*["']\./dom\.js["']""", (STATIC / name).read_text())
        assert not re.search(r"""from\s*["']\.{1,2}/""", esm(name)), name


def test_inlined_modules_run_alone(tmp_path: Path) -> None:
    """Copied alone into an empty folder, do both modules load in Node and give the book's
    words (a card due in 10 minutes is 'in 10 minutes', in 3 days 'in 3 days')?"""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed; the README's test command installs it with npm")
    for name in ("players.js", "answers.js"):
        (tmp_path / name).write_text(esm(name), encoding="utf-8")
    done = subprocess.run(
        [
            node,
            "--input-type=module",
            "-e",
            RUNNER,
            "--",
            (tmp_path / "players.js").as_uri(),
            (tmp_path / "answers.js").as_uri(),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == ["function", "function", "in 10 minutes", "in 3 days"]
