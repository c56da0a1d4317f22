"""Jupyter Book's own command line, run without one import that costs every build 3 seconds.

`jupyter_book.config` imports jsonschema, and jsonschema's format module imports
`rfc3987_syntax` when it is installed (Jupyter's servers pull it in through
`jsonschema[format-nongpl]`). That import compiles 38 Earley grammars: about 3 s of CPU before
Sphinx starts, which was half of a no-change rebuild. Jupyter Book's config schema declares no
`format` at all, and nothing else in a build checks formats, so blocking the module changes no
result: jsonschema simply registers no IRI checker in this one process. Everything else is Jupyter
Book's unchanged `main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes `import` fail fast
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv[0] = "jupyter-book"
    jupyter_book()


if __name__ == "__main__":
    main()
