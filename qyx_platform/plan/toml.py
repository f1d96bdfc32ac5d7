"""Read a domain's plan data file (``plan.toml``) into the pure model.

The format is documented in ``docs/plan-data.md``. Every error names the file, the entry and
the key, so a plugin author sees at once what to fix. Unknown keys are errors (a typo must
not silently drop a target).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from qyx_platform.errors import PlanDataError, QyxError
from qyx_platform.i18n import N_, _
from qyx_platform.model import (
    PLAN_YEARS,
    Accumulation,
    Comparator,
    Department,
    Domain,
    Frequency,
    Indicator,
    Milestone,
    Polarity,
    Project,
    Rollup,
    Series,
    TargetExpression,
    Task,
    TaskTarget,
    YearTarget,
    split_series_cell,
)
from qyx_platform.model.targets import parse_decimal


@dataclass(frozen=True)
class DomainData:
    """Everything one plan.toml holds: the domain, its indicators, tasks and projects."""

    domain: Domain
    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]
    projects: tuple[Project, ...]


class _Entry:
    """A TOML table being read: typed getters that name the place of any error."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        if not isinstance(data, Mapping):
            raise PlanDataError(_("{where}: expected a table", where=where))
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise PlanDataError(_("{where}: missing key {key}", where=self.where, key=repr(key)))
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PlanDataError(
                _("{where}: {key} must be {kind}", where=self.where, key=repr(key), kind=_kind_name(kind))
            )
        return value

    def text(self, key: str, default: Any = None) -> Any:
        """A string value (required unless a default is given)."""
        return self._get(key, str, _REQUIRED if default is None else default)

    def optional_text(self, key: str) -> str | None:
        """A string value or None."""
        value: str | None = self._get(key, str, None)
        return value

    def integer(self, key: str, default: Any = None) -> int:
        """An integer value."""
        value: int = self._get(key, int, _REQUIRED if default is None else default)
        return value

    def boolean(self, key: str, default: bool | None = None) -> bool:
        """A boolean value."""
        value: bool = self._get(key, bool, _REQUIRED if default is None else default)
        return value

    def decimal(self, key: str) -> Decimal | None:
        """A decimal written as a string ("3.20"); None when absent."""
        raw = self._get(key, str, None)
        if raw is None:
            return None
        try:
            return parse_decimal(raw)
        except PlanDataError as exc:
            raise PlanDataError(
                _("{where}: {key}: {problem}", where=self.where, key=repr(key), problem=exc)
            ) from None

    def choice(self, key: str, enum: Any) -> Any:
        """An enum member named by its value ("higher", "ytd_flow", …)."""
        raw = self.text(key)
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise PlanDataError(
                _(
                    "{where}: {key} is {value}; use one of {allowed}",
                    where=self.where,
                    key=repr(key),
                    value=repr(raw),
                    allowed=allowed,
                )
            ) from None

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        """An array of tables (possibly empty)."""
        value: list[Mapping[str, Any]] = self._get(key, list, [])
        return value

    def finish(self) -> None:
        """Fail on keys nobody read: they are typos or unsupported."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise PlanDataError(
                _("{where}: unknown key(s) {keys}", where=self.where, keys=", ".join(unknown))
            )


_REQUIRED = object()


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: N_("a string"), int: N_("an integer"), bool: N_("true or false"), list: N_("a list")}
    return _(names[kind]) if isinstance(kind, type) and kind in names else str(kind)


def load_domain_file(path: Path | str) -> DomainData:
    """Parse one plan.toml; raise PlanDataError naming the file and the entry on any error."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanDataError(_("{file}: cannot read: {problem}", file=path, problem=exc.strerror)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanDataError(_("{file}: not valid TOML: {problem}", file=path, problem=exc)) from None
    try:
        return parse_domain_data(raw, str(path))
    except QyxError as exc:
        if str(path) in str(exc):
            raise
        raise PlanDataError(_("{file}: {problem}", file=path, problem=exc)) from None


