"""Reading current values set-wise: one SQL statement per question, whatever its size.

A :class:`Readings` lives for one request (or one script); what it reads is cached for the
data version, so resolvers asking the same thing share one query, and so do requests until
the next write.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, bindparam, select

from qyx_platform.model import Granularity, Period, parse_period
from qyx_platform.services.cache import CacheKey
from qyx_platform.store.queries import Rows, Source, read, read_text
from qyx_platform.store.tables import CurrentValueRow, JurisdictionRow

if TYPE_CHECKING:
    from qyx_platform.platform import Platform
    from qyx_platform.services.cache import VersionedCache
    from qyx_platform.store.scope import ReadScope

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
#: one indicator's values of one granularity in the jurisdictions asked for. PostgreSQL: one
#: primary-key range per (jurisdiction, series), each key's two lists built by the database
#: (one row per key, not one per value); SQLite reads each key's values in the primary key's
#: order after the indicator, so it sorts nothing
_SERIES_TEXTS_POSTGRESQL = """\
SELECT j.code, k.series, x.periods, x.vals
FROM unnest(%(jurisdictions)s::text[]) AS j(code)
CROSS JOIN unnest(%(series)s::text[]) AS k(series)
CROSS JOIN LATERAL (
    SELECT array_agg(cv.period ORDER BY cv.period_sort) AS periods,
           array_agg(cv.value ORDER BY cv.period_sort) AS vals
    FROM current_values AS cv
    WHERE cv.indicator_code = %(indicator)s AND cv.jurisdiction_code = j.code AND cv.series = k.series
      AND cv.granularity = %(granularity)s AND cv.value IS NOT NULL
) AS x
WHERE x.periods IS NOT NULL"""
_SERIES_TEXTS_SQLITE = """\
SELECT jurisdiction_code, series, period, value FROM current_values
WHERE indicator_code = :indicator AND jurisdiction_code IN (SELECT value FROM json_each(:jurisdictions))
  AND granularity = :granularity AND value IS NOT NULL
ORDER BY jurisdiction_code, series, period_sort"""
#: the latest value of each key in a year, in the jurisdictions asked for only.
#: PostgreSQL: one index-driven look-up per key (the primary key read backwards from the end of
#: the year, first row with a value), so the work grows with the keys asked, never with the
#: database; the keys are the jurisdictions × the plan's (indicator, series) pairs.
_LATEST_IN_YEAR_POSTGRESQL = """\
SELECT k.indicator_code, j.code, k.series, x.period, x.value
FROM unnest(%(jurisdictions)s::text[]) AS j(code)
CROSS JOIN unnest(%(indicators)s::text[], %(series)s::text[]) AS k(indicator_code, series)
CROSS JOIN LATERAL (
    SELECT cv.period, cv.value FROM current_values AS cv
    WHERE cv.indicator_code = k.indicator_code AND cv.jurisdiction_code = j.code
      AND cv.series = k.series AND cv.period_sort BETWEEN %(lo)s AND %(hi)s
      AND cv.value IS NOT NULL
    ORDER BY cv.period_sort DESC LIMIT 1
) AS x"""
#: SQLite: with exactly one max() the bare columns come from the row holding the max
#: (https://sqlite.org/lang_select.html#bareagg), read from the year index: one pass over the
#: year's rows, the cheapest way to read many jurisdictions (a province's counties)
_LATEST_IN_YEAR_SQLITE = """\
SELECT indicator_code, jurisdiction_code, series, period, value, max(period_sort)
FROM current_values
WHERE year = :year AND period_sort <= :hi AND value IS NOT NULL
  AND jurisdiction_code IN (SELECT value FROM json_each(:jurisdictions))
GROUP BY indicator_code, jurisdiction_code, series"""
#: SQLite, a few jurisdictions (a county and its towns): one primary-key range per key, as on
#: PostgreSQL, so the work grows with the keys asked, not with the province's counties
_LATEST_IN_YEAR_SQLITE_KEYED = """\
SELECT cv.indicator_code, cv.jurisdiction_code, cv.series, cv.period, cv.value, max(cv.period_sort)
FROM json_each(:keys) AS k CROSS JOIN json_each(:jurisdictions) AS j CROSS JOIN current_values AS cv
WHERE cv.indicator_code = json_extract(k.value, '$[0]') AND cv.jurisdiction_code = j.value
  AND cv.series = json_extract(k.value, '$[1]')
  AND cv.period_sort BETWEEN :lo AND :hi AND cv.value IS NOT NULL
