"""The instructor guide's commands, as the tests run them.

A test that runs a command from the guide asks for it with `guide_command("...")`: that fails if
the guide no longer contains the command, and test_guide_commands.py fails if the guide has a
command no test asks for. So the guide and the tests cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "book" / "instructor-guide.md"
# Command blocks are fenced ```console blocks; each line starting with "$ " is one command.
FENCE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)


def guide_commands(text: str | None = None) -> list[str]:
    """Every command in the guide's console blocks, without the prompt and any leading sudo."""
    text = GUIDE.read_text(encoding="utf-8") if text is None else text
    commands = []
    for block in FENCE.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:].strip()
                commands.append(command.removeprefix("sudo ").strip())
    return commands


def guide_command(command: str, **replace: str) -> list[str]:
    """The guide's `command` as an argument list, with named arguments replaced for the test."""
    assert command in guide_commands(), f"the instructor guide no longer has `{command}`"
    return [replace.get(word, word) for word in shlex.split(command)]
