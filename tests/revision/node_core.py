"""Run the book's revision rules (revision-core.js, ts-fsrs) under Node, for the parity tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

STATIC = (
    Path(__file__).resolve().parents[2] / "src" / "swcourse" / "frontend" / "static" / "swcourse"
)

RUNNER = """
import { readFileSync } from "node:fs";
const core = await import(process.argv[1]);
const lib = await import(process.argv[2]);
const calls = JSON.parse(readFileSync(0, "utf8"));
const out = calls.map(([name, args]) => {
  try {
    if (name === "replayCards") return { value: core.replayCards(args[0], lib) };
    if (name === "studyQueue") {
      return { value: core.studyQueue(args[0], args[1], new Date(args[2]), args[3], args[4]) };
    }
    if (name === "newToday") return { value: core.newToday(args[0], new Date(args[1])) };
    return { value: core[name](...args) };
  } catch (error) {
    return { error: error.constructor.name, message: error.message };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def run_js(root: Path, calls: list[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
    """Call revision-core.js functions by name; each result is {value} or {error, message}."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed; the README's test command installs it with npm")
    ts_fsrs = root / "node_modules" / "ts-fsrs" / "dist" / "index.mjs"
    done = subprocess.run(
        [
            node,
            "--input-type=module",
            "-e",
            RUNNER,
            "--",
            (STATIC / "revision-core.js").as_uri(),
            ts_fsrs.as_uri(),
        ],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)
