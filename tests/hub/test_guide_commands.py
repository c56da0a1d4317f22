"""Every command in the instructor guide's console blocks is run by a test.

Tests ask for a guide command with `guide_command("...")` (tests/hub/guide.py), which fails if
the guide lost it; this test reads every test module's calls and fails if the guide has a command
that no test asks for. Commands typed by the instructor in the browser are not commands here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .guide import GUIDE, guide_command, guide_commands

TESTS = Path(__file__).resolve().parents[1]


def commands_run_by_tests() -> set[str]:
    """The first argument of every `guide_command(...)` call in the test suite."""
    found: set[str] = set()
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "guide_command"
                and node.args
            ):
                arg = node.args[0]
                if isinstance(arg, ast.Constant):
                    found.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):  # f"swcourse grade {ASSIGNMENT}"
                    found.add(_fill(arg, tree))
    return found


def _fill(text: ast.JoinedStr, tree: ast.Module) -> str:
    """An f-string argument with its module-level constants filled in."""
    constants = {
        t.id: n.value.value
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    parts = []
    for value in text.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        else:
            parts.append(str(constants[value.value.id]))  # type: ignore[attr-defined]
    return "".join(parts)


def test_the_guide_has_commands() -> None:
    """Does the guide's setup path still have its command blocks (so the next test can fail)?"""
    commands = guide_commands()
    assert ".hub-env/bin/swcourse hub --roster roster.csv" in commands
    assert len(commands) >= 6


def test_every_guide_command_is_run_by_a_test() -> None:
    """Is each command in the guide's console blocks one that some test runs?"""
    missing = [c for c in guide_commands() if c not in commands_run_by_tests()]
    assert not missing, (
        f"{GUIDE.name} has commands no test runs: {missing}; run each in a test "
        "with guide_command(...)"
    )


def test_a_command_not_in_the_guide_is_refused() -> None:
    """Would a test asking for a command the guide lacks fail (so the two cannot drift)?"""
    try:
        guide_command("swcourse hub --no-such-option")
    except AssertionError as exc:
        assert "no longer has" in str(exc)
    else:
        raise AssertionError("guide_command accepted a command the guide does not have")


def test_console_blocks_are_read_with_and_without_sudo() -> None:
    """Are `$ ` lines read as commands, `sudo` dropped, and other lines and blocks ignored?"""
    text = (
        "```console\n$ sudo make hub\nsome output\n$ swcourse check\n```\n"
        "```text\n$ not a command\n```\n"
    )
    assert guide_commands(text) == ["make hub", "swcourse check"]
