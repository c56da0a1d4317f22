"""The modules anywidget receives (swcourse.frontend.esm) run with no folder around them."""

from __future__ import annotations

import re
from pathlib import Path

from swcourse.frontend import STATIC, esm

from ..node import run_node

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
    for name in ("players.js", "answers.js"):
        (tmp_path / name).write_text(esm(name), encoding="utf-8")
    done = run_node(RUNNER, [tmp_path / "players.js", tmp_path / "answers.js"])
    assert done == ["function", "function", "in 10 minutes", "in 3 days"]
