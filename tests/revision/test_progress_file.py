"""One progress file for the book, Voilà and `swcourse revise`: import, export and merge."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swcourse.core import progress
from swcourse.revision.store import ProgressStore

from .cli import revise

FIXTURES = Path(__file__).parent / "fixtures"


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def contents(store: ProgressStore) -> dict:
    """Everything a store holds, without the export time."""
    document = store.export_document(when("2030-01-01T00:00:00.000Z"))
    return {**document, "states": store.reviewed_states()}


def test_book_file_imports_with_every_section(tmp_path: Path) -> None:
    """Does a file exported by the book bring its reviews, self-check answers and scenario
    endings into the SQLite store, with card states replayed by FSRS?"""
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        laptop = json.loads((FIXTURES / "good-laptop.json").read_text())
        added, known = store.import_document(laptop)
        assert (added, known) == (3, 0)
        assert store.review_count() == 3
        states = store.reviewed_states()
        # Good then Good ten minutes later: graduated to a review due two days on (hand-checked).
        assert progress.canonical_time(states["term:casework"]["due"]) == "2026-04-10T09:10:00.000Z"
        assert progress.canonical_time(states["item:q-05-x"]["due"]) == "2026-04-09T20:01:00.000Z"
        assert store.section("swcourse.selfcheck.v1")["q-06-y"]["answer"] is True
        assert store.section("swcourse.scenarios.v1")["intake-decision"]["ending"] == "e-strong"
        assert store.new_per_day == 10


def test_merging_two_files_neither_loses_nor_doubles(tmp_path: Path) -> None:
    """Importing the laptop's file and the phone's (which share one review), then both again,
    gives each review exactly once and keeps the later self-check answer?"""
    laptop = json.loads((FIXTURES / "good-laptop.json").read_text())
    phone = json.loads((FIXTURES / "good-phone.json").read_text())
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        assert store.import_document(laptop) == (3, 0)
        assert store.import_document(phone) == (1, 1)
        assert store.import_document(laptop) == (0, 3)
        assert store.import_document(phone) == (0, 2)
        assert sorted((c, r) for c, r, _ in store.reviews()) == [
            ("item:q-05-x", "again"),
            ("term:casework", "good"),
            ("term:casework", "good"),
            ("term:mutual-aid", "easy"),
        ]
        assert store.section("swcourse.selfcheck.v1")["q-05-x"]["answer"] == "c"
        assert store.new_per_day == 10  # the receiving side's setting stays


def test_round_trip_store_to_file_to_store(tmp_path: Path) -> None:
    """Does a store's export, imported into an empty store, give the same reviews, states,
    sections and counts; and does a review recorded here match the replayed state?"""
    with ProgressStore(tmp_path / "a.sqlite3") as first:
        first.record("term:casework", "good", when("2026-04-08T09:00:00.000Z"))
        first.record("term:casework", "good", when("2026-04-08T09:10:00.000Z"))
        first.record("term:mutual-aid", "again", when("2026-04-09T10:00:00.000Z"))
        first.import_document(json.loads((FIXTURES / "good-phone.json").read_text()))
        exported = first.export_document()
        expected = contents(first)
        deck = ["term:casework", "term:mutual-aid", "term:other", "item:q-05-x"]
        counts = first.queue(deck, when("2026-04-12T12:00:00.000Z")).counts
    with ProgressStore(tmp_path / "b.sqlite3") as second:
        second.import_document(json.loads(json.dumps(exported)))
        assert contents(second)["sections"] == expected["sections"]
        for card, state in expected["states"].items():
            theirs = second.reviewed_states()[card]
            assert {k: v for k, v in theirs.items() if k != "card_id"} == {
                k: v for k, v in state.items() if k != "card_id"
            }
        assert second.queue(deck, when("2026-04-12T12:00:00.000Z")).counts == counts


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("bad-*.json")))
def test_bad_file_is_refused_and_changes_nothing(tmp_path: Path, name: str) -> None:
    """Is a damaged or foreign file refused with a reason, leaving the store exactly as it was?"""
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        store.import_document(json.loads((FIXTURES / "good-laptop.json").read_text()))
        before = contents(store)
        with pytest.raises(progress.ProgressFileError) as refused:
            store.import_document(json.loads((FIXTURES / name).read_text()))
        assert str(refused.value)
        assert contents(store) == before


def test_a_file_failing_midway_leaves_no_partial_import(tmp_path: Path) -> None:
    """If the second of two sections cannot be saved, are the first section's reviews rolled
    back too?"""
    with ProgressStore(tmp_path / "p.sqlite3") as store:
        data = json.loads((FIXTURES / "good-laptop.json").read_text())
        data["sections"]["swcourse.zzz.v1"] = {"x": float("nan")}
        store._db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON sections "
            "WHEN NEW.name = 'swcourse.zzz.v1' "
            "BEGIN SELECT RAISE(ABORT, 'disk'); END"
        )
        with pytest.raises(Exception, match="disk"):
            store.import_document(data)
        assert store.review_count() == 0 and store.section("swcourse.selfcheck.v1") == {}


def test_cli_export_then_import(tmp_path: Path, course_root: Path) -> None:
    """Does `swcourse revise --export` write a file that `--import` reads into another store,
    saying how many reviews were new?"""
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    with ProgressStore(source) as store:
        store.record("term:casework", "good")
        store.record("term:mutual-aid", "easy")
    out = tmp_path / "progress.json"
    done = revise(course_root, source, "--export", out)
    assert done.exit_code == 0, done.output
    assert "2 reviews" in done.output and json.loads(out.read_text())["format"] == progress.FORMAT
    done = revise(course_root, target, "--import", out)
    assert done.exit_code == 0, done.output
    assert "2 new review(s), 0 already here" in done.output
    assert "New 18 · Learning 0 · Due 0" in done.output  # two cards first seen today


def test_cli_refuses_a_damaged_file_in_plain_words(tmp_path: Path, course_root: Path) -> None:
    """Does `--import` of a cut-off file and of someone else's JSON say why, exit 1, and keep
    the store as it was?"""
    store_path = tmp_path / "p.sqlite3"
    with ProgressStore(store_path) as store:
        store.record("term:casework", "good")
    cut = tmp_path / "cut.json"
    cut.write_text((FIXTURES / "good-laptop.json").read_text()[:200])
    shutil.copy(FIXTURES / "bad-not-ours.json", tmp_path / "notes.json")
    for path, why in [
        (cut, "it is not a JSON file"),
        (tmp_path / "notes.json", "not a Casework and Group Work progress file"),
    ]:
        done = revise(course_root, store_path, "--import", path)
        assert done.exit_code == 1
        assert why in done.output and "Nothing was changed." in done.output
        assert "Traceback" not in done.output
    with ProgressStore(store_path) as store:
        assert store.review_count() == 1


def test_daily_new_card_limit_in_the_terminal(tmp_path: Path, course_root: Path) -> None:
    """With the limit set to 2, does a session offer 2 new cards, and after they are seen,
    none until tomorrow, saying why?"""
    path = tmp_path / "p.sqlite3"
    done = revise(course_root, path, "--new-per-day", "2", keys="\n3\n\n4\n")
    assert done.exit_code == 0, done.output
    assert "New 2 · Learning 0 · Due 0" in done.output
    assert "Session over: 2 card(s) reviewed" in done.output
    done = revise(course_root, path)
    assert "New 0 · Learning" in done.output and "limited to 2 a day" in done.output
    with ProgressStore(path) as store:
        assert store.new_per_day == 2
        now = datetime.now(UTC)
        day = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        assert store.new_today(day) == 2
