"""What a report gives back (:class:`StoredObservations`, the revisions it stored) and
:func:`parse_value` for the values people write. The records themselves
(``ObservationInput``, ``StoredObservation``) are model types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

from qyx_platform.model import Indicator, StoredObservation
from qyx_platform.services import values
from qyx_platform.store.observations import NewRevision

if TYPE_CHECKING:
    from qyx_platform.results import ResultTable
    from qyx_platform.services.validation import Valid

#: ``progress(stage, done, total)``: stages ``read``, ``validate`` and ``write``
Progress = Callable[[str, int, int], None]


class StoredObservations(Sequence[StoredObservation]):
    """The revisions one report stored, in the order of its rows; each
    :class:`StoredObservation` is made when it is first read (an import of a million rows
    need not build a million objects nobody looks at)."""

    __slots__ = ("_approved", "_at", "_rows", "_valid", "unchanged")

    def __init__(
        self,
        valid: Sequence[Valid],
        rows: Sequence[NewRevision],
        approved: bool,
        at: datetime,
        unchanged: int = 0,
    ) -> None:
        self._valid = valid
        self._rows = rows
        self._approved = approved
        self._at = at
        #: rows identical to their value's latest revision: accepted, nothing written for them
        self.unchanged = unchanged

    def __len__(self) -> int:
        return len(self._rows)

    def table(self) -> ResultTable[StoredObservation]:
        """The stored revisions as a printable table (``rows()`` gives plain dicts)."""
        from qyx_platform.i18n import lazy_gettext
        from qyx_platform.results import STORED_COLUMNS, ResultTable

        title = lazy_gettext("{count} revision(s) stored", count=len(self))
        return ResultTable(list(self), STORED_COLUMNS, title)

    def rows(self) -> list[dict[str, Any]]:
        """Every stored revision as a dict of plain values."""
        return self.table().rows()

    def __repr__(self) -> str:
        return repr(self.table())

    @overload
    def __getitem__(self, index: int) -> StoredObservation: ...

    @overload
    def __getitem__(self, index: slice) -> list[StoredObservation]: ...

    def __getitem__(self, index: int | slice) -> StoredObservation | list[StoredObservation]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        v = self._valid[index]
        row = self._rows[index]
        return StoredObservation(
            row.indicator_code,
            row.jurisdiction_code,
            row.period,
            v.series,
            v.value,
            row.revision,
            self._approved,
            row.reported_by,
            self._at,
            row.note,
            row.source,
        )


def parse_value(raw: Decimal | str | int, indicator: Indicator | None = None) -> Decimal:
    """A reported value as an exact Decimal: :func:`qyx_platform.services.values.parse_value`,
    the one reader every entry point shares (its docstring lists the accepted forms)."""
    return values.parse_value(raw, indicator)
