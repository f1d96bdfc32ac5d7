"""Reading current values set-wise: one SQL statement per question, whatever its size.

A :class:`Readings` lives for one request (or one script); it caches what it read, so that
resolvers asking the same thing for many objects share one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select

from qyx_platform.model import Granularity, Period
from qyx_platform.store.tables import CurrentValueRow, JurisdictionRow

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

#: (indicator code, jurisdiction code, series key or '') → ascending (period, value) pairs
ValueKey = tuple[str, str, str]
Series = list[tuple[Period, Decimal]]


class Readings:
    """Cached set-wise reads of current values and jurisdictions."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._cache: dict[tuple[object, ...], dict[ValueKey, Series]] = {}
        self._children: dict[str, list[tuple[str, str]]] = {}
        self._names: dict[str, str] = {}

    def values(
        self,
        jurisdictions: Iterable[str],
        *,
        indicators: Iterable[str] | None = None,
        year: int | None = None,
        granularity: Granularity | None = None,
    ) -> dict[ValueKey, Series]:
        """Current values of these jurisdictions (optionally of some indicators, one year, one
        granularity), grouped by key, periods ascending. One statement per distinct question."""
        jur = tuple(sorted(set(jurisdictions)))
        ind = None if indicators is None else tuple(sorted(set(indicators)))
        key = (jur, ind, year, granularity)
        if key in self._cache:
            return self._cache[key]
        query = select(
            CurrentValueRow.indicator_code,
            CurrentValueRow.jurisdiction_code,
            CurrentValueRow.series,
            CurrentValueRow.period,
            CurrentValueRow.value,
        ).where(CurrentValueRow.value.is_not(None))
        if len(jur) == 1:
            query = query.where(CurrentValueRow.jurisdiction_code == jur[0])
        else:
            query = query.where(CurrentValueRow.jurisdiction_code.in_(jur))
        if ind is not None:
            query = query.where(CurrentValueRow.indicator_code.in_(ind))
        if year is not None:
            query = query.where(CurrentValueRow.year == year)
        if granularity is not None:
            query = query.where(CurrentValueRow.granularity == granularity.value)
        query = query.order_by(CurrentValueRow.period_sort)
        result: dict[ValueKey, Series] = defaultdict(list)
        with self.platform.sessions() as session:
            for i, j, s, p, v in session.execute(query):
                result[(i, j, s)].append((Period.parse(p), Decimal(str(v))))
        self._cache[key] = dict(result)
        return self._cache[key]

    def _load_jurisdictions(self) -> None:
        if self._names:
            return
        with self.platform.sessions() as session:
            for code, name, parent in session.execute(
                select(JurisdictionRow.code, JurisdictionRow.name, JurisdictionRow.parent_code)
            ):
                self._names[code] = name
                if parent is not None:
                    self._children.setdefault(parent, []).append((code, name))
        for children in self._children.values():
            children.sort()

    def jurisdiction_name(self, code: str) -> str | None:
        """The stored name of a jurisdiction, or None when unknown."""
        self._load_jurisdictions()
        return self._names.get(code)

    def children(self, code: str) -> list[tuple[str, str]]:
        """(code, name) of the stored jurisdictions directly under ``code``."""
        self._load_jurisdictions()
        return self._children.get(code, [])
