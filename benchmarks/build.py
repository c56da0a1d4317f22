"""Print the book's clean build time (with notebook execution) and its no-change rebuild time.

Runs in a temporary copy of the course, so the real `_build/` (and its last good site) is
untouched. Targets on 2 cores: clean build <= 120 s, no-change rebuild <= 10 s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from swcourse.build import build  # noqa: E402

SKIP = shutil.ignore_patterns(".venv", "_build", "build", "node_modules", ".git", "__pycache__")


def timed(copy: Path, fresh: bool) -> float:
    start = time.perf_counter()
    build(copy, fresh=fresh, quiet=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="swcourse-bench-") as tmp:
        copy = Path(tmp) / "course"
        shutil.copytree(ROOT, copy, ignore=SKIP)
        (copy / "node_modules").symlink_to(ROOT / "node_modules")
        clean = timed(copy, fresh=True)
        rebuild = timed(copy, fresh=False)
    pages = len(list((ROOT / "book").glob("*.md")))
    print(f"book pages:             {pages}")
    print(f"clean build (executes): {clean:6.1f} s   (target <= 120 s)")
    print(f"no-change rebuild:      {rebuild:6.1f} s   (target <= 10 s)")


if __name__ == "__main__":
    main()
