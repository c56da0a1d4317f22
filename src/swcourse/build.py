"""Build the book with Jupyter Book, then publish it atomically.

Jupyter Book builds incrementally into `_build/html` (with myst-nb's execution cache in
`_build/.jupyter_cache`). Only a build that succeeds with warnings-as-errors is copied to
`_build/site`, which is what `serve` and the browser tests use: a failed build never replaces the
last good site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .assets import vendor

SITE = Path("_build") / "site"
HTML = Path("_build") / "html"


class BuildFailed(RuntimeError):
    """Jupyter Book reported errors or warnings; the published site was left untouched."""


def jupyter_book_command(root: Path, fresh: bool) -> list[str]:
    """`jupyter-book build` with warnings as errors, nitpicky references, all problems listed."""
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    if fresh:
        command.append("--all")
    return command


def publish(root: Path) -> Path:
    """Replace `_build/site` with the fresh `_build/html` in one rename."""
    site = root / SITE
    staging = Path(tempfile.mkdtemp(prefix="site-", dir=root / "_build"))
    shutil.copytree(root / HTML, staging, dirs_exist_ok=True)
    old = site.with_name("site.old")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    if old.exists():
        shutil.rmtree(old)
    return site


def build(root: Path, fresh: bool = False, quiet: bool = False) -> Path:
    """Vendor assets, build the book, publish it; returns the published site's folder."""
    vendor(root)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    output = subprocess.PIPE if quiet else None
    result = subprocess.run(
        jupyter_book_command(root, fresh),
        cwd=root,
        env=env,
        text=True,
        stdout=output,
        stderr=subprocess.STDOUT if quiet else None,
    )
    if result.returncode != 0:
        warnings = [
            line
            for line in (result.stdout or "").splitlines()
            if "WARNING" in line or "ERROR" in line
        ]
        detail = "\n".join(warnings[:40])
        raise BuildFailed(
            f"the book did not build; {root / SITE} keeps the last good build\n{detail}"
        )
    return publish(root)
