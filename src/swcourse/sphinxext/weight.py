"""Page weight: every student pays for every byte on first visit, often on phone data.

pydata-sphinx-theme loads Font Awesome's whole SVG library as a script (`fontawesome.js`,
about 540 KB gzip) on every page, to draw the dozen icons of the theme's buttons. The book drops
that script (see `templates/static/webpack-macros.html`) and instead writes one small stylesheet,
`_static/swcourse/icons.css`, holding only the icons the built pages name, each as an SVG mask
taken from the theme's own copy of Font Awesome (so the icons stay the theme's, in the theme's
colours, and nothing is downloaded from anywhere). The icon font is never fetched either,
because each icon's `::before` no longer draws a glyph.

The theme's own stylesheets still draw a few glyphs from the icon font (admonition and
navigation arrows), so the font files are cut down to exactly those glyphs (fontTools).

MathJax needs nothing here: Sphinx adds it only to pages that hold equations. A page with
equations and a MathJax address on another host fails the build, since the book must work offline.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util import logging

from ..core.stamps import file_stamp, stamp_digest

logger = logging.getLogger(__name__)

ICONS_CSS = "swcourse/icons.css"
# Icons the theme's scripts add after load (the search dialog's and banners' close button).
RUNTIME_ICONS = {("solid", "xmark")}
STYLE_CLASSES = {
    "fa-solid": "solid",
    "fas": "solid",
    "fa-regular": "regular",
    "far": "regular",
    "fa-brands": "brands",
    "fab": "brands",
}
PACK_CALL = re.compile(r'\(function\(\)\{\w+\("fa(s|r|b)",\w+\)')
ICON = re.compile(
    r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):'  # name: [width, height, [aliases], code, path]
    r'\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]'
)
CLASS_ATTR = re.compile(r'class="([^"]*\bfa[a-z-]*\b[^"]*)"')
PACK_NAMES = {"s": "solid", "r": "regular", "b": "brands"}


def without_fontawesome(html: str) -> Markup:
    """The theme's preload block minus its Font Awesome script tag."""
    return Markup(re.sub(r"\s*<script[^>]*scripts/fontawesome\.js[^>]*></script>", "", str(html)))


def fontawesome_source(app: Sphinx) -> Path:
    import pydata_sphinx_theme

    return (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "scripts"
        / "fontawesome.js"
    )