def parse_domain_data(raw: Mapping[str, Any], source: str | None = None) -> DomainData:
    """Build DomainData from already-parsed TOML (a plugin may build it in code); ``source``
    names it in errors (default: "plan data")."""
    source = source or _("plan data")
    top = _Entry(raw, source)
    domain = _domain(_Entry(top._get("domain", dict, _REQUIRED), f"{source} [domain]"))
    indicators = tuple(
        _indicator(_Entry(t, f"{source} indicators[{n}]"), domain.code)
        for n, t in enumerate(top.tables("indicators"))
    )
    tasks = tuple(
        _task(_Entry(t, f"{source} tasks[{n}]"), domain.code) for n, t in enumerate(top.tables("tasks"))
    )
    projects = tuple(
        _project(_Entry(t, f"{source} projects[{n}]"), domain.code)
        for n, t in enumerate(top.tables("projects"))
    )
    top.finish()
    _check_unique(source, N_("indicator code"), [i.code for i in indicators])
    _check_unique(source, N_("task number"), [t.number for t in tasks])
    _check_unique(
        source,
        N_("code"),
        [i.code for i in indicators] + [tt.code for t in tasks for tt in t.targets if tt.code],
    )
    task_numbers = {t.number for t in tasks}
    for p in projects:
        if p.task is not None and p.task not in task_numbers:
            raise PlanDataError(
                _(
                    "{where}: project {name} names task {task}, which is missing",
                    where=source,
                    name=repr(p.name),
                    task=p.task,
                )
            )
    return DomainData(domain, indicators, tasks, projects)


