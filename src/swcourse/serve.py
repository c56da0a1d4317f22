"""Serve the course locally: the static book and the live scenario notebooks through Voilà.

Both listen on loopback only. The book is plain files, so Python's own HTTP server is enough;
Voilà runs as a child process and is stopped with the book server.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .voila_template import TEMPLATE, write_template

HOST = "127.0.0.1"
BOOK_PORT = 8000
VOILA_PORT = 8866

# JupyterLab extensions that Voilà would load and that only throw errors in its page.
VOILA_EXTENSION_DENYLIST = (
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
)


def voila_command(notebooks: Path, port: int = VOILA_PORT) -> list[str]:
    """Voilà on loopback in tree mode over `notebooks/`, with noisy extensions denied and the
    offline template (run it with `voila_env()`)."""
    command = [
        str(Path(sys.executable).parent / "voila"),
        str(notebooks),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--show_tracebacks=True",
        f"--template={TEMPLATE}",
    ]
    command += [
        f"--VoilaConfiguration.extension_denylist={name}" for name in VOILA_EXTENSION_DENYLIST
    ]
    return command


def voila_env(build_dir: Path) -> dict[str, str]:
    """The environment Voilà needs: our offline template on JUPYTER_PATH."""
    jupyter_dir = build_dir / "jupyter"
    write_template(jupyter_dir)
    existing = os.environ.get("JUPYTER_PATH")
    path = str(jupyter_dir) if not existing else f"{jupyter_dir}{os.pathsep}{existing}"
    return {**os.environ, "JUPYTER_PATH": path}


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files with correct types for ES modules; one log line per request is noise here."""

    extensions_map = {  # noqa: RUF012 - the base class's own (instance) attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format: str, *args: object) -> None:
        return


def book_server(site: Path, port: int = BOOK_PORT) -> ThreadingHTTPServer:
    """An HTTP server for the built site, bound to loopback."""
    handler = functools.partial(QuietHandler, directory=str(site))
    return ThreadingHTTPServer((HOST, port), handler)


def serve(
    site: Path,
    notebooks: Path,
    build_dir: Path,
    book_port: int = BOOK_PORT,
    voila_port: int = VOILA_PORT,
    echo: Callable[[str], None] = print,
    assignment: Path | None = None,
) -> None:
    """Serve until interrupted; Voilà is terminated on the way out. `assignment`, a fetched
    assignment folder, is served by a second Voilà (answers save beside its notebook)."""
    server = book_server(site, book_port)
    voila = subprocess.Popen(voila_command(notebooks, voila_port), env=voila_env(build_dir))
    extra = (
        subprocess.Popen(
            voila_command(assignment, voila_port + 1), cwd=assignment, env=voila_env(build_dir)
        )
        if assignment
        else None
    )
    echo(f"Book:       http://{HOST}:{book_port}/")
    echo(f"Scenarios:  http://{HOST}:{voila_port}/voila/render/scenarios.ipynb")
    echo(f"Flashcards: http://{HOST}:{voila_port}/voila/render/revise.ipynb")
    for notebook in sorted(assignment.glob("*.ipynb")) if assignment else []:
        echo(f"Assignment: http://{HOST}:{voila_port + 1}/voila/render/{notebook.name}")
    echo("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        for process in (voila, extra):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
