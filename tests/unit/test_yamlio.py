"""Loading YAML content: every error must point at the right file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from swcourse.core.models import GlossaryFile, ObjectivesFile
from swcourse.core.problems import ContentError
from swcourse.core.yamlio import load_model


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, model: type) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_model(path, model)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_valid_file_loads_and_locates_parts(tmp_path: Path) -> None:
    """Can a caller find the line of a nested value after loading?"""
    path = write(
        tmp_path,
        "schema_version: 1\nterms:\n  - term: Mutual aid\n    chapter: 5\n"
        "    definition: Members helping one another in a group.\n",
    )
    loaded = load_model(path, GlossaryFile)
    assert loaded.model.terms[0].term == "Mutual aid"
    assert loaded.line("terms", 0, "definition") == 5


def test_malformed_objective_id_is_located(tmp_path: Path) -> None:
    """Is a malformed objective ID reported on its own line, naming the field?"""
    path = write(
        tmp_path,
        "schema_version: 1\nchapters:\n  - number: 3\n    title: History\n"
        "    file: book/03.md\n    objectives:\n      - id: LO3-1\n"
        "        text: Explain where casework came from.\n",
    )
    [problem] = problems_of(path, ObjectivesFile)
    assert problem.startswith("7: chapters.0.objectives.0.id: Value error, objective id 'LO3-1'")


def test_unknown_field_is_an_error(tmp_path: Path) -> None:
    """Is a misspelt field name refused rather than silently dropped?"""
    path = write(
        tmp_path,
        "schema_version: 1\nterms:\n  - term: Mutual aid\n    chapter: 5\n"
        "    defintion: Members helping one another.\n",
    )
    found = problems_of(path, GlossaryFile)
    assert "5: terms.0.defintion: Extra inputs are not permitted" in found
    assert any(p.startswith("3: terms.0.definition: Field required") for p in found)


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    """Does a repeated key fail, instead of the last value winning quietly?"""
    path = write(tmp_path, "schema_version: 1\nschema_version: 1\nterms: []\n")
    assert problems_of(path, GlossaryFile) == ["2: invalid YAML: duplicate key 'schema_version'"]


def test_syntax_error_is_located(tmp_path: Path) -> None:
    """Is a YAML syntax error reported with its line?"""
    path = write(tmp_path, "schema_version: 1\nterms:\n  - term: [unclosed\n")
    [problem] = problems_of(path, GlossaryFile)
    assert problem.startswith("4: invalid YAML")


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    """Is an empty file explained rather than crashing?"""
    assert problems_of(write(tmp_path, ""), GlossaryFile) == [
        "1: file is empty; expected a mapping with schema_version"
    ]
