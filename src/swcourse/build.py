"""Build the book with Jupyter Book, then publish it atomically.

Jupyter Book builds incrementally into `_build/html` (with myst-nb's execution cache in
`_build/.jupyter_cache`). Only a build that succeeds with warnings-as-errors is copied to
`_build/site`, which is what `serve` and the browser tests use: a failed build never replaces the
last good site.

Before starting Jupyter Book at all, `build` asks whether any file the build could read changed
since the site was published (`input_stamp`); when none did, the site stands as it is. Jupyter
Book and Sphinx take about 3 s just to start and find nothing to do, and `swcourse serve` builds
every time it starts.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tempfile
from pathlib import Path

from . import __file__ as package_init
from .assets import vendor
from .core.atomic import write_text_atomic
from .core.stamps import file_stamp, stamp_digest

SITE = Path("_build") / "site"
HTML = Path("_build") / "html"
# What the published site was built from (`input_stamp`), written after each publish.
SITE_INPUTS = Path("_build") / "site.inputs"
# Below the course root: outputs, installed tools and caches, never read as book sources.
NOT_INPUTS = {"_build", "node_modules", "__pycache__"}


class BuildFailed(RuntimeError):
    """Jupyter Book reported errors or warnings; the published site was left untouched."""


def jupyter_book_command(root: Path, fresh: bool) -> list[str]:
    """`jupyter-book build` with warnings as errors, nitpicky references, all problems listed.

    It runs through `jupyter_book_main`, which is Jupyter Book's own command line minus a slow
    import that no build uses.
    """
    command = [
        sys.executable,
        "-m",
        "swcourse.jupyter_book_main",
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


def _files_below(folder: Path) -> list[Path]:
    """Every file below `folder`, skipping hidden folders (.git, .venv) and `NOT_INPUTS`."""
    found: list[Path] = []
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in NOT_INPUTS)
        found.extend(Path(current) / name for name in sorted(names))
    return found


def _installed_packages() -> str:
    """The entries of the folders packages are installed in: a package's dist-info folder
    carries its version in its name, so an install, upgrade or removal changes this text.
    (Not all of `sys.path`: its first entry is the calling script's folder, /tmp for some.)"""
    entries = []
    for folder in [*site.getsitepackages(), site.getusersitepackages()]:
        try:
            entries.append(f"{folder}:{sorted(os.listdir(folder))}")
        except OSError:
            continue
    return "\n".join(entries)


def input_stamp(root: Path) -> str:
    """A digest of everything a build could read, meant to err on the side of rebuilding.

    Every file below the course root except outputs and hidden folders; the swcourse package's
    own code (it renders the directives, and is outside the root once installed); npm's record of
    the installed packages (the vendored assets); the installed Python packages; and the
    command. A false "changed" costs one incremental Sphinx pass; a false "unchanged" would
    serve a stale book, so anything a build reads is in.
    """
    package = Path(package_init).resolve().parent
    files = [*_files_below(root), *_files_below(package)]
    files.append(root / "node_modules" / ".package-lock.json")
    command = " ".join(jupyter_book_command(root, fresh=False))
    return stamp_digest(file_stamp(files), _installed_packages(), command, sys.version)


def book_is_current(root: Path) -> bool:
    """Would `build` keep the published site as it is?"""
    return up_to_date(root, input_stamp(root))


def up_to_date(root: Path, stamp: str) -> bool:
    """Is the published site the build of exactly these inputs?"""
    try:
        recorded = (root / SITE_INPUTS).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return recorded == stamp and (root / SITE / "index.html").is_file()


def build(root: Path, fresh: bool = False, quiet: bool = False) -> Path:
    """Vendor assets, build the book, publish it; returns the published site's folder.

    With no input changed since the last publish (and not `fresh`), nothing runs. The inputs are
    stamped before the build starts, so a file edited while it runs is rebuilt next time.
    """
    vendor(root)
    stamp = input_stamp(root)
    if not fresh and up_to_date(root, stamp):
        return root / SITE
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
    site = publish(root)
    write_text_atomic(root / SITE_INPUTS, stamp + "\n")
    return site
