"""Print the book's clean build time (with notebook execution) and its rebuild times.

Runs in a temporary copy of the course, so the real `_build/` (and its last good site) is
untouched. Targets on 2 cores: clean build <= 60 s, no-change rebuild <= 3 s, and each course
file parsed once per build (counted through $SWCOURSE_PARSE_LOG, which the loader appends to).

`swcourse build` skips Jupyter Book when no input changed, so two more figures show what the
skip hides: Sphinx's own incremental pass over an unchanged book (the input record removed, so
Jupyter Book runs and finds nothing to do) and a rebuild after one chapter's text changed.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from swcourse.build import SITE_INPUTS, build  # noqa: E402

# The figures issue 14 measured before the course model (quiet machine), printed alongside.
BEFORE = {"clean": 109.0, "rebuild": 4.1, "parses": 483}
SKIP = shutil.ignore_patterns(".venv", "_build", "build", "node_modules", ".git", "__pycache__")


def _cpu() -> float:
    """CPU seconds used so far by finished child processes (the build and its kernels)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


REPEATS: list[str] = []  # files parsed more than once in the clean build, to name them


def timed(copy: Path, fresh: bool, log: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, course-file parses and distinct files parsed for one build.

    CPU time barely depends on what else the machine runs, so it is printed beside the wall
    time: on a shared machine the wall time is inflated, the CPU time is not.
    """
    log.write_text("")
    os.environ["SWCOURSE_PARSE_LOG"] = str(log)
    start, cpu = time.perf_counter(), _cpu()
    build(copy, fresh=fresh, quiet=True)
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    parsed = log.read_text().splitlines()
    if fresh:
        REPEATS.extend(sorted({p for p in parsed if parsed.count(p) > 1}))
    return seconds, cpu, len(parsed), len(set(parsed))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="swcourse-bench-") as tmp:
        copy = Path(tmp) / "course"
        shutil.copytree(ROOT, copy, ignore=SKIP)
        (copy / "node_modules").symlink_to(ROOT / "node_modules")
        log = Path(tmp) / "parses.log"
        load_before = os.getloadavg()[0]
        clean, clean_cpu, parses, files = timed(copy, fresh=True, log=log)
        rebuild, rebuild_cpu, re_parses, _ = timed(copy, fresh=False, log=log)
        (copy / SITE_INPUTS).unlink()
        sphinx_pass, sphinx_cpu, _, _ = timed(copy, fresh=False, log=log)
        chapter = copy / "book" / "08-compared.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more line.\n")
        one_page, one_page_cpu, _, _ = timed(copy, fresh=False, log=log)
        load_after = os.getloadavg()[0]
    pages = len(list((ROOT / "book").glob("*.md")))
    print(f"book pages:             {pages}")
    print(
        f"machine load (1 min):   {load_before:.1f} before, {load_after:.1f} after, on "
        f"{os.cpu_count()} cores (figures above the core count are inflated by other work)"
    )
    print(f"{'':24}{'now':>9}   {'before #14':>10}   target")
    print(f"clean build (executes): {clean:7.1f} s   {BEFORE['clean']:8.1f} s   <= 60 s")
    print(f"  of which CPU time:    {clean_cpu:7.1f} s   (build and kernels; not inflated by load)")
    print(f"no-change rebuild:      {rebuild:7.1f} s   {BEFORE['rebuild']:8.1f} s   <= 3 s")
    print(f"  of which CPU time:    {rebuild_cpu:7.1f} s")
    print(f"  Sphinx pass, no change:{sphinx_pass:6.1f} s   (CPU {sphinx_cpu:.1f} s; the skip off)")
    print(f"  one chapter edited:   {one_page:7.1f} s   (CPU {one_page_cpu:.1f} s)")
    print(
        f"course files parsed:    {parses:7d}     {BEFORE['parses']:8d}     each once "
        f"({files} files; {re_parses} parses in the no-change rebuild)"
    )
    for path in REPEATS:
        print(f"  parsed more than once in the clean build: {path.replace(f'{copy}/', '')}")


if __name__ == "__main__":
    main()
