"""The bibliography style remembers formatted references between builds, and only those."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from pybtex.database import Entry, Person
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle

from swcourse.sphinxext import bibstyle
from swcourse.sphinxext.bibstyle import MEMO, RememberedStyle


def _entry(title: str) -> Entry:
    entry = Entry(
        "book",
        fields={"title": title, "year": "1917", "publisher": "Russell Sage Foundation"},
    )
    entry.key = "richmond1917"
    entry.persons["author"] = [Person("Richmond, Mary E.")]
    return entry


def _rendered(formatted: object) -> str:
    text = formatted.text  # type: ignore[attr-defined]
    assert isinstance(text, Text)
    return text.render_as("text")


def test_a_reference_is_formatted_once_and_reloaded_next_build(tmp_path: Path) -> None:
    """Is a reference formatted as pybtex's plain style would, only once however often it is
    asked for, and is it taken from the saved memo in the next build instead of formatted?"""
    app = SimpleNamespace(doctreedir=str(tmp_path))
    bibstyle._load(app)  # type: ignore[arg-type]
    expected = "Mary&nbsp;E. Richmond.\n<em>Social Diagnosis</em>.\nRussell Sage Foundation, 1917."
    for _ in range(2):
        formatted = RememberedStyle().format_entry("Ric17", _entry("Social Diagnosis"))
        assert formatted.text.render_as("html") == expected
    assert MEMO.formatted == 1
    plain = PlainStyle().format_entry("Ric17", _entry("Social Diagnosis"))
    assert _rendered(formatted) == _rendered(plain)
    bibstyle._save(app, None)  # type: ignore[arg-type]

    bibstyle._load(app)  # type: ignore[arg-type]
    again = RememberedStyle().format_entry("Ric17", _entry("Social Diagnosis"))
    assert MEMO.formatted == 0
    assert _rendered(again) == _rendered(plain)


def test_an_edited_reference_is_formatted_anew_and_the_old_one_forgotten(tmp_path: Path) -> None:
    """When a reference's title changes, is it formatted again, and does the saved memo keep
    only what this build used?"""
    app = SimpleNamespace(doctreedir=str(tmp_path))
    bibstyle._load(app)  # type: ignore[arg-type]
    RememberedStyle().format_entry("Ric17", _entry("Social Diagnosis"))
    bibstyle._save(app, None)  # type: ignore[arg-type]
    bibstyle._load(app)  # type: ignore[arg-type]
    edited = RememberedStyle().format_entry("Ric17", _entry("Social Diagnosis, revised"))
    assert MEMO.formatted == 1
    assert "revised" in _rendered(edited)
    bibstyle._save(app, None)  # type: ignore[arg-type]
    bibstyle._load(app)  # type: ignore[arg-type]
    assert len(MEMO.known) == 1


def test_a_damaged_memo_means_formatting_everything_again(tmp_path: Path) -> None:
    """Does a memo file that is not a memo (cut short, other code) count as no memo at all?"""
    (tmp_path / bibstyle.MEMO_FILE).write_bytes(b"\x80\x04not a pickle")
    app = SimpleNamespace(doctreedir=str(tmp_path))
    bibstyle._load(app)  # type: ignore[arg-type]
    RememberedStyle().format_entry("Ric17", _entry("Social Diagnosis"))
    assert MEMO.formatted == 1
