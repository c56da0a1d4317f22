"""Run the book's revision rules (revision-core.js, ts-fsrs) under Node, for the parity tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..node import run_node

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
    ts_fsrs = root / "node_modules" / "ts-fsrs" / "dist" / "index.mjs"
    result: list[dict[str, Any]] = run_node(
        RUNNER, [STATIC / "revision-core.js", ts_fsrs], stdin=json.dumps(calls)
    )
    return result
