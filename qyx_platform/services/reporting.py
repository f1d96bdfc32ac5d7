"""Reporting actual values: validation, rules and revisioned writes, all or nothing.

Every report is a batch of rows. Each row is checked (indicator, series, period, value,
jurisdiction, permission, the plugins' rules); if any row fails, a ValidationError lists
every problem by row and field and nothing is written. Otherwise each row becomes a new
revision of its key (indicator × jurisdiction × period × series): nothing is ever updated in
place or deleted, and revision numbers are gapless per key, also under concurrent writers
(a conflicting transaction is retried). GraphQL, the Python API and ``qyx import`` all come
here.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, overload

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform.errors import (
    PermissionDeniedError,
    PlanDataError,
    QyxError,
    RowError,
    ValidationError,
)
from qyx_platform.memory import collection_paused
from qyx_platform.model import (
    BASELINE_YEAR,
    Granularity,
    Indicator,
    Jurisdiction,
    Period,
    Plan,
    level_of,
    parent_of,
    parse_period,
)
from qyx_platform.model.targets import parse_decimal
from qyx_platform.rules import Proposal, Rule
from qyx_platform.services import audit
from qyx_platform.services.auth import Actor, Role
from qyx_platform.store.bulk import driver_value, insert_rows, update_rows
from qyx_platform.store.copy import analyze_after_import, copy_supported
from qyx_platform.store.engine import write_transaction
from qyx_platform.store.tables import Base, CurrentValueRow, JurisdictionRow, ObservationRow

#: what a repeated row shares with the first one
SAME_KEY = "same indicator, jurisdiction, period and series"
#: how often a write that lost a race with another writer is tried again
MAX_ATTEMPTS = 12
#: rows handled between two progress callbacks
PROGRESS_STEP = 5_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ObservationInput:
    """One row to report. ``value`` may be a Decimal or printed text (``"85%"``, ``"１２,６００"``)."""

    indicator: str
    period: str
    value: Decimal | str
    jurisdiction: str | None = None
    series: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class StoredObservation:
    """A stored revision of a value."""

    indicator: str
    jurisdiction: str
    period: str
    series: str | None
    value: Decimal
    revision: int
    approved: bool
    reported_by: str
    reported_at: datetime
    note: str | None = None
    source: str = "api"


class StoredObservations(Sequence[StoredObservation]):
    """The revisions one report stored, in the order of its rows; each
    :class:`StoredObservation` is made when it is first read (an import of a million rows
    need not build a million objects nobody looks at)."""

    __slots__ = ("_approved", "_at", "_rows", "_valid")

    def __init__(
        self, valid: Sequence[_Valid], rows: Sequence[tuple[Any, ...]], approved: bool, at: datetime
    ) -> None:
        self._valid = valid
        self._rows = rows  # the observation rows as written (_OBSERVATION_COLUMNS)
        self._approved = approved
        self._at = at

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> StoredObservation: ...

    @overload
    def __getitem__(self, index: slice) -> list[StoredObservation]: ...

    def __getitem__(self, index: int | slice) -> StoredObservation | list[StoredObservation]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        v = self._valid[index]
        indicator, jurisdiction, period, _, _, _, _, revision, _, _, who, _, source, note = self._rows[index]
        return StoredObservation(
            indicator,
            jurisdiction,
            period,
            v.series,
            v.value,
            revision,
            self._approved,
            who,
            self._at,
            note,
            source,
        )


class _Valid:
    """A row that passed its own checks, with its key computed once."""

    __slots__ = ("index", "indicator", "jurisdiction", "key", "note", "period", "series", "value")

    def __init__(
        self,
        index: int,
        indicator: Indicator,
        jurisdiction: str,
        period: Period,
        series: str | None,
        value: Decimal,
        note: str | None,
    ) -> None:
        self.index = index
        self.indicator = indicator
        self.jurisdiction = jurisdiction
        self.period = period
        self.series = series
        self.value = value
        self.note = note
        self.key: tuple[str, str, str, str] = (indicator.code, jurisdiction, str(period), series or "")


def parse_value(raw: Decimal | str | int) -> Decimal:
    """A reported value as an exact Decimal: ``%`` signs, full-width digits and thousands
    separators are accepted; floats are refused (they are not exact)."""
    if isinstance(raw, bool | float):
        raise PlanDataError("give the value as a decimal string, not a float")
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise PlanDataError(f"{raw} is not a finite number")
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    return parse_decimal(str(raw))


@dataclass
class _Context:
    """The RuleContext of one batch: stored current values overlaid with the batch's rows."""

    plan: Plan
    values: dict[tuple[str, str, str], dict[Period, Decimal]] = field(default_factory=dict)
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)

    _sorted: dict[tuple[str, str, str], tuple[list[int], list[tuple[Period, Decimal]]]] = field(
        default_factory=dict
    )
    _by_granularity: dict[
        tuple[str, str, str, Granularity], tuple[list[int], list[tuple[Period, Decimal]]]
    ] = field(default_factory=dict)

    def values_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period
    ) -> list[tuple[Period, Decimal]]:
        key = (indicator, jurisdiction, series or "")
        index = self._sorted.get(key)
        if index is None:  # sorted once per key: the context is complete before rules run
            index = self._sorted[key] = _sorted_index(self.values.get(key, {}).items())
        keys, pairs = index
        return pairs[: bisect_left(keys, before.sort_key)]

    def latest_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period, granularity: Granularity
    ) -> tuple[Period, Decimal] | None:
        key = (indicator, jurisdiction, series or "", granularity)
        index = self._by_granularity.get(key)
        if index is None:
            values = self.values.get(key[:3], {}).items()
            index = self._by_granularity[key] = _sorted_index(
                (p, v) for p, v in values if p.granularity is granularity
            )
        keys, pairs = index
        at = bisect_left(keys, before.sort_key)
        return pairs[at - 1] if at else None

    def value_of(
        self, indicator: str, jurisdiction: str, series: str | None, period: Period
    ) -> Decimal | None:
        return self.values.get((indicator, jurisdiction, series or ""), {}).get(period)

    def jurisdiction(self, code: str) -> Jurisdiction | None:
        return self.jurisdictions.get(code) or self.plan.jurisdiction(code)


