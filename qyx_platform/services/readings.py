"""Reading current values set-wise: one SQL statement per question, whatever its size.

A :class:`Readings` lives for one request (or one script); what it reads is cached for the
data version, so resolvers asking the same thing share one query, and so do requests until
the next write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine, bindparam, func, select
from sqlalchemy.dialects.postgresql import distinct_on

from qyx_platform.model import Granularity, Period, parse_period
from qyx_platform.services.cache import CacheKey
from qyx_platform.store.queries import Rows, read, read_driver
from qyx_platform.store.tables import CurrentValueRow, JurisdictionRow

if TYPE_CHECKING:
    from qyx_platform.platform import Platform
    from qyx_platform.services.cache import VersionedCache

#: (indicator code, jurisdiction code, series key or '') → ascending (period, value) pairs
ValueKey = tuple[str, str, str]
Series = list[tuple[Period, Decimal]]
T = TypeVar("T")


# The statements are built once: building a statement costs more than running it through
# SQLAlchemy's compiled cache, and a status request runs only one or two.
_cv = CurrentValueRow
#: each key's values together, in period order: the primary key's own order after the indicator,
#: so the database reads the index in order and sorts nothing
_KEY_ORDER = (_cv.jurisdiction_code, _cv.series, _cv.period_sort)
_STORED = (
    _cv.indicator_code == bindparam("indicator"),
    _cv.jurisdiction_code.in_(bindparam("jurisdictions", expanding=True)),
    _cv.value.is_not(None),
)
_VALUES = (
    select(_cv.jurisdiction_code, _cv.series, _cv.period, _cv.value).where(*_STORED).order_by(*_KEY_ORDER)
)
#: the values inside a period: one index range per series (the key ends in series, period_sort)
_VALUES_WITHIN = (
    select(_cv.jurisdiction_code, _cv.series, _cv.period, _cv.value)
    .where(
        *_STORED,
        _cv.series.in_(bindparam("series", expanding=True)),
        _cv.period_sort.between(bindparam("lo"), bindparam("hi")),
    )
    .order_by(*_KEY_ORDER)
)
#: the keys with a value in any period
_REPORTED = (
    select(_cv.jurisdiction_code, _cv.series).where(*_STORED).group_by(_cv.jurisdiction_code, _cv.series)
)
_SERIES_TEXTS = (
    select(_cv.jurisdiction_code, _cv.series, _cv.period, _cv.value)
    .where(
        _cv.indicator_code == bindparam("indicator"),
        _cv.granularity == bindparam("granularity"),
        _cv.value.is_not(None),
    )
    .order_by(*_KEY_ORDER)
)
_KEY = (_cv.indicator_code, _cv.jurisdiction_code, _cv.series)
_IN_YEAR = (_cv.year == bindparam("year"), _cv.value.is_not(None))
#: PostgreSQL: DISTINCT ON keeps the first row of each key, the one with the largest period_sort
_LATEST_IN_YEAR_POSTGRESQL = (
    select(*_KEY, _cv.period, _cv.value)
    .where(*_IN_YEAR)
    .ext(distinct_on(*_KEY))
    .order_by(*_KEY, _cv.period_sort.desc())
)
#: SQLite: with exactly one max() the bare columns come from the row holding the max
#: (https://sqlite.org/lang_select.html#bareagg), read from the year index
_LATEST_IN_YEAR_SQLITE = (
    select(*_KEY, _cv.period, _cv.value, func.max(_cv.period_sort)).where(*_IN_YEAR).group_by(*_KEY)
)
_JURISDICTIONS = select(JurisdictionRow.code, JurisdictionRow.name, JurisdictionRow.parent_code)


def _series_by_key(indicator: str, rows: Rows) -> dict[ValueKey, Series]:
    """Rows of (jurisdiction, series, period, value) in key and period order, grouped by key."""
    result: dict[ValueKey, Series] = defaultdict(list)
    for j, s, p, v in rows:
        result[(indicator, j, s)].append((parse_period(p), Decimal(v)))
    return dict(result)


class Readings:
    """Set-wise reads of current values and jurisdictions for one request.

    Results are memoised in the platform's :class:`~qyx_platform.services.cache.VersionedCache`,
    checked against the data version once per Readings (one small statement), so repeated
    questions between writes cost no SQL at all.
    """

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._synced = False

    def _cache(self) -> VersionedCache:
        cache = self.platform.cache
        if not self._synced:
            cache.sync(self.platform.data_version())
            self._synced = True
        return cache

    def memo(self, key: CacheKey[T], compute: Callable[[], T]) -> T:
        """``compute()``, cached for the current data version."""
        return self._cache().get(key, compute)

    def memo_in(self, group: CacheKey[dict[Hashable, T]], item: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, cached for the current data version inside one entry per ``group``
        (a table by ``item``; see :meth:`VersionedCache.get_in`)."""
        return self._cache().get_in(group, item, compute)

    def values(self, jurisdictions: Iterable[str], indicator: str) -> dict[ValueKey, Series]:
        """Current values of one indicator in these jurisdictions, every period, grouped by key,
        periods ascending: one statement per distinct question."""
        jur = tuple(sorted(set(jurisdictions)))
        build = partial(_series_by_key, indicator)
        return self.memo(
            CacheKey("values", (jur, indicator)),
            lambda: read(self.engine, _VALUES, build, indicator=indicator, jurisdictions=jur),
        )

    def values_within(
        self, jurisdictions: Iterable[str], indicator: str, period: Period
    ) -> dict[ValueKey, Series]:
        """Current values of one indicator inside ``period`` (the period itself and the
        shorter ones within it) in these jurisdictions, grouped by key, periods ascending: what
        a status needs, without reading the whole history."""
        jur = tuple(sorted(set(jurisdictions)))
        lo, hi = period.sort_range
        found = self.platform.plan.find_measure(indicator)  # an indicator or a task target
        series = [key or "" for key in (found.series_keys if found else (None,))]
        build = partial(_series_by_key, indicator)
        return self.memo(
            CacheKey("values_within", (jur, indicator, period)),
            lambda: read(
                self.engine, _VALUES_WITHIN, build,
                indicator=indicator, jurisdictions=jur, series=series, lo=lo, hi=hi,
            ),
        )  # fmt: skip

    def reported(self, jurisdictions: Iterable[str], indicator: str) -> frozenset[ValueKey]:
        """The keys of one indicator in these jurisdictions that have a value in any period."""
        jur = tuple(sorted(set(jurisdictions)))

        def build(rows: Rows) -> frozenset[ValueKey]:
            return frozenset((indicator, j, s) for j, s in rows)

        return self.memo(
            CacheKey("reported", (jur, indicator)),
            lambda: read(self.engine, _REPORTED, build, indicator=indicator, jurisdictions=jur),
        )

    def series_texts(
        self, indicator: str, granularity: Granularity
    ) -> dict[ValueKey, tuple[list[str], list[str]]]:
        """One indicator's current values of one granularity in every jurisdiction, as parallel
        lists of period and value texts in period order (the compact chart shape), read in one
        statement without parsing (what is stored is what is sent) and shared by every parent
        a request asks about."""

        def build(rows: Rows) -> dict[ValueKey, tuple[list[str], list[str]]]:
            result: dict[ValueKey, tuple[list[str], list[str]]] = {}
            for j, s, p, v in rows:
                periods, values = result.setdefault((indicator, j, s), ([], []))
                periods.append(p)
                values.append(str(v))
            return result

        return self.memo(
            CacheKey("series_texts", (indicator, granularity)),
            lambda: read_driver(
                self.engine, _SERIES_TEXTS, build, indicator=indicator, granularity=granularity.value
            ),
        )

    def latest_in_year(self, year: int) -> dict[ValueKey, tuple[Period, Decimal]]:
        """The latest current value of each key within ``year`` (the year's own value when it
        was reported, else the latest month or quarter), for every jurisdiction: one statement."""
        postgresql = self.engine.dialect.name == "postgresql"
        statement = _LATEST_IN_YEAR_POSTGRESQL if postgresql else _LATEST_IN_YEAR_SQLITE

        def build(rows: Rows) -> dict[ValueKey, tuple[Period, Decimal]]:
            return {(r[0], r[1], r[2]): (parse_period(r[3]), Decimal(r[4])) for r in rows}

        return self.memo(
            CacheKey("latest_in_year", (year,)), lambda: read_driver(self.engine, statement, build, year=year)
        )

    @property
    def engine(self) -> Engine:
        """The platform's engine."""
        return self.platform.engine

    def _jurisdictions(self) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
        def build(rows: Rows) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
            names: dict[str, str] = {}
            children: dict[str, list[tuple[str, str]]] = {}
            for code, name, parent in rows:
                names[code] = name
                if parent is not None:
                    children.setdefault(parent, []).append((code, name))
            for listed in children.values():
                listed.sort()
            return names, children

        return self.memo(CacheKey("jurisdictions"), lambda: read(self.engine, _JURISDICTIONS, build))

    def jurisdiction_name(self, code: str) -> str | None:
        """The stored name of a jurisdiction, or None when unknown."""
        return self._jurisdictions()[0].get(code)

    def children(self, code: str) -> list[tuple[str, str]]:
        """(code, name) of the stored jurisdictions directly under ``code``."""
        return self._jurisdictions()[1].get(code, [])
