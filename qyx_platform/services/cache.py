"""The platform's one cache: what depends only on stored data, valid for one data version.

Every write raises the data version in the database (``meta.data_version``, see
:mod:`qyx_platform.store.meta`). A reader looks the version up once per request and
:meth:`VersionedCache.sync` drops everything when it changed, so entries are never served
across a write: on one process, and across several workers sharing one database, since each
reads the shared version.

Keys are typed (:class:`CacheKey`): the key names the type of its value, so a reader gets
back what it stored, checked by mypy. Only plain data goes in (values, evaluations), never
GraphQL objects: the GraphQL layer builds those per request. The only writer is
:class:`qyx_platform.services.readings.Readings`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: entries kept per version (least recently used dropped first)
MAX_ENTRIES = 512


@dataclass(frozen=True, slots=True)
class CacheKey(Generic[T]):
    """The key of a cached value of type ``T``: a question's name and its arguments."""

    name: str
    args: tuple[Hashable, ...] = ()


class VersionedCache:
    """A thread-safe LRU mapping from :class:`CacheKey` to value, valid for one data version."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.version: int | None = None
        self._items: OrderedDict[CacheKey[Any], Any] = OrderedDict()
        self._lock = threading.Lock()

    def sync(self, version: int) -> None:
        """Drop every entry when ``version`` differs from the one they were computed for."""
        with self._lock:
            if version != self.version:
                self._items.clear()
                self.version = version

    def get(self, key: CacheKey[T], compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computing and storing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                value: T = self._items[key]
                return value
            version = self.version
        computed = compute()
        with self._lock:
            if self.version == version:  # not invalidated while computing
                self._items[key] = computed
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        return computed

    def get_in(self, group: CacheKey[dict[Hashable, T]], item: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``item`` inside the entry ``group`` (a table by item): a question
        asked once per jurisdiction of a province takes one entry, so it cannot crowd the
        cache and evict itself."""
        table = self.get(group, dict)
        if item not in table:
            table[item] = compute()
        return table[item]

    def clear(self) -> None:
        """Drop everything (the next sync recomputes)."""
        with self._lock:
            self._items.clear()
            self.version = None
