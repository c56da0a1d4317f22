"""A Voilà template that serves nothing from a CDN.

Voilà's `lab` template links Font Awesome from a CDN, which fails offline (two console errors
and two requests to another host). We derive a `swcourse` template from the installed `lab`
template without those links, at serve time, so it always matches the installed Voilà.
The players use no icon fonts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jupyter_core.paths import jupyter_path

TEMPLATE = "swcourse"
CDN_LINK = re.compile(r"^\s*<link[^>]+https?://[^>]+>\s*$")


def _lab_index() -> Path:
    for root in jupyter_path("voila", "templates"):
        candidate = Path(root) / "lab" / "index.html.j2"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("Voilà's lab template was not found; is voila installed?")


def write_template(jupyter_dir: Path) -> Path:
    """Write the template below `jupyter_dir` (add that folder to JUPYTER_PATH to use it)."""
    source = _lab_index().read_text(encoding="utf-8")
    kept = [line for line in source.splitlines() if not CDN_LINK.match(line)]
    folder = jupyter_dir / "voila" / "templates" / TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html.j2").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    return folder