GROUP BY cv.indicator_code, cv.jurisdiction_code, cv.series"""
#: up to this many jurisdictions SQLite reads key by key; beyond, one pass over the year (at 90
#: counties the pass is ~15 % faster, at one county the keys are ~40× faster)
FEW_JURISDICTIONS = 16
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

    def __init__(self, platform: Platform, scope: ReadScope | None = None) -> None:
        self.platform = platform
        #: the request's shared connection (None: a connection per read, as a script does)
        self.scope = scope
        self._synced = False
        self._generation = 0

    def _cache(self) -> VersionedCache:
        cache = self.platform.cache
        scope = self.scope
        if not self._synced or (scope is not None and scope.generation != self._generation):
            # once per request, and again after a write made in the request
            cache.sync(self.platform.data_version(scope))
            self._synced = True
            self._generation = 0 if scope is None else scope.generation
        return cache

    @property
    def source(self) -> Source:
        """Where reads run: the request's connection, else the engine."""
        return self.engine if self.scope is None else self.scope

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
            lambda: read(self.source, _VALUES, build, indicator=indicator, jurisdictions=jur),
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
                self.source, _VALUES_WITHIN, build,
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
            lambda: read(self.source, _REPORTED, build, indicator=indicator, jurisdictions=jur),
        )

    def series_texts(
        self, indicator: str, granularity: Granularity, jurisdictions: Iterable[str]
    ) -> dict[ValueKey, tuple[list[str], list[str]]]:
        """One indicator's current values of one granularity in these jurisdictions, as parallel
        lists of period and value texts in period order (the compact chart shape), read in one
        statement without parsing (what is stored is what is sent)."""
        jur = tuple(sorted(set(jurisdictions)))
        arguments: dict[str, Any] = {"indicator": indicator, "granularity": granularity.value}

        def build_lists(rows: Rows) -> dict[ValueKey, tuple[list[str], list[str]]]:
            return {(indicator, j, s): (periods, values) for j, s, periods, values in rows}

        def build(rows: Rows) -> dict[ValueKey, tuple[list[str], list[str]]]:
            result: dict[ValueKey, tuple[list[str], list[str]]] = {}
            for j, s, p, v in rows:
                periods, values = result.setdefault((indicator, j, s), ([], []))
                periods.append(p)
                values.append(str(v))
            return result

        def load() -> dict[ValueKey, tuple[list[str], list[str]]]:
            if not jur:
                return {}
            if self.engine.dialect.name == "postgresql":
                arguments["jurisdictions"] = list(jur)
                arguments["series"] = [k or "" for k in self.platform.plan.indicator(indicator).series_keys]
                return read_text(self.source, _SERIES_TEXTS_POSTGRESQL, arguments, build_lists)
            arguments["jurisdictions"] = json.dumps(jur)
            return read_text(self.source, _SERIES_TEXTS_SQLITE, arguments, build)

        return self.memo(CacheKey("series_texts", (indicator, granularity, jur)), load)

    def latest_in_year(
        self,
        year: int,
        jurisdictions: Iterable[str] | None = None,
        *,
        task_targets: bool = False,
        until_month: int | None = None,
    ) -> dict[ValueKey, tuple[Period, Decimal]]:
        """The latest current value of each key within ``year`` (the year's own value when it
        was reported, else the latest month or quarter) in these jurisdictions (None: every
        stored one): one statement, which reads only their rows. The keys are the indicators'
        series, and with ``task_targets`` the task targets too (a matrix asks for indicators
        only). ``until_month`` (1-12): only periods ending by then (a month, a quarter ending
        then, the year itself only for 12): what was known at the end of that month."""
        if jurisdictions is None:
            jurisdictions = self._jurisdictions()[0]
        jur = tuple(sorted(set(jurisdictions)))

        def build(rows: Rows) -> dict[ValueKey, tuple[Period, Decimal]]:
            return {(r[0], r[1], r[2]): (parse_period(r[3]), Decimal(r[4])) for r in rows}

        def load() -> dict[ValueKey, tuple[Period, Decimal]]:
            if not jur:
                return {}
            # the keys and bounds are worked out only on a miss, not on every cached answer
            plan = self.platform.plan
            keys = [(i.code, key or "") for i in plan.indicators for key in i.series_keys]
            if task_targets:
                keys += [(target.code, "") for _task, target in plan.task_targets]
            lo, hi = Period.year_of(year).sort_range
            if until_month is not None:
                hi = year * 1000 + until_month * 10 + 9  # every period ending by then sorts below
            postgresql = self.engine.dialect.name == "postgresql"
            if not postgresql and len(jur) > FEW_JURISDICTIONS:
                arguments = {"year": year, "hi": hi, "jurisdictions": json.dumps(jur)}
                asked = {code for code, _ in keys}  # the pass reads every code: keep those asked
                found = read_text(self.source, _LATEST_IN_YEAR_SQLITE, arguments, build)
                return {key: value for key, value in found.items() if key[0] in asked}
            if not postgresql:
                arguments = {"keys": json.dumps(keys), "jurisdictions": json.dumps(jur), "lo": lo, "hi": hi}
                return read_text(self.source, _LATEST_IN_YEAR_SQLITE_KEYED, arguments, build)
            return read_text(
                self.source,
                _LATEST_IN_YEAR_POSTGRESQL,
                {
                    "jurisdictions": list(jur),
                    "indicators": [i for i, _ in keys],
                    "series": [s for _, s in keys],
                    "lo": lo,
                    "hi": hi,
                },
                build,
            )

        return self.memo(CacheKey("latest_in_year", (year, jur, task_targets, until_month)), load)

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

        return self.memo(CacheKey("jurisdictions"), lambda: read(self.source, _JURISDICTIONS, build))

    def jurisdiction_name(self, code: str) -> str | None:
        """The stored name of a jurisdiction, or None when unknown."""
        return self._jurisdictions()[0].get(code)

    def children(self, code: str) -> list[tuple[str, str]]:
        """(code, name) of the stored jurisdictions directly under ``code``."""
        return self._jurisdictions()[1].get(code, [])

    def descendants(self, code: str) -> list[str]:
        """``code`` and every stored jurisdiction under it, at any depth (what a roll-up of
        ``code`` reads: pass it to :meth:`latest_in_year` instead of every jurisdiction)."""
        tree = self._jurisdictions()[1]
        out, pending = [code], [code]
        while pending:
            for child, _ in tree.get(pending.pop(), []):
                out.append(child)
                pending.append(child)
        return out
