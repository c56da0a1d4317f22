"""The deck as an Anki package: read back with zipfile and sqlite3, as Anki itself reads it."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from swcourse.core.cards import KINDS
from swcourse.core.course import require_course

from .cli import revise


def test_apkg_is_a_valid_anki_collection(tmp_path: Path, course_root: Path) -> None:
    """Does `swcourse revise --anki` write an .apkg holding an Anki collection with one note
    per card, one note type per card kind, a subdeck per chapter, tags per chapter and
    objective, and the chapter's sources on each note?"""
    target = tmp_path / "casework.apkg"
    done = revise(course_root, None, "--anki", target)
    assert done.exit_code == 0, done.output
    deck = list(require_course(course_root).deck)
    with zipfile.ZipFile(target) as package:
        assert {"collection.anki2", "media"} <= set(package.namelist())
        assert json.loads(package.read("media")) == {}
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == len(deck)
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == len(deck)
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    assert sorted(m["name"] for m in models.values()) == sorted(
        f"Casework and Group Work: {n}"
        for n in (
            "key term",
            "single choice",
            "multiple choice",
            "true or false",
            "short answer",
            "ordering",
            "matching",
            "casework, group work or both",
        )
    )
    assert len(KINDS) == len(models)
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    names = [d["name"] for d in decks.values()]
    assert "Casework and Group Work::Chapter 05: Principles and values" in names
    by_kind = {int(key): m for key, m in models.items()}
    rows = db.execute("SELECT mid, tags, flds FROM notes").fetchall()
    statement = next(f for mid, _, f in rows if by_kind[mid]["name"].endswith("true or false"))
    assert statement.split("\x1f")[0] == "True or false?"
    biestek = [f.split("\x1f") for _, tags, f in rows if " LO-5.1 " in f" {tags} "]
    assert biestek and all("chapter-05" in t for _, t, _ in rows if " LO-5.1 " in f" {t} ")
    assert all("Biestek (1957). The Casework Relationship." in fields[6] for fields in biestek)


def test_apkg_note_ids_are_stable(tmp_path: Path, course_root: Path) -> None:
    """Do two exports give the same note ids (so Anki updates notes instead of duplicating)?"""
    guids = []
    for name in ("a", "b"):
        target = tmp_path / f"{name}.apkg"
        revise(course_root, None, "--anki", target)
        with zipfile.ZipFile(target) as package:
            package.extract("collection.anki2", tmp_path / name)
        db = sqlite3.connect(tmp_path / name / "collection.anki2")
        guids.append(sorted(r[0] for r in db.execute("SELECT guid FROM notes")))
    assert guids[0] == guids[1]
