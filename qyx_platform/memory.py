"""Keeping Python's cyclic garbage collector out of the way of large, acyclic work.

Reading a province's series or importing a quarter of a million rows creates hundreds of
thousands of tuples and lists that refer to nothing that refers back. Each automatic collection
would scan every live object (the plan, the schema, the caches) to free nothing; on a large read
that is a third of the time. Reference counting frees these objects as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause automatic cyclic collections inside the block; they resume after it. A collector
    the application disabled stays disabled; nested and concurrent uses leave it enabled at the
    end when it was enabled at the start."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_startup_objects() -> None:
    """Move every object alive now (modules, the plan, the schema) out of the collector's
    reach for good: a server calls this once start-up is done, so that later collections scan
    only what requests created."""
    gc.collect()
    gc.freeze()
