"""The book's lighter pages: the Font Awesome subset and the phone layout's HTML hooks."""

from __future__ import annotations

from pathlib import Path

from swcourse.sphinxext.phone import legible_width, phone_html
from swcourse.sphinxext.weight import (
    css_glyphs,
    icon_library,
    icons_css,
    icons_used,
    subset_fonts,
    without_fontawesome,
)

# A hand-made excerpt in the shape of the theme's fontawesome.js: brands, then solid.
SCRIPT = (
    'var p={github:[496,512,[],"f09b","M1 1z"]};(function(){d("fab",p),d("fa-brands",p)})();'
    'var p={"magnifying-glass":[512,512,[128269,"search"],"f002","M2 2z"],'
    'bars:[448,512,["navicon"],"f0c9","M3 3z"]};(function(){d("fas",p),d("fa-solid",p)})();'
)


def test_icon_library_reads_each_style_and_alias() -> None:
    """Are icons read with their style, size and path, aliases included?"""
    library = icon_library(SCRIPT)
    assert library[("brands", "github")] == (496, 512, "M1 1z")
    assert library[("solid", "search")] == library[("solid", "magnifying-glass")]
    assert library[("solid", "search")] == (512, 512, "M2 2z")
    assert library[("solid", "navicon")] == (448, 512, "M3 3z")
    assert ("solid", "github") not in library


def test_only_icons_the_pages_name_are_written(tmp_path: Path) -> None:
    """Does the stylesheet hold a mask for each icon a page names, and no other?"""
    page = tmp_path / "page.html"
    page.write_text('<i class="fa-solid fa-bars fa-lg"></i><span class="fab fa-github"></span>')
    used = icons_used([page])
    assert {("solid", "bars"), ("brands", "github"), ("solid", "xmark")} <= used
    css = icons_css(used, icon_library(SCRIPT))
    assert ".fa-solid.fa-bars::before, .fas.fa-bars::before" in css
    assert ".fa-brands.fa-github::before" in css
    assert "width: 0.8750em" in css and "M3 3z" in css
    assert "magnifying-glass" not in css and "fa-lg" not in css


def test_preload_block_loses_only_the_fontawesome_script() -> None:
    """Is the Font Awesome script tag removed and the theme's preloads kept?"""
    block = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />'
    )
    assert str(without_fontawesome(block)) == (
        '\n<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />'
    )


def test_glyphs_drawn_by_theme_css_outside_fa_rules(tmp_path: Path) -> None:
    """Are the icon-font code points kept exactly those the theme's own rules draw?"""
    sheet = tmp_path / "theme.css"
    sheet.write_text(
        '.fa-bars:before{content:"\\f0c9"}html{--pst-icon-note:"\\f05a"}'
        '.toc:after{content:"\uf107"}'
    )
    assert css_glyphs([sheet]) == {0xF05A, 0xF107}


def test_tables_get_column_labels_and_merged_tables_are_left_alone() -> None:
    """Does each data cell get its column's heading as data-label, and is a table with merged
    cells left as it was?"""
    table = (
        '<table class="table"><thead><tr><th class="head"><p>Principle</p></th>'
        '<th class="head"><p>The client&#8217;s need</p></th></tr></thead><tbody>'
        "<tr><td><p>Acceptance</p></td><td><p>To be valued</p></td></tr></tbody></table>"
    )
    assert phone_html(table) == (
        '<table class="swc-reflow table"><thead><tr><th class="head"><p>Principle</p></th>'
        '<th class="head"><p>The client&#8217;s need</p></th></tr></thead><tbody>'
        '<tr><td data-label="Principle"><p>Acceptance</p></td>'
        '<td data-label="The client\N{RIGHT SINGLE QUOTATION MARK}s need"><p>To be valued</p></td>'
        "</tr></tbody></table>"
    )
    merged = table.replace("<td><p>Acceptance", '<td colspan="2"><p>Acceptance')
    assert phone_html(merged) == merged


def test_svg_figures_get_a_legible_width() -> None:
    """Is an SVG figure with 13 px labels drawn 760 wide given the width that makes them 11 px,
    and focusable; and a figure whose labels are large enough left alone?"""
    small = (
        '<svg viewBox="0 0 760 400"><text font-size="18">A</text>'
        '<text font-size="13">b</text></svg>'
    )
    large = '<svg viewBox="0 0 300 200"><text font-size="14">A</text></svg>'
    assert legible_width(small) == 643 and legible_width(large) is None
    matplotlib = """<svg viewBox="0 0 500.4 100"><text style="font: 10px 'DejaVu Sans'">"""
    assert legible_width(matplotlib) == 550
    body = '<figure class="align-default" id="f"><img alt="x" src="../_images/a.svg" /></figure>'
    assert phone_html(body, lambda src: small) == (
        '<figure class="align-default swc-wide-figure" tabindex="0" '
        'style="--swc-legible-width: 643px" id="f"><img alt="x" src="../_images/a.svg" /></figure>'
    )
    assert phone_html(body, lambda src: large) == body
    linked = body.replace("<img", '<a class="reference internal image-reference" href="a.svg"><img')
    assert 'swc-wide-figure" tabindex="0"' in phone_html(linked, lambda src: small)


def _theme_font() -> Path:
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent
    return next(theme.rglob("webfonts/fa-solid-900.woff2"))


def test_cut_fonts_are_kept_and_reused_when_sphinx_copies_the_full_font_back(
    tmp_path: Path,
) -> None:
    """Is a font cut once, and when the full font is copied over it again (as Sphinx does on
    every build), is the kept cut copied back instead of cutting it anew?"""
    folder, cache = tmp_path / "webfonts", tmp_path / "cache"
    folder.mkdir()
    full = _theme_font().read_bytes()
    font = folder / "fa-solid-900.woff2"
    font.write_bytes(full)
    subset_fonts(folder, {0xF05A}, cache)
    cut = font.read_bytes()
    assert 0 < len(cut) < len(full) // 10
    (kept,) = cache.glob("*.woff2")
    kept.write_bytes(cut + b"kept")  # marks the kept copy, to see it is the one used
    font.write_bytes(full)
    subset_fonts(folder, {0xF05A}, cache)
    assert font.read_bytes() == cut + b"kept"
    font.write_bytes(full)
    subset_fonts(folder, {0xF05A, 0xF107}, cache)  # other glyphs: cut afresh
    assert font.read_bytes() not in (full, cut + b"kept")
    subset_fonts(folder, {0xF05A, 0xF107}, cache)  # already cut, nothing Sphinx copied back
    assert len(list(cache.glob("*.woff2"))) == 2


def test_the_code_version_follows_python_templates_and_front_end_files(tmp_path: Path) -> None:
    """Does the number that makes Sphinx re-read every page change when a player's JavaScript,
    a template or a module in a subpackage changes (Sphinx copies static files only in a build
    that writes a page), and stay put when only bytecode caches appear?"""
    from swcourse.sphinxext import code_version

    files = {
        "core/items/single.py": "A = 1\n",
        "sphinxext/templates/page.html": "<p></p>\n",
        "static/swcourse/players.js": "export const a = 1;\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    folders = [tmp_path / "core", tmp_path / "sphinxext", tmp_path / "static"]
    before = code_version(folders)
    (tmp_path / "core" / "items" / "__pycache__").mkdir()
    (tmp_path / "core" / "items" / "__pycache__" / "single.pyc").write_bytes(b"\0")
    assert code_version(folders) == before
    for name in files:
        (tmp_path / name).write_text(files[name] + " ")
        assert code_version(folders) != before, name
        (tmp_path / name).write_text(files[name])
    assert code_version(folders) == before