def _sorted_index(
    pairs: Iterable[tuple[Period, Decimal]],
) -> tuple[list[int], list[tuple[Period, Decimal]]]:
    """Pairs in period order with their sort keys beside them, for ``bisect``."""
    ordered = sorted(pairs, key=lambda pv: pv[0].sort_key)
    return [p.sort_key for p, _ in ordered], ordered


class ReportingService:
    """Validates and writes reports; one instance per Platform."""

    def __init__(
        self,
        plan: Plan,
        rules: Sequence[Rule],
        sessions: sessionmaker[Session],
        *,
        require_approval: bool = False,
    ) -> None:
        self.plan = plan
        self.rules = tuple(rules)
        self.sessions = sessions
        self.require_approval = require_approval
        self.home = plan.document.home_jurisdiction
        self._rules_for: dict[str, tuple[Rule, ...]] = {
            i.code: tuple(r for r in self.rules if r.applies_to(i)) for i in plan.indicators
        }

    # -- validation -------------------------------------------------------------------------

    def jurisdiction_problem(self, code: str) -> str | None:
        """Why a jurisdiction code cannot take values, or None: it must be a GB/T 2260 code
        in the home province."""
        try:
            level_of(code)
        except QyxError as exc:
            return str(exc)
        if code[:2] != self.home[:2]:
            return f"{code} is outside the home province ({self.home[:2]}0000)"
        return None

    def validate(
        self,
        session: Session,
        rows: Sequence[ObservationInput],
        actor: Actor,
        progress: Progress | None = None,
    ) -> list[_Valid]:
        """Check every row; raise ValidationError listing all problems, or return the rows."""
        return self._validated(session, rows, actor, progress)[0]

    def _validated(
        self,
        session: Session,
        rows: Sequence[ObservationInput],
        actor: Actor,
        progress: Progress | None,
    ) -> tuple[list[_Valid], dict[_Key, tuple[int, str | None]]]:
        valid, errors = self._check_rows(rows, actor, progress)
        current = self.current_values(session, valid)
        errors.extend(self._apply_rules(session, valid, current))
        if errors:
            raise ValidationError(sorted(errors, key=lambda e: e.index))
        return valid, current

    def _check_rows(
        self, rows: Sequence[ObservationInput], actor: Actor, progress: Progress | None
    ) -> tuple[list[_Valid], list[RowError]]:
        if not actor.at_least(Role.REPORTER):
            raise PermissionDeniedError("reporting needs a reporter, supervisor or admin token")
        check = _RowChecker(self, actor)
        valid: list[_Valid] = []
        errors: list[RowError] = []
        seen: dict[tuple[str, str, str, str], int] = {}
        for n, row in enumerate(rows):
            checked = check(n, row)
            if progress and n % PROGRESS_STEP == 0:
                progress("validate", n, len(rows))
            if isinstance(checked, list):
                errors.extend(checked)
                continue
            first = seen.setdefault(checked.key, n)
            if first != n:
                errors.append(RowError(n, "period", f"repeats row {first} ({SAME_KEY})", related=first))
                continue
            valid.append(checked)
        if progress:
            progress("validate", len(rows), len(rows))
        return valid, errors

    def current_values(self, session: Session, valid: list[_Valid]) -> dict[_Key, tuple[int, str | None]]:
        """(latest revision, current value) of the stored keys among ``valid``, read set-wise:
        one statement by indicator and jurisdiction, filtered here."""
        if not valid:
            return {}
        indicators = {v.indicator.code for v in valid}
        jurisdictions = {v.jurisdiction for v in valid}
        query = select(
            CurrentValueRow.indicator_code,
            CurrentValueRow.jurisdiction_code,
            CurrentValueRow.period,
            CurrentValueRow.series,
            CurrentValueRow.latest_revision,
            CurrentValueRow.value,
        ).where(
            CurrentValueRow.indicator_code.in_(indicators),
            CurrentValueRow.jurisdiction_code.in_(jurisdictions),
        )
        return {(i, j, p, s): (latest, v) for i, j, p, s, latest, v in session.execute(query)}

    def _apply_rules(
        self, session: Session, valid: list[_Valid], current: dict[_Key, tuple[int, str | None]]
    ) -> list[RowError]:
        ruled = [v for v in valid if self._rules_for.get(v.indicator.code)]
        if not ruled:
            return []
        context = _Context(self.plan)
        wanted = {(v.indicator.code, v.jurisdiction, v.series or "") for v in ruled}
        for (ind, jur, per, ser), (_, val) in current.items():
            if val is not None and (ind, jur, ser) in wanted:
                context.values.setdefault((ind, jur, ser), {})[parse_period(per)] = Decimal(val)
        for v in valid:
            context.values.setdefault((v.indicator.code, v.jurisdiction, v.series or ""), {})[v.period] = (
                v.value
            )
        jurisdictions = {v.jurisdiction for v in ruled}
        for row in session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(jurisdictions))):
            context.jurisdictions[row.code] = Jurisdiction(
                row.code, row.name, level_of(row.code), row.parent_code, row.population
            )
        errors: list[RowError] = []
        for v in ruled:
            proposal = Proposal(v.indicator, v.jurisdiction, v.period, v.series, v.value)
            for rule in self._rules_for[v.indicator.code]:
                message = rule.check(proposal, context)
                if message:
                    errors.append(RowError(v.index, "value", f"{message} [{rule.code}]"))
        return errors

    # -- writing ----------------------------------------------------------------------------

    def report(
        self,
        rows: Sequence[ObservationInput],
        actor: Actor,
        *,
        source: str = "api",
        progress: Progress | None = None,
    ) -> StoredObservations:
        """Validate and store ``rows`` as new revisions in one transaction; all or nothing."""
        if not rows:
            raise ValidationError([RowError(0, "input", "nothing to report: the list is empty")])
        last_error: Exception | None = None
        for attempt in range(MAX_ATTEMPTS):
            try:
                with collection_paused(), write_transaction(), self.sessions.begin() as session:
                    valid, current = self._validated(session, rows, actor, progress)
                    stored = self._write(session, valid, current, actor, source, progress)
                    engine = session.connection().engine
                analyze_after_import(engine, len(stored))  # fresh statistics after a large import
                return stored
            except (IntegrityError, OperationalError) as exc:
                if not _is_conflict(exc):
                    raise
                last_error = exc
                time.sleep(min(0.01 * 2**attempt, 0.5))
        raise QyxError("the database stayed busy; nothing was written; try again") from last_error

    def _write(
        self,
        session: Session,
        valid: list[_Valid],
        current: dict[_Key, tuple[int, str | None]],
        actor: Actor,
        source: str,
        progress: Progress | None,
    ) -> StoredObservations:
        now = datetime.now(UTC)
        approved = not self.require_approval or actor.at_least(Role.SUPERVISOR)
        self._ensure_jurisdictions(session, {v.jurisdiction for v in valid})
        connection = session.connection()
        tables = Base.metadata.tables
        observation_table = tables[ObservationRow.__tablename__]
        current_table = tables[CurrentValueRow.__tablename__]
        # every other column of the rows below is text or an integer, which drivers take as is
        stored_approved = driver_value(connection, observation_table, "approved", approved)
        stored_now = driver_value(connection, observation_table, "reported_at", now)
        observations: list[tuple[Any, ...]] = []
        new_heads: list[tuple[Any, ...]] = []
        approved_moves: list[tuple[Any, ...]] = []
        pending_moves: list[tuple[Any, ...]] = []
        changes: list[tuple[Any, ...]] = []
        who = actor.name
        for v in valid:
            indicator, jurisdiction, period, series = v.key
            latest, before = current.get(v.key, (0, None))
            revision = latest + 1
            text = str(v.value)
            sort_key, granularity, year = v.period.sort_key, v.period.granularity.value, v.period.year
            observations.append(
                (indicator, jurisdiction, period, sort_key, granularity, year, series, revision, text,
                 stored_approved, who, stored_now, source, v.note)
            )  # fmt: skip
            if latest == 0:
                new_heads.append(
                    (indicator, jurisdiction, period, series, sort_key, granularity, year,
                     text if approved else None, revision if approved else None, revision)
                )  # fmt: skip
            elif approved:
                approved_moves.append((text, revision, revision, indicator, jurisdiction, series, sort_key))
            else:  # pending approval: only the latest revision number moves
                pending_moves.append((revision, indicator, jurisdiction, series, sort_key))
            changes.append((indicator, jurisdiction, period, series, revision, before, text))
        # PostgreSQL copies every row in one stream; SQLite writes in steps, reporting progress
        step = max(1, len(observations)) if copy_supported(connection) else PROGRESS_STEP
        for n, chunk in enumerate(_chunks(observations, step)):
            insert_rows(connection, observation_table, _OBSERVATION_COLUMNS, chunk, converted=True)
            if progress:
                progress("write", min((n + 1) * step, len(observations)), len(observations))
        insert_rows(connection, current_table, _HEAD_COLUMNS, new_heads)
        key_columns = ("indicator_code", "jurisdiction_code", "series", "period_sort")  # the primary key
        update_rows(
            connection, current_table, ("value", "revision", "latest_revision"), key_columns, approved_moves
        )
        update_rows(connection, current_table, ("latest_revision",), key_columns, pending_moves)
        audit.record(
            session,
            actor,
            "report",
            "observations",
            f"{len(valid)} row(s)",
            before=None,
            after={
                "source": source,
                "approved": approved,
                "columns": ["indicator", "jurisdiction", "period", "series", "revision", "before", "after"],
                "changes": changes,
            },
        )
        audit.bump_data_version(session)
        return StoredObservations(valid, observations, approved, now)

    def _ensure_jurisdictions(self, session: Session, codes: Iterable[str]) -> None:
        """Create rows for valid codes not stored yet, with their parents."""
        wanted: set[str] = set()
        for code in codes:
            c: str | None = code
            while c is not None:
                wanted.add(c)
                c = parent_of(c)
        known = set(session.scalars(select(JurisdictionRow.code).where(JurisdictionRow.code.in_(wanted))))
        missing = sorted(wanted - known, key=lambda c: (level_of(c).value != "province", c))
        for code in sorted(missing, key=lambda c: ["province", "city", "county"].index(level_of(c).value)):
            j = self.plan.jurisdiction(code)
            session.add(
                JurisdictionRow(
                    code=code,
                    name=j.name if j else code,
                    level=level_of(code).value,
                    parent_code=parent_of(code),
                    population=j.population if j else None,
                )
            )
        if missing:
            session.flush()


