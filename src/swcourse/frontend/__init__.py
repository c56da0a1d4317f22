"""The course's front-end modules (static/swcourse/), as each host loads them.

The static book serves static/swcourse/ as files under _static, so its modules import one
another by relative path ("./dom.js"). anywidget (JupyterLab, Voilà) gives a widget one module's
text and loads it from a blob: URL, where a relative path resolves against nothing. `esm` gives
anywidget that text with each relative import pointing at the imported module itself as a
data: URL, so both hosts run the same files and a shared helper is written once, with no
bundler, build step or generated file.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static" / "swcourse"
# `from "./x.js"` in an import or export statement: the only relative imports the modules use.
_RELATIVE = re.compile(r"""(\bfrom\s*)(["'])\./([A-Za-z0-9_.-]+\.js)\2""")


@cache
def esm(name: str) -> str:
    """The module `name` in static/swcourse/, its relative imports inlined as data: URLs."""
    source = (STATIC / name).read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        code = base64.b64encode(esm(match.group(3)).encode("utf-8")).decode("ascii")
        return f'{match.group(1)}"data:text/javascript;base64,{code}"'

    return _RELATIVE.sub(inline, source)