def _check_unique(source: str, what: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise PlanDataError(
                _("{where}: duplicate {what} {value}", where=source, what=_(what), value=repr(v))
            )
        seen.add(v)


def _domain(e: _Entry) -> Domain:
    domain = Domain(
        code=e.text("code"),
        order=e.integer("order"),
        name=e.text("name"),
        english_name=e.text("english_name", ""),
        brand=e.text("brand"),
        lead_department=Department(e.text("lead_department"), e.text("lead_department_english", "")),
        summary=e.text("summary", ""),
    )
    e.finish()
    if not domain.code.isidentifier() or domain.code != domain.code.lower():
        raise PlanDataError(
            _("{where}: code {code} must be a lowercase identifier", where=e.where, code=repr(domain.code))
        )
    return domain


def _indicator(e: _Entry, domain: str) -> Indicator:
    code = e.text("code")
    e.where = f"{e.where} ({code})"
    if not code.startswith(domain + "."):
        raise PlanDataError(
            _("{where}: code must start with the domain, {prefix}", where=e.where, prefix=repr(domain + "."))
        )
    polarity: Polarity = e.choice("polarity", Polarity)
    series = tuple(_series(_Entry(s, f"{e.where} series[{n}]")) for n, s in enumerate(e.tables("series")))
    cells = e._get("targets", dict, _REQUIRED)
    targets: list[YearTarget] = []
    years = sorted(int(y) for y in cells) if all(str(y).isdigit() for y in cells) else None
    if years != list(PLAN_YEARS):
        raise PlanDataError(
            _(
                "{where}: targets must give one cell for each year {first}-{last}",
                where=e.where,
                first=PLAN_YEARS[0],
                last=PLAN_YEARS[-1],
            )
        )
    for year in PLAN_YEARS:
        cell = cells[str(year)]
        if not isinstance(cell, str):
            raise PlanDataError(
                _('{where}: the {year} cell must be a string such as "3.20"', where=e.where, year=year)
            )
        try:
            if series:
                parts = split_series_cell(cell, tuple(s.name for s in series))
                for s in series:
                    inner = TargetExpression.parse(parts[s.name], polarity)
                    printed = TargetExpression(inner.comparator, inner.value, s.name + parts[s.name])
                    targets.append(YearTarget(year, s.key, printed))
            else:
                targets.append(YearTarget(year, None, TargetExpression.parse(cell, polarity)))
        except PlanDataError as exc:
            raise PlanDataError(
                _("{where}: the {year} cell: {problem}", where=e.where, year=year, problem=exc)
            ) from None
    for t in targets:
        if t.expression.comparator in _AGAINST[polarity]:
            raise PlanDataError(
                _(
                    "{where}: the {year} cell {cell} contradicts polarity {polarity} "
                    "(a better value would fail it)",
                    where=e.where,
                    year=t.year,
                    cell=repr(t.expression.text),
                    polarity=repr(polarity.value),
                )
            )
    frequency: Frequency = e.choice("frequency", Frequency) if "frequency" in e.data else Frequency.YEARLY
    reasons = tuple(
        (topic, e.text(f"{topic}_reason", ""))
        for topic in ("polarity", "accumulation", "rollup", "frequency")
    )
    indicator = Indicator(
        code=code,
        plan_number=e.integer("plan_number"),
        domain=domain,
        name=e.text("name"),
        english_name=e.text("english_name", ""),
        unit=e.text("unit"),
        english_unit=e.text("english_unit", ""),
        core=e.boolean("core", False),
        polarity=polarity,
        accumulation=e.choice("accumulation", Accumulation),
        rollup=e.choice("rollup", Rollup),
        targets=tuple(targets),
        series=series,
        min_value=e.decimal("min"),
        max_value=e.decimal("max"),
        reasons=reasons,
        plausible_max=e.decimal("plausible_max"),
        plausible_note=e.text("plausible_note", ""),
        whole=e.boolean("whole", False),
        whole_note=e.text("whole_note", ""),
        population_per_unit=e.decimal("population_per_unit"),
        population_note=e.text("population_note", ""),
        frequency=frequency,
        allows_forecast=e.boolean("allows_forecast", False),
    )
    e.finish()
    return indicator


#: comparators a cell cannot have under each polarity: evaluation assumes that a better value
#: never fails a target, so "at most" on a higher-is-better indicator is a data error
_AGAINST = {
    Polarity.HIGHER_IS_BETTER: {Comparator.AT_MOST, Comparator.BELOW},
    Polarity.LOWER_IS_BETTER: {Comparator.AT_LEAST, Comparator.ABOVE, Comparator.FULL_COVERAGE},
}


def _series(e: _Entry) -> Series:
    s = Series(e.text("key"), e.text("name"), e.text("english_name", ""))
    e.finish()
    return s


def _task(e: _Entry, domain: str) -> Task:
    number = e.integer("number")
    e.where = f"{e.where} (task {number})"
    targets = tuple(
        _task_target(_Entry(t, f"{e.where} targets[{n}]"), domain) for n, t in enumerate(e.tables("targets"))
    )
    task = Task(domain, number, e.text("title"), targets, e.text("english_title", ""))
    e.finish()
    return task


def _task_target(e: _Entry, domain: str) -> TaskTarget:
    code = e.text("code", "")
    if code:
        e.where = f"{e.where} ({code})"
        if not code.startswith(domain + ".") or not code.isascii() or " " in code:
            raise PlanDataError(
                _(
                    "{where}: code must be ascii and start with the domain, {prefix}",
                    where=e.where,
                    prefix=repr(domain + "."),
                )
            )
    comparator: Comparator = e.choice("comparator", Comparator)
    value = e.decimal("value")
    numberless = comparator in {Comparator.MILESTONE, Comparator.FULL_COVERAGE, Comparator.NONE}
    if numberless and value is not None:
        raise PlanDataError(
            _("{where}: a {comparator} target has no value", where=e.where, comparator=comparator.value)
        )
    if not numberless and value is None:
        raise PlanDataError(
            _("{where}: a {comparator} target needs a value", where=e.where, comparator=comparator.value)
        )
    target = TaskTarget(
        year=e.integer("year"),
        subject=e.text("subject"),
        english_subject=e.text("english_subject", ""),
        comparator=comparator,
        value=value,
        unit=e.optional_text("unit"),
        text=e.text("text"),
        indicator=e.optional_text("indicator"),
        recurring=e.boolean("recurring", False),
        code=code,
        frequency=e.choice("frequency", Frequency) if "frequency" in e.data else Frequency.YEARLY,
        frequency_reason=e.text("frequency_reason", ""),
        baseline=e.decimal("baseline"),
    )
    e.finish()
    return target


def _project(e: _Entry, domain: str) -> Project:
    milestones = []
    for n, m in enumerate(e.tables("milestones")):
        me = _Entry(m, f"{e.where} milestones[{n}]")
        milestones.append(Milestone(me.integer("year"), me.text("title")))
        me.finish()
    task: int | None = e._get("task", int, None)
    project = Project(
        domain=domain,
        name=e.text("name"),
        task=task,
        text=e.text("text"),
        english_name=e.text("english_name", ""),
        milestones=tuple(milestones),
    )
    e.finish()
    return project
