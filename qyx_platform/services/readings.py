"""Reading current values set-wise: one SQL statement per question, whatever its size.

A :class:`Readings` lives for one request (or one script); what it reads is cached for the
data version, so resolvers asking the same thing share one query, and so do requests until
the next write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select

from qyx_platform.model import Granularity, Period, parse_period
from qyx_platform.store.tables import CurrentValueRow, JurisdictionRow

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

#: (indicator code, jurisdiction code, series key or '') → ascending (period, value) pairs
ValueKey = tuple[str, str, str]
Series = list[tuple[Period, Decimal]]
T = TypeVar("T")


class Readings:
    """Set-wise reads of current values and jurisdictions for one request.

    Results are memoised in the platform's :class:`VersionedCache`, checked against the data
    version once per Readings (one small statement), so repeated questions between writes
    cost no SQL at all.
    """

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._synced = False

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, cached for the current data version."""
        cache = self.platform.cache
        if not self._synced:
            cache.sync(self.platform.data_version())
            self._synced = True
        return cache.get_or_compute(key, compute)

    def values(self, jurisdictions: Iterable[str], indicator: str) -> dict[ValueKey, Series]:
        """Current values of one indicator in these jurisdictions, every period, grouped by key,
        periods ascending: one statement per distinct question."""
        jur = tuple(sorted(set(jurisdictions)))
        return self.memo(("values", jur, indicator), lambda: self._values(jur, indicator))

    def _values(self, jur: tuple[str, ...], indicator: str) -> dict[ValueKey, Series]:
        cv = CurrentValueRow
        query = (
            select(cv.indicator_code, cv.jurisdiction_code, cv.series, cv.period, cv.value)
            .where(cv.indicator_code == indicator, cv.jurisdiction_code.in_(jur), cv.value.is_not(None))
            .order_by(cv.period_sort)
        )
        result: dict[ValueKey, Series] = defaultdict(list)
        with self.platform.engine.connect() as connection:
            for i, j, s, p, v in connection.execute(query).all():
                result[(i, j, s)].append((parse_period(p), Decimal(str(v))))
        return dict(result)

    def series_texts(
        self, indicator: str, granularity: Granularity
    ) -> dict[ValueKey, tuple[list[str], list[str]]]:
        """One indicator's current values of one granularity in every jurisdiction, as parallel
        lists of period and value texts in period order (the compact chart shape), read in one
        statement without parsing (what is stored is what is sent) and shared by every parent
        a request asks about."""
        return self.memo(
            ("series_texts", indicator, granularity), lambda: self._series_texts(indicator, granularity)
        )

    def _series_texts(
        self, indicator: str, granularity: Granularity
    ) -> dict[ValueKey, tuple[list[str], list[str]]]:
        cv = CurrentValueRow
        query = (
            select(cv.jurisdiction_code, cv.series, cv.period, cv.value)
            .where(cv.indicator_code == indicator, cv.granularity == granularity.value, cv.value.is_not(None))
            .order_by(cv.period_sort)
        )
        result: dict[ValueKey, tuple[list[str], list[str]]] = {}
        with self.platform.engine.connect() as connection:
            for j, s, p, v in connection.execute(query).all():
                periods, values = result.setdefault((indicator, j, s), ([], []))
                periods.append(p)
                values.append(str(v))
        return result

    def latest_in_year(self, year: int) -> dict[ValueKey, tuple[Period, Decimal]]:
        """The latest current value of each key within ``year`` (the year's own value when it
        was reported, else the latest month or quarter), for every jurisdiction: one statement."""
        return self.memo(("latest_in_year", year), lambda: self._latest_in_year(year))

    def _latest_in_year(self, year: int) -> dict[ValueKey, tuple[Period, Decimal]]:
        cv = CurrentValueRow
        key = (cv.indicator_code, cv.jurisdiction_code, cv.series)
        columns = (*key, cv.period, cv.value)
        in_year = (cv.year == year, cv.value.is_not(None))
        rows: Sequence[Sequence[Any]]
        with self.platform.engine.connect() as session:
            if self.platform.engine.dialect.name == "postgresql":
                # DISTINCT ON keeps the first row of each key: the one with the largest period_sort
                rows = session.execute(
                    select(*columns).where(*in_year).distinct(*key).order_by(*key, cv.period_sort.desc())
                ).all()
            else:
                # SQLite: with exactly one max() the bare columns come from the row holding the
                # max (https://sqlite.org/lang_select.html#bareagg), read from the year index
                rows = session.execute(
                    select(*columns, func.max(cv.period_sort)).where(*in_year).group_by(*key)
                ).all()
        return {(r[0], r[1], r[2]): (parse_period(r[3]), Decimal(str(r[4]))) for r in rows}

    def _jurisdictions(self) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
        def load() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
            names: dict[str, str] = {}
            children: dict[str, list[tuple[str, str]]] = {}
            with self.platform.engine.connect() as connection:
                for code, name, parent in connection.execute(
                    select(JurisdictionRow.code, JurisdictionRow.name, JurisdictionRow.parent_code)
                ):
                    names[code] = name
                    if parent is not None:
                        children.setdefault(parent, []).append((code, name))
            for listed in children.values():
                listed.sort()
            return names, children

        return self.memo(("jurisdictions",), load)

    def jurisdiction_name(self, code: str) -> str | None:
        """The stored name of a jurisdiction, or None when unknown."""
        return self._jurisdictions()[0].get(code)

    def children(self, code: str) -> list[tuple[str, str]]:
        """(code, name) of the stored jurisdictions directly under ``code``."""
        return self._jurisdictions()[1].get(code, [])
