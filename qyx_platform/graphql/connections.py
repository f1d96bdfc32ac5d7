"""Cursor pagination (first/after) shared by every list that grows."""

from __future__ import annotations

import base64
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError

from qyx_platform.config import MAX_PAGE_SIZE
from qyx_platform.i18n import _
from qyx_platform.services.arguments import MAX_ID

#: the largest page a client may ask for
MAX_PAGE = MAX_PAGE_SIZE

T = TypeVar("T")


@strawberry.type(description="Where a page ends.")
class PageInfo:
    """Whether more items follow, and the cursor to continue after."""

    has_next_page: bool
    end_cursor: str | None


@strawberry.type(description="An item with its cursor.")
class Edge(Generic[T]):
    """One item of a page."""

    node: T
    cursor: str


@strawberry.type(description="A page of a list that grows.")
class Connection(Generic[T]):
    """A page: the total count, edges and page info."""

    total_count: int
    edges: list[Edge[T]]
    page_info: PageInfo


def encode_cursor(kind: str, key: int) -> str:
    """An opaque cursor for a row id."""
    return base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    """The row id inside a cursor; a GraphQLError for a foreign or broken cursor."""
    if cursor is None:
        return None
    try:
        prefix, _sep, key = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if prefix == kind and key.isascii() and key.isdigit() and 0 <= int(key) <= MAX_ID:
            return int(key)
    except (ValueError, UnicodeDecodeError):
        pass
    raise GraphQLError(
        _("invalid cursor {cursor}: pass an endCursor from a previous page", cursor=repr(cursor))
    )


def page_size(first: int) -> int:
    """Check ``first`` against 1..MAX_PAGE."""
    if not 1 <= first <= MAX_PAGE:
        raise GraphQLError(_("first must be between 1 and {limit}", limit=MAX_PAGE))
    return first


def connection(kind: str, total: int, items: list[tuple[int, T]], first: int) -> Connection[T]:
    """Build a page from (id, node) pairs fetched with limit ``first + 1``."""
    more = len(items) > first
    items = items[:first]
    edges = [Edge(node=node, cursor=encode_cursor(kind, key)) for key, node in items]
    return Connection(
        total_count=total,
        edges=edges,
        page_info=PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges else None),
    )
