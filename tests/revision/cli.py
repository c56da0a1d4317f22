"""`swcourse revise` as the tests run it: in-process, on a given course and progress store."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from swcourse.cli import main


def revise(course_root: Path, store: Path | None, *args: str | Path, keys: str = "") -> Result:
    """Run `swcourse revise --root <course_root> [--store <store>] <args>`, typing `keys`."""
    command = ["revise", "--root", str(course_root)]
    if store is not None:
        command += ["--store", str(store)]
    return CliRunner().invoke(main, [*command, *map(str, args)], input=keys or None)