def icon_library(source: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(style, name) -> (width, height, SVG path) for every icon in the theme's fontawesome.js.

    The script defines each style's icons in one object literal, closed by a call that names
    the style ("fab", "far", "fas"); an icon belongs to the call that follows it.
    """
    library: dict[tuple[str, str], tuple[int, int, str]] = {}
    start = 0
    for call in PACK_CALL.finditer(source):
        style = PACK_NAMES[call.group(1)]
        for match in ICON.finditer(source, start, call.start()):
            icon = (int(match.group(3)), int(match.group(4)), match.group(6))
            aliases = re.findall(r'"([a-z0-9-]+)"', match.group(5))
            for name in [match.group(1) or match.group(2), *aliases]:
                library.setdefault((style, name), icon)
        start = call.end()
    return library


def icons_used(html_files: list[Path]) -> set[tuple[str, str]]:
    """(style, name) of every Font Awesome icon named in the built pages' class attributes."""
    used = set(RUNTIME_ICONS)
    for page in html_files:
        for attr in CLASS_ATTR.findall(page.read_text(encoding="utf-8")):
            classes = attr.split()
            styles = {STYLE_CLASSES[c] for c in classes if c in STYLE_CLASSES}
            for style in styles:
                used.update(
                    (style, c[3:])
                    for c in classes
                    if c.startswith("fa-") and c not in STYLE_CLASSES
                )
    return used


def icons_css(
    used: set[tuple[str, str]], library: dict[tuple[str, str], tuple[int, int, str]]
) -> str:
    """One rule per icon: an SVG mask in the current text colour, sized like the font glyph."""
    prefix = {
        "solid": (".fa-solid", ".fas"),
        "regular": (".fa-regular", ".far"),
        "brands": (".fa-brands", ".fab"),
    }
    rules = [
        "/* Font Awesome Free icons (CC BY 4.0 icons, MIT code: fontawesome.com/license/free),"
        " only those the book uses; written by swcourse.sphinxext.weight. */"
    ]
    for style, name in sorted(used):
        if (style, name) not in library:
            continue  # a modifier class such as fa-lg, or an icon this theme does not ship
        width, height, path = library[(style, name)]
        svg = (
            f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'>"
            f"<path d='{path}'/></svg>"
        )
        url = f'url("data:image/svg+xml,{quote(svg, safe=" /=:,.-")}")'
        selector = ", ".join(f"{p}.fa-{name}::before" for p in prefix[style])
        rules.append(
            f'{selector} {{ content: ""; display: inline-block; '
            f"width: {width / height:.4f}em; height: 1em; vertical-align: -0.125em; "
            f"background-color: currentColor; -webkit-mask: {url} center / contain "
            f"no-repeat; mask: {url} center / contain no-repeat; }}"
        )
    return "\n".join(rules) + "\n"


def css_glyphs(stylesheets: list[Path]) -> set[int]:
    """Private-use code points the stylesheets draw outside Font Awesome's own .fa-* rules."""
    glyphs: set[int] = set()
    for sheet in stylesheets:
        rules = re.findall(r"([^{}]*)\{([^{}]*)\}", sheet.read_text(encoding="utf-8"))
        for selector, body in rules:
            if selector.strip().startswith(".fa-"):
                continue
            glyphs.update(ord(c) for c in body if 0xE000 <= ord(c) <= 0xF8FF)
            glyphs.update(int(x, 16) for x in re.findall(r"\\([ef][0-9a-f]{3})\b", body))
    return glyphs


def subset_fonts(folder: Path, glyphs: set[int], cache: Path) -> None:
    """Keep only `glyphs` in each icon font (same file names, so the theme's CSS still works).

    Sphinx copies the theme's full fonts over the cut ones on every build, so each cut font is
    kept in `cache` under the hash of its full font and glyph list and copied back next time:
    fontTools (a third of a second) only runs when the theme or the glyphs change.
    """
    for font_path in sorted(folder.glob("fa-*.*")):
        if font_path.suffix not in (".woff2", ".ttf"):
            continue
        full = font_path.read_bytes()
        kept = cache / f"{_digest(full + repr(sorted(glyphs)).encode())}{font_path.suffix}"
        if kept.is_file():
            font_path.write_bytes(kept.read_bytes())
        elif not (cache / f"cut-{_digest(full)}").exists():  # else: a font already cut
            _cut_font(font_path, glyphs)
            cache.mkdir(parents=True, exist_ok=True)
            cut = font_path.read_bytes()
            kept.write_bytes(cut)
            (cache / f"cut-{_digest(cut)}").touch()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cut_font(font_path: Path, glyphs: set[int]) -> None:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2" if font_path.suffix == ".woff2" else None
    font = subset.load_font(str(font_path), options)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=glyphs & set(font.getBestCmap() or {}) or {0x20})
        subsetter.subset(font)
        subset.save_font(font, str(font_path), options)
    finally:
        font.close()


def _register_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_fontawesome"] = without_fontawesome


def _page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    app.add_css_file(ICONS_CSS)
    path = str(app.config.mathjax_path or "")
    domain = app.env.get_domain("math")
    if path.startswith(("http:", "https:", "//")) and domain.has_equations(pagename):  # type: ignore[attr-defined]
        logger.warning(
            f"{pagename} has equations, but MathJax would load from {path}; "
            "vendor MathJax and set mathjax_path to a local file (the book is offline)"
        )


def _write_icons(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    cache = Path(app.doctreedir) / "swcourse-weight"
    glyphs = _write_icons_css(
        fontawesome_source(app),
        sorted(out.rglob("*.html")),
        sorted(static.glob("styles/*.css")),
        static / ICONS_CSS,
        cache / "icons.json",
    )
    subset_fonts(static / "vendor" / "fontawesome" / "webfonts", glyphs, cache)
    unused = static / "scripts" / "fontawesome.js"
    for leftover in (
        unused,
        unused.with_name("fontawesome.js.map"),
        unused.with_name("fontawesome.js.LICENSE.txt"),
    ):
        leftover.unlink(missing_ok=True)


def _write_icons_css(
    source: Path, pages: list[Path], sheets: list[Path], target: Path, memo: Path
) -> set[int]:
    """Write icons.css for the pages and return the glyphs the stylesheets draw.

    Reading Font Awesome's 1.5 MB script and every page takes longer than the rest of a
    no-change rebuild's own work, so when no input changed (`memo` holds their fingerprint and
    the glyphs found), the last icons.css stands.
    """
    key = stamp_digest(file_stamp([source, *pages, *sheets]))
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if known["key"] == key and target.is_file():
            return set(known["glyphs"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    library = icon_library(source.read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(icons_css(icons_used(pages), library), encoding="utf-8")
    glyphs = css_glyphs(sheets)
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps({"key": key, "glyphs": sorted(glyphs)}), encoding="utf-8")
    return glyphs


def setup_weight(app: Sphinx) -> None:
    app.connect("builder-inited", _register_filter)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_icons)
