"""A cache of what depends only on stored data, valid for one data version.

Every write bumps the data version in the database (``meta.data_version``) in its own
transaction. A reader looks the version up once per request and :meth:`VersionedCache.sync`
drops everything when it changed, so entries are never served across a write: on one
process, and across several workers sharing one database, since each reads the shared version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: entries kept per version (least recently used dropped first)
MAX_ENTRIES = 512


class VersionedCache:
    """A thread-safe LRU mapping valid for one data version."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.version: int | None = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def sync(self, version: int) -> None:
        """Drop every entry when ``version`` differs from the one they were computed for."""
        with self._lock:
            if version != self.version:
                self._items.clear()
                self.version = version

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of ``key``, computing and storing it on a miss."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                value: T = self._items[key]
                return value
            version = self.version
        computed = compute()
        with self._lock:
            self.misses += 1
            if self.version == version:  # not invalidated while computing
                self._items[key] = computed
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        return computed

    def clear(self) -> None:
        """Drop everything (the next sync recomputes)."""
        with self._lock:
            self._items.clear()
            self.version = None