_Key = tuple[str, str, str, str]
_OBSERVATION_COLUMNS = (
    "indicator_code", "jurisdiction_code", "period", "period_sort", "granularity", "year", "series",
    "revision", "value", "approved", "reported_by", "reported_at", "source", "note",
)  # fmt: skip
_HEAD_COLUMNS = (
    "indicator_code", "jurisdiction_code", "period", "series", "period_sort", "granularity", "year",
    "value", "revision", "latest_revision",
)  # fmt: skip


#: a row's indicator, series key and the problems found with either
_Head = tuple[Indicator | None, str | None, tuple[tuple[str, str], ...]]


class _RowChecker:
    """Checks one row at a time, remembering answers about repeated indicators, periods and
    jurisdictions (a large import repeats a few dozen of each)."""

    def __init__(self, service: ReportingService, actor: Actor) -> None:
        self.service = service
        self.actor = actor
        self.plan = service.plan
        self.indicators: dict[str, tuple[Indicator | None, str | None]] = {}
        self.periods: dict[str, tuple[Period | None, str | None]] = {}
        self.places: dict[str, str | None] = {}
        self.heads: dict[tuple[object, object], _Head] = {}
        self.last_year = self.plan.document.end_year

    def indicator(self, raw: object) -> tuple[Indicator | None, str | None]:
        text = str(raw or "").strip()
        if text not in self.indicators:
            found = self.plan.find_indicator(text)
            problem = None
            if found is None:
                problem = f"unknown indicator {raw!r}"
            elif not self.actor.may_report(self.plan, found):
                domain = self.plan.domain(found.domain)
                lead = domain.lead_department.name if domain else "?"
                who = self.actor.department or self.actor.role.value
                problem = f"{who} may not report {found.code}; its lead department is {lead}"
            self.indicators[text] = (found, problem)
        return self.indicators[text]

    def period(self, raw: object) -> tuple[Period | None, str | None]:
        text = str(raw)
        if text not in self.periods:
            try:
                period: Period | None = parse_period(text)
                problem = None
                assert period is not None
                if not BASELINE_YEAR <= period.year <= self.last_year:
                    problem = f"{period} is outside the plan, {BASELINE_YEAR}-{self.last_year}"
                    period = None
            except QyxError as exc:
                period, problem = None, str(exc)
            self.periods[text] = (period, problem)
        return self.periods[text]

    def place(self, code: str) -> str | None:
        if code not in self.places:
            self.places[code] = self.service.jurisdiction_problem(code)
        return self.places[code]

    def head(self, raw_indicator: object, raw_series: object) -> _Head:
        """The indicator and series key of a row, with the problems of both (remembered: a large
        import repeats a few dozen combinations)."""
        pair = (raw_indicator, raw_series)
        memo_key: tuple[object, object] | None = pair
        try:
            known = self.heads.get(pair)
        except TypeError:  # unhashable input: checked, not remembered
            known, memo_key = None, None
        if known is not None:
            return known
        problems: list[tuple[str, str]] = []
        indicator, problem = self.indicator(raw_indicator)
        if problem:
            problems.append(("indicator", problem))
        series: str | None = None
        if indicator is not None:
            given = None if raw_series in (None, "") else raw_series
            if indicator.series:
                keys = ", ".join(s.key for s in indicator.series)
                found = indicator.find_series(given) if isinstance(given, str) or given is None else None
                if given is None:
                    problems.append(("series", f"{indicator.code} needs a series: {keys}"))
                elif found is None:
                    problems.append(("series", f"unknown series {given!r}; use {keys}"))
                else:
                    series = found.key
            elif given is not None:
                problems.append(("series", f"{indicator.code} has no series; leave it empty"))
        head = (indicator, series, tuple(problems))
        if memo_key is not None:
            self.heads[memo_key] = head
        return head

    def __call__(self, index: int, row: ObservationInput) -> _Valid | list[RowError]:
        indicator, series, head_problems = self.head(row.indicator, row.series)
        period, period_problem = self.period(row.period)
        value: Decimal | None = None
        value_problem = None
        try:
            value = parse_value(row.value)
        except QyxError as exc:
            value_problem = str(exc)
        jurisdiction = (row.jurisdiction or "").strip() or self.service.home
        place_problem = self.place(jurisdiction)
        note = row.note
        with_nul = [
            name for name, text in (("note", note), ("series", row.series)) if text and "\x00" in str(text)
        ]
        if not (head_problems or period_problem or value_problem or place_problem or with_nul):
            assert indicator is not None and period is not None and value is not None
            return _Valid(index, indicator, jurisdiction, period, series, value, note)
        errors = [RowError(index, name, problem) for name, problem in head_problems]
        if period_problem:
            errors.append(RowError(index, "period", period_problem))
        if value_problem:
            errors.append(RowError(index, "value", value_problem))
        errors += [RowError(index, name, "text must not contain NUL characters") for name in with_nul]
        if place_problem:
            errors.append(RowError(index, "jurisdiction", place_problem))
        return errors


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_conflict(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        s in text for s in ("unique", "duplicate key", "locked", "busy", "deadlock", "could not serialize")
    )
