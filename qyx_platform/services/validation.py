"""How a report's rows are checked, one at a time, before any rule or write: indicator,
series, period, value, jurisdiction, permission and repeats.

:func:`check_rows` returns the rows that passed (as :class:`Valid`, their key computed once)
and a :class:`~qyx_platform.errors.RowError` per problem; the reporting service then runs the
plugins' rules on what passed (:mod:`qyx_platform.services.reporting`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from qyx_platform.errors import PermissionDeniedError, QyxError, RowError
from qyx_platform.i18n import N_, _
from qyx_platform.model import (
    BASELINE_YEAR,
    Indicator,
    ObservationInput,
    Period,
    Plan,
    level_of,
    parse_period,
)
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.observations import Progress, parse_value
from qyx_platform.services.task_targets import task_target_problems
from qyx_platform.services.text import text_problem
from qyx_platform.services.values import has_ended
from qyx_platform.services.values import value_problem as value_problem_of

#: what a repeated row shares with the first one
SAME_KEY = N_("same indicator, jurisdiction, period and series")
#: rows handled between two progress callbacks
PROGRESS_STEP = 5_000


class Valid:
    """A row that passed its own checks, with its key computed once."""

    __slots__ = (
        "forecast", "index", "indicator", "jurisdiction", "key", "note", "period", "series", "value",
    )  # fmt: skip

    def __init__(
        self,
        index: int,
        indicator: Indicator,
        jurisdiction: str,
        period: Period,
        series: str | None,
        value: Decimal,
        note: str | None,
        forecast: bool = False,
    ) -> None:
        self.index = index
        self.indicator = indicator
        self.jurisdiction = jurisdiction
        self.period = period
        self.series = series
        self.value = value
        self.note = note
        #: a value for a period not yet ended, of an indicator that allows forecasts
        self.forecast = forecast
        self.key: tuple[str, str, str, str] = (indicator.code, jurisdiction, str(period), series or "")


def jurisdiction_problem(code: str, home: str) -> str | None:
    """Why a jurisdiction code cannot take values, or None: it must be a GB/T 2260 code in
    the province of ``home``."""
    try:
        level_of(code)
    except QyxError as exc:
        return str(exc)
    if code[:2] != home[:2]:
        return _("{code} is outside the home province ({province})", code=code, province=home[:2] + "0000")
    return None


def check_rows(
    plan: Plan,
    rows: Sequence[ObservationInput],
    actor: Actor,
    progress: Progress | None = None,
    today: date | None = None,
) -> tuple[list[Valid], list[RowError]]:
    """Check every row on its own and against the rows before it (a repeated key is an
    error naming the first row); return the valid rows and the problems. ``today`` (default:
    the system's date) says which periods have ended."""
    if not actor.at_least(Role.REPORTER):
        raise PermissionDeniedError(_("reporting needs a reporter, supervisor or admin token"))
    check = RowChecker(plan, actor, today or date.today())
    valid: list[Valid] = []
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
            message = _("repeats row {first} ({same})", first=first, same=_(SAME_KEY))
            errors.append(RowError(n, "period", message, related=first))
            continue
        valid.append(checked)
    if progress:
        progress("validate", len(rows), len(rows))
    return valid, errors


#: a row's indicator, series key and the problems found with either
_Head = tuple[Indicator | None, str | None, tuple[tuple[str, str], ...]]


class RowChecker:
    """Checks one row at a time, remembering answers about repeated indicators, periods and
    jurisdictions (a large import repeats a few dozen of each)."""

    def __init__(self, plan: Plan, actor: Actor, today: date | None = None) -> None:
        self.plan = plan
        self.actor = actor
        self.today = today or date.today()
        self.ended: dict[Period, bool] = {}
        self.home = plan.document.home_jurisdiction
        self.indicators: dict[str, tuple[Indicator | None, str | None]] = {}
        self.periods: dict[str, tuple[Period | None, str | None]] = {}
        self.places: dict[str, str | None] = {}
        self.heads: dict[tuple[object, object], _Head] = {}
        self.last_year = plan.document.end_year

    def indicator(self, raw: object) -> tuple[Indicator | None, str | None]:
        """The indicator a cell names (code or plan number) and why it cannot be reported."""
        text = str(raw or "").strip()
        if text not in self.indicators:
            found = self.plan.find_measure(text)  # an indicator, or a task target by its code
            problem = None
            if found is None:
                problem = _("unknown indicator {code}", code=repr(raw))
            elif not self.actor.may_report(self.plan, found):
                domain = self.plan.domain(found.domain)
                lead = domain.lead_department.name if domain else "?"
                who = self.actor.department or self.actor.role.label
                problem = _(
                    "{who} may not report {code}; its lead department is {lead}",
                    who=who,
                    code=found.code,
                    lead=lead,
                )
            self.indicators[text] = (found, problem)
        return self.indicators[text]

    def period(self, raw: object) -> tuple[Period | None, str | None]:
        """The period of a cell, inside the plan's years, or the problem."""
        text = str(raw)
        if text not in self.periods:
            try:
                period: Period | None = parse_period(text)
                problem = None
                assert period is not None
                if not BASELINE_YEAR <= period.year <= self.last_year:
                    problem = _(
                        "{period} is outside the plan, {first}-{last}",
                        period=period,
                        first=BASELINE_YEAR,
                        last=self.last_year,
                    )
                    period = None
            except QyxError as exc:
                period, problem = None, str(exc)
            self.periods[text] = (period, problem)
        return self.periods[text]

    def place(self, code: str) -> str | None:
        """Why a jurisdiction cannot take values (or not from this actor), or None."""
        if code not in self.places:
            problem = jurisdiction_problem(code, self.home)
            if problem is None and not self.actor.may_write_to(code):
                problem = _(
                    "this token writes to {scope} and below, not to {code}",
                    scope=self.actor.jurisdiction,
                    code=code,
                )
            self.places[code] = problem
        return self.places[code]

    def has_ended(self, period: Period) -> bool:
        """Whether ``period`` ended before today (remembered per period)."""
        known = self.ended.get(period)
        if known is None:
            known = self.ended[period] = has_ended(period, self.today)
        return known

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
                    problems.append(
                        ("series", _("{code} needs a series: {keys}", code=indicator.code, keys=keys))
                    )
                elif found is None:
                    problems.append(
                        ("series", _("unknown series {given}; use {keys}", given=repr(given), keys=keys))
                    )
                else:
                    series = found.key
            elif given is not None:
                problems.append(("series", _("{code} has no series; leave it empty", code=indicator.code)))
        head = (indicator, series, tuple(problems))
        if memo_key is not None:
            self.heads[memo_key] = head
        return head

    def __call__(self, index: int, row: ObservationInput) -> Valid | list[RowError]:
        """The row as :class:`Valid`, or its problems."""
        indicator, series, head_problems = self.head(row.indicator, row.series)
        period, period_problem = self.period(row.period)
        value: Decimal | None = None
        value_problem = None
        try:
            value = parse_value(row.value, indicator)
            bound = value_problem_of(value, indicator) if indicator is not None else None
            if bound:
                value, value_problem = None, bound
        except QyxError as exc:
            value_problem = str(exc)
        forecast = False
        if period is not None and indicator is not None and not self.has_ended(period):
            if indicator.allows_forecast:
                forecast = True
            else:
                period_problem = _(
                    "{period} has not ended yet (today is {today}): report it once it has; "
                    "{indicator} takes no forecasts",
                    period=period,
                    today=self.today.isoformat(),
                    indicator=indicator.code,
                )
        jurisdiction = (row.jurisdiction or "").strip() or self.home
        place_problem = self.place(jurisdiction)
        note = row.note
        bad_text = [
            (name, problem)
            for name, text in (("note", note), ("series", row.series))
            if text and (problem := text_problem(name, text))
        ]
        if indicator is not None and value is not None and not indicator.plan_number:
            head_problems += task_target_problems(self.plan, indicator.code, value, note)
        if not (head_problems or period_problem or value_problem or place_problem or bad_text):
            assert indicator is not None and period is not None and value is not None
            return Valid(index, indicator, jurisdiction, period, series, value, note, forecast)
        errors = [RowError(index, name, problem) for name, problem in head_problems]
        if period_problem:
            errors.append(RowError(index, "period", period_problem))
        if value_problem:
            errors.append(RowError(index, "value", value_problem))
        errors += [RowError(index, name, problem) for name, problem in bad_text]
        if place_problem:
            errors.append(RowError(index, "jurisdiction", place_problem))
        return errors
