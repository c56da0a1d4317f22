"""Vendor the book's front-end files from installed packages, so pages never touch a CDN.

npm packages come from `node_modules/` (installed from the registry by `npm ci`); the anywidget
front end comes from the anywidget wheel itself.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .core.problems import ContentError, Problem

VENDOR_DIR = Path("build") / "vendor" / "static" / "vendor"


@dataclass(frozen=True)
class Asset:
    source: Path
    target: str  # path below `_static/vendor/`


def npm_install(root: Path) -> None:
    """Install the pinned npm packages (package-lock.json) unless they are already there."""
    if (root / "node_modules" / ".package-lock.json").is_file():
        return
    if shutil.which("npm") is None:
        raise ContentError(
            [
                Problem(
                    root / "package.json",
                    1,
                    "npm is not installed; install Node.js and npm, then rebuild",
                )
            ]
        )
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root, check=True)


def _assets(root: Path) -> list[Asset]:
    modules = root / "node_modules"
    # Found, not imported: importing anywidget pulls in ipywidgets, and every build runs this.
    spec = importlib.util.find_spec("anywidget")
    if spec is None or spec.origin is None:
        raise ContentError(
            [Problem(root / "pyproject.toml", 1, "anywidget is not installed; reinstall swcourse")]
        )
    anywidget_version = metadata.version("anywidget")
    anywidget_js = Path(spec.origin).parent / "nbextension" / "index.js"
    return [
        Asset(modules / "requirejs" / "require.js", "require.min.js"),
        Asset(
            modules / "@jupyter-widgets" / "html-manager" / "dist" / "embed-amd.js",
            "html-manager/embed-amd.js",
        ),
        Asset(anywidget_js, f"widgets/anywidget@{anywidget_version}/dist/index.js"),
        Asset(modules / "ts-fsrs" / "dist" / "index.mjs", "ts-fsrs.mjs"),
    ]


def vendor(root: Path) -> list[Path]:
    """Copy every asset into build/vendor; returns the files written."""
    npm_install(root)
    written: list[Path] = []
    for asset in _assets(root):
        if not asset.source.is_file():
            raise ContentError(
                [
                    Problem(
                        asset.source,
                        1,
                        "vendored asset is missing; run `npm ci` in the course root",
                    )
                ]
            )
        target = root / VENDOR_DIR / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != asset.source.read_bytes():
            shutil.copyfile(asset.source, target)
        written.append(target)
    return written
