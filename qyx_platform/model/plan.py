"""The plan document and the whole catalogue assembled from the plugins, with look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _
from qyx_platform.model.indicators import Department, Domain, Indicator
from qyx_platform.model.jurisdictions import Jurisdiction
from qyx_platform.model.tasks import Project, Task


@dataclass(frozen=True, slots=True)
class ParentPlan:
    """A higher-level plan this one derives from (the province's or the city's)."""

    title: str
    document_number: str
    issuer: str = ""


@dataclass(frozen=True, slots=True)
class PlanDocument:
    """The plan's own metadata: title, document number (文号), date, issuing office."""

    title: str
    document_number: str
    issued: date
    issuer: str
    start_year: int
    end_year: int
    english_title: str = ""
    parents: tuple[ParentPlan, ...] = ()
    main_goals: tuple[str, ...] = ()
    home_jurisdiction: str = "331126"


@dataclass(frozen=True)
class Plan:
    """Everything the plugins contribute, indexed for look-up. Pure data, no I/O."""

    document: PlanDocument
    domains: tuple[Domain, ...]
    indicators: tuple[Indicator, ...]
    tasks: tuple[Task, ...]
    projects: tuple[Project, ...]
    jurisdictions: tuple[Jurisdiction, ...]
    _by_code: dict[str, Indicator] = field(init=False, repr=False, compare=False)
    _by_number: dict[int, Indicator] = field(init=False, repr=False, compare=False)
    _jurisdictions: dict[str, Jurisdiction] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {i.code: i for i in self.indicators})
        object.__setattr__(self, "_by_number", {i.plan_number: i for i in self.indicators})
        object.__setattr__(self, "_jurisdictions", {j.code: j for j in self.jurisdictions})

    def indicator(self, code: str) -> Indicator:
        """The indicator with this code (or plan number, ``"9"``); NotFoundError otherwise."""
        found = self.find_indicator(code)
        if found is None:
            raise NotFoundError(
                _("no indicator {code}: `qyx plugins` lists the loaded domains", code=repr(code))
            )
        return found

    def find_indicator(self, code: str) -> Indicator | None:
        """The indicator with this code or plan number, or None."""
        if code in self._by_code:
            return self._by_code[code]
        number = code.strip()
        if number.isascii() and number.isdigit():  # ASCII only: "²" and "١" are not plan numbers
            return self._by_number.get(int(number))
        return None

    def domain(self, code: str) -> Domain | None:
        """The domain with this code (``youyou``) or Chinese name (``幼有善育``), or None."""
        return next((d for d in self.domains if code in (d.code, d.name)), None)

    def domain_indicators(self, domain: str) -> tuple[Indicator, ...]:
        """A domain's indicators in plan order."""
        return tuple(i for i in self.indicators if i.domain == domain)

    def domain_tasks(self, domain: str) -> tuple[Task, ...]:
        """A domain's key tasks in order."""
        return tuple(t for t in self.tasks if t.domain == domain)

    def domain_projects(self, domain: str) -> tuple[Project, ...]:
        """A domain's named projects."""
        return tuple(p for p in self.projects if p.domain == domain)

    @property
    def departments(self) -> tuple[Department, ...]:
        """The distinct lead departments, in order of first appearance."""
        seen: dict[str, Department] = {}
        for d in self.domains:
            seen.setdefault(d.lead_department.name, d.lead_department)
        return tuple(seen.values())

    def department_domains(self, department: str) -> tuple[Domain, ...]:
        """The domains a department leads."""
        return tuple(d for d in self.domains if d.lead_department.name == department)

    def jurisdiction(self, code: str) -> Jurisdiction | None:
        """The configured jurisdiction with this code, or None."""
        return self._jurisdictions.get(code)

    def children(self, code: str) -> tuple[Jurisdiction, ...]:
        """The configured jurisdictions directly under ``code``."""
        return tuple(j for j in self.jurisdictions if j.parent == code)
