"""YAML loading that remembers line numbers, so schema errors can point at the offending line.

pydantic reports where a value failed as a path (`chapters.2.objectives.0.id`); we keep the YAML
node tree alongside the data and walk the same path through it to recover the line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .problems import ContentError, Problem

M = TypeVar("M", bound=BaseModel)


# libyaml's parser when PyYAML was built with it: the pure-Python scanner was most of a build.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A SafeLoader that refuses duplicate mapping keys instead of silently keeping the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _node_line(root: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """Follow a pydantic error location through the node tree; return the 1-based line."""
    node = root
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            if match is None and isinstance(part, str):
                continue  # a union's tag (`items.0.single.use`) names no key: step over it
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            match = node.value[part] if part < len(node.value) else None
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


def _describe(error: dict[str, Any]) -> str:
    field = ".".join(str(p) for p in error["loc"]) or "(top level)"
    return f"{field}: {error['msg']}"


def _log_parse(path: Path) -> None:
    """Append the parsed file to $SWCOURSE_PARSE_LOG, so the build benchmark (and a test) can
    count every YAML parse, made inside Sphinx's process or any other."""
    log = os.environ.get("SWCOURSE_PARSE_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file into (data, node tree); syntax errors become a located ContentError."""
    _log_parse(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError([Problem(path, 1, f"cannot read file: {exc.strerror}")]) from exc
    loader = _UniqueKeyLoader(text)
    try:  # one parse: the node tree (for lines), then the data built from that same tree
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError([Problem(path, line, f"invalid YAML: {exc.problem or exc}")]) from exc
    finally:
        loader.dispose()
    return data, node


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model plus the means to find the line of any of its parts."""

    path: Path
    model: M
    node: yaml.Node | None

    def line(self, *loc: int | str) -> int:
        """The 1-based line of the value at `loc` (e.g. `line("terms", 3, "term")`)."""
        return _node_line(self.node, loc)

    def problem(self, message: str, *loc: int | str) -> Problem:
        """A Problem located at `loc` in this file."""
        return Problem(self.path, self.line(*loc), message)


_LOADED: dict[tuple[str, int, int, type[Any]], Loaded[Any]] = {}


def load_model(path: Path, model: type[M]) -> Loaded[M]:
    """Load and validate one YAML file against a pydantic model, locating every error by line.

    A file is parsed once per process while it is unchanged (same size and modification time):
    a book build asks for the bank from every self-check directive, and parsing it each time
    was most of the build. Callers must treat the returned models as read-only.
    """
    try:
        stat = path.stat()
    except OSError:
        return _load_model(path, model)
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, model)
    found: Loaded[M] | None = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = _load_model(path, model)
    return found


def _load_model(path: Path, model: type[M]) -> Loaded[M]:
    data, node = read_yaml(path)
    if data is None:
        raise ContentError(
            [Problem(path, 1, "file is empty; expected a mapping with schema_version")]
        )
    try:
        return Loaded(path, model.model_validate(data), node)
    except ValidationError as exc:
        problems = [
            Problem(path, _node_line(node, tuple(err["loc"])), _describe(dict(err)))
            for err in exc.errors()
        ]
        raise ContentError(problems) from exc
