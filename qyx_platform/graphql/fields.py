"""Fields whose documentation reaches the SDL.

strawberry documents a field only through ``strawberry.field(description=...)``; a resolver's
docstring stays in Python. :func:`described` makes a resolver's docstring its description,
and :func:`from_model` declares a field that reads an attribute of the wrapped model object
(``self.m``) or row without a pass-through resolver of its own. Use them for every new field.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def description_of(resolver: Callable[..., Any]) -> str:
    """The first paragraph of a resolver's docstring, on one line (a field's SDL description)."""
    doc = inspect.getdoc(resolver)
    if not doc:
        raise TypeError(f"{resolver.__qualname__} needs a docstring: it is the field's description")
    return " ".join(doc.split("\n\n", 1)[0].split())


def described(resolver: Callable[..., Any]) -> Any:
    """``@strawberry.field`` with the resolver's docstring as the field's description."""
    import strawberry

    return strawberry.field(resolver=resolver, description=description_of(resolver))


def from_model(attribute: str, description: str, *, holder: str = "m") -> Any:
    """A field that reads ``self.<holder>.<attribute>`` of a type wrapping a model object or a
    stored row (``holder="row"``); annotate the class attribute with the GraphQL type:
    ``title: str = from_model("title", "The plan's title as printed.")``."""
    import strawberry

    def resolve(root: Any) -> Any:
        return getattr(getattr(root, holder), attribute)

    resolve.__name__ = attribute
    return strawberry.field(resolver=resolve, description=description)
