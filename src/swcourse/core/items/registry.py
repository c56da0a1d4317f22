"""The registry of item types: the one place that knows which types exist.

Each type's module decorates its class with `@register`; the bank's discriminated union, the
graders' validation and every dispatcher (scoring, format check, answer text, exporters) look
the class up here, so adding a type is one module in this package plus its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import reduce
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import Field, TypeAdapter

if TYPE_CHECKING:
    from .base import ItemBase

T = TypeVar("T", bound="type[ItemBase]")
# The order types are listed in (bank errors, listings); a type not named here comes after these.
ORDER = (
    "single",
    "multiple",
    "true_false",
    "ordering",
    "matching",
    "classification",
    "short_text",
    "reflection",
)
_TYPES: dict[str, type[ItemBase]] = {}
_ADAPTER: dict[tuple[str, ...], TypeAdapter[Any]] = {}
_FOLLOWERS: list[Callable[[], None]] = []


def follow(callback: Callable[[], None]) -> None:
    """Call `callback` whenever the set of types changes (the bank file's schema follows)."""
    _FOLLOWERS.append(callback)


def _changed() -> None:
    for callback in _FOLLOWERS:
        callback()


def type_name(cls: type[ItemBase]) -> str:
    """The `type:` value written in the bank for `cls` (its Literal field's one value)."""
    annotation = cls.model_fields["type"].annotation
    (name,) = annotation.__args__  # type: ignore[union-attr]
    return str(name)


def register(cls: T) -> T:
    """Make `cls` an item type of the bank, under the name of its `type` field."""
    name = type_name(cls)
    if name in _TYPES and _TYPES[name] is not cls:
        raise ValueError(f"item type {name!r} is already registered by {_TYPES[name].__name__}")
    _TYPES[name] = cls
    known = sorted(_TYPES, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))
    ordered = {n: _TYPES[n] for n in known}
    _TYPES.clear()
    _TYPES.update(ordered)
    _changed()
    return cls


def unregister(name: str) -> None:
    """Forget an item type (tests register types of their own and remove them again)."""
    if _TYPES.pop(name, None) is not None:
        _changed()


@contextmanager
def registered(cls: type[ItemBase]) -> Iterator[type[ItemBase]]:
    """`cls` registered for the length of a `with` block."""
    register(cls)
    try:
        yield cls
    finally:
        unregister(type_name(cls))


def item_types() -> dict[str, type[ItemBase]]:
    """Type name -> class, in registration order (the order error messages list them in)."""
    return dict(_TYPES)


def item_class(name: str) -> type[ItemBase] | None:
    """The class of the item type called `name`, or None when no such type exists."""
    return _TYPES.get(name)


def type_heading(name: str) -> str:
    """The type as a student reads it in a question heading ("Choose all that apply")."""
    kind = _TYPES.get(name)
    return kind.heading if kind else name


def item_union() -> Any:
    """The discriminated union of every registered type, as pydantic validates a bank item."""
    union = reduce(lambda a, b: a | b, _TYPES.values())  # type: ignore[arg-type, return-value]
    return Annotated[union, Field(discriminator="type")]


def item_adapter() -> TypeAdapter[Any]:
    """A validator for one item (a dict from a bank or a notebook) over the types known now."""
    names = tuple(_TYPES)
    if names not in _ADAPTER:
        _ADAPTER[names] = TypeAdapter(item_union())
    return _ADAPTER[names]


class LiveAdapter:
    """`validate_python` over whichever types are registered when it is called."""

    def validate_python(self, data: Any) -> Any:
        return item_adapter().validate_python(data)
