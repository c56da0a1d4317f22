"""Grading without a kernel when the notebook provably cannot change its own answers.

Decided on the syntax tree, conservatively: every student-editable code cell may only assign
literals to `answer_N` names (or hold comments, `pass` or a bare literal); every locked cell
must be one of the generated forms (imports from swcourse.grading.cells, a `check_format(...)`
call ending in `;`). Then running the notebook is a pure function of those literals, and this
module computes what a kernel would have produced: the same execution counts and the same
check-cell messages (by calling the same check_format), with grade cells scored outside as on
the sandbox path. Anything else returns None and goes through the sandbox.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import threading
from typing import Any

from nbformat import NotebookNode

from .cells import check_format
from .reflections import _generated_code

ANSWER = re.compile(r"answer_\d+\Z")
# CPython 3.11 (before 3.11.8) can raise "SystemError: AST constructor recursion depth mismatch"
# when two threads build syntax trees at once; graders share a process, so they take turns.
AST_LOCK = threading.RLock()


def _literal(node: ast.AST) -> tuple[bool, Any]:
    try:
        with AST_LOCK:
            return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def _parse(source: str) -> list[ast.stmt] | None:
    try:
        with AST_LOCK:
            return ast.parse(source).body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


def inert_assignments(source: str) -> dict[str, Any] | None:
    """The answer_N literals a student cell assigns, in order; None if it could do anything else."""
    body = _parse(source)
    if body is None:
        return None
    values: dict[str, Any] = {}
    for stmt in body:
        if isinstance(stmt, ast.Pass) or (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        ):
            continue
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and ANSWER.match(stmt.targets[0].id)
        ):
            return None
        ok, value = _literal(stmt.value)
        if not ok:
            return None
        values[stmt.targets[0].id] = value
    return values


def _locked_output(source: str, env: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Outputs of a generated locked cell, or None if the cell is not one of the known forms."""
    body = _parse(source)
    if body is None:
        return None
    outputs: list[dict[str, Any]] = []
    for stmt in body:
        if (
            isinstance(stmt, ast.ImportFrom)
            and stmt.module == "swcourse.grading.cells"
            and all(alias.asname is None and alias.name == "check_format" for alias in stmt.names)
        ):
            continue
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "check_format"
            and stmt is body[-1]
            and source.rstrip().endswith(";")
        ):
            return None
        args: list[Any] = []
        for arg in call.args:
            if isinstance(arg, ast.Name) and ANSWER.match(arg.id):
                if arg.id not in env:
                    return None  # a NameError traceback: leave that to a real kernel
                args.append(env[arg.id])
            else:
                ok, value = _literal(arg)
                if not ok:
                    return None
                args.append(value)
        kwargs = {}
        for keyword in call.keywords:
            ok, value = _literal(keyword.value)
            if keyword.arg is None or not ok:
                return None
            kwargs[keyword.arg] = value
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            check_format(*args, **kwargs)
        if printed.getvalue():
            outputs.append({"output_type": "stream", "name": "stdout", "text": printed.getvalue()})
    return outputs


def _answer_box_cell(source: str) -> bool:
    """Is this the generator's answer-box or progress cell: one import from swcourse.assignment
    (or swcourse.variants, for a drawn question) and one call of what it imported, with literal
    arguments only?"""
    body = _parse(source)
    if body is None or len(body) != 2:
        return False
    imported, called = body
    if not (
        isinstance(imported, ast.ImportFrom)
        and imported.module in ("swcourse.assignment", "swcourse.variants")
        and len(imported.names) == 1
        and imported.names[0].asname is None
    ):
        return False
    call = called.value if isinstance(called, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == imported.names[0].name
        and not call.keywords
        and all(_literal(arg)[0] for arg in call.args)
    )


def run_without_kernel(nb: NotebookNode, graded: dict[int, Any]) -> dict[int, Any] | None:
    """Fill `nb` as a kernel would and return each grade cell's `answer_N` value, or None if the
    notebook needs a kernel. `graded` maps grade-cell index to (item, number, style)."""
    env: dict[str, Any] = {}
    reported: dict[int, Any] = {}
    count = 0
    planned: list[tuple[NotebookNode, list[dict[str, Any]], int]] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        count += 1
        meta = cell.metadata.get("nbgrader", {})
        if index in graded:
            reported[index] = env.get(f"answer_{graded[index][1]}")
            outputs: list[dict[str, Any]] | None = []
        elif _generated_code(cell) in ("box", "progress") and _answer_box_cell(cell.source):
            outputs = []  # a kernel would show a widget there; autograde clears it (reflections.py)
        elif meta.get("locked") or meta.get("grade"):
            outputs = _locked_output(cell.source, env)
        else:
            values = inert_assignments(cell.source)
            outputs = None if values is None else []
            env.update(values or {})
        if outputs is None:
            return None
        planned.append((cell, outputs, count))
    from nbformat import from_dict

    for cell, outputs, number in planned:
        cell.outputs = [from_dict(o) for o in outputs]
        cell.execution_count = number
    return reported
