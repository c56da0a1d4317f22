"""Embedding the course's players in book pages: JSON data, a mount point, a no-JS reading.

Every player (scenario, self-check, flashcards, revision dashboard) is embedded the same way,
and pages that hold one, and only those, load the player module and its stylesheet.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ENV_KEY = "swcourse_player_docs"


def widget_html(kind: str, dom_id: str, data: dict[str, Any], static_html: str) -> str:
    """The embedded player: its data, an empty mount (shown by JS), and the static reading."""
    payload = json.dumps({"kind": kind, **data}, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="swc-widget swc-{kind}-widget" data-kind="{kind}" id="{dom_id}">'
        f'<script type="application/json" class="swc-data">{payload}</script>'
        f'<div class="swc-mount" id="swc-mount-{dom_id}" hidden></div>'
        f'<div class="swc-static">{static_html}</div></div>'
    )


def note_player(env: BuildEnvironment) -> None:
    """Mark the current page as one that needs the player module."""
    getattr(env, ENV_KEY).add(env.docname)


def raw(html: str) -> list[nodes.Node]:
    return [nodes.raw("", html, format="html")]


def _init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if not hasattr(env, ENV_KEY):
        setattr(env, ENV_KEY, set())


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, ENV_KEY, set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    getattr(env, ENV_KEY).update(getattr(other, ENV_KEY, set()) & docnames)


def _page_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if pagename in getattr(app.env, ENV_KEY, set()):
        app.add_css_file("swcourse/players.css")
        app.add_js_file("swcourse/mount.js", type="module")


def setup_embedding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _init_env)  # event order: before any read
    app.connect("env-purge-doc", _purge)  # per changed doc
    app.connect("env-merge-info", _merge)  # parallel reads
    app.connect("html-page-context", _page_assets)  # per written page
