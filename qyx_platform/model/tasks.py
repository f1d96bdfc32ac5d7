"""Key tasks (重点任务) with their dated targets, and named projects (项目) with milestones."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.i18n import Text
from qyx_platform.model.calendar import Frequency
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.polarity import Accumulation, Polarity, Rollup
from qyx_platform.model.targets import Comparator

#: comparators of a yes/no target: reported as 1 (done) or 0 (not yet), with evidence in the note
YES_NO = (Comparator.MILESTONE, Comparator.FULL_COVERAGE)


@dataclass(frozen=True, slots=True)
class TaskTarget:
    """A dated target from a task's prose, e.g. 到2027年，建成1家托育综合服务中心.

    ``text`` is the plan's exact phrase; a compound phrase split into several targets keeps
    the whole phrase in each. Milestones (yes/no) and 全覆盖 have no value: they are reported
    as 1 (done) or 0 (not yet). ``code`` is stable (``youyou.childcare_service_centre``) and is
    what a report gives as its indicator; ``frequency`` says how often it is reported;
    ``recurring`` targets (每年…, 保持…) are judged every year up to ``year``; ``baseline``
    (optional) is the 2022 value a trajectory starts from.
    """

    year: int
    subject: str
    comparator: Comparator
    value: Decimal | None
    unit: str | None
    text: str
    english_subject: str = ""
    indicator: str | None = None
    recurring: bool = False
    code: str = ""
    frequency: Frequency = Frequency.YEARLY
    #: why it is reported that often (a message of the plugin's catalogue, see plan/messages.py)
    frequency_reason: Text = ""
    baseline: Decimal | None = None

    @property
    def yes_no(self) -> bool:
        """True for a target without a number (建成…, 创成…, 全覆盖): reported as 1 or 0."""
        return self.comparator in YES_NO

    @property
    def polarity(self) -> Polarity:
        """Lower is better for ``below``/``at most`` targets, higher otherwise."""
        lower = self.comparator in (Comparator.BELOW, Comparator.AT_MOST)
        return Polarity.LOWER_IS_BETTER if lower else Polarity.HIGHER_IS_BETTER

    def measure(self, domain: str) -> Indicator:
        """The target as a reportable item: an :class:`Indicator` with this code and no
        table cells, so that reports about it take the same path (scope, revisions, approval,
        audit, rules). Yes/no targets take 0 or 1; percentages 0-100; counts are at least 0."""
        unit = self.unit or ""
        low: Decimal | None = Decimal(0)
        high: Decimal | None = None
        if self.yes_no:
            unit, high = "是/否", Decimal(1)
        elif unit in {"%", "％"}:
            high = Decimal(100)
        elif unit == "‰":
            high = Decimal(1000)
        return Indicator(
            code=self.code,
            plan_number=0,
            domain=domain,
            name=self.subject,
            english_name=self.english_subject,
            unit=unit,
            core=False,
            polarity=self.polarity,
            accumulation=Accumulation.LEVEL,
            rollup=Rollup.NONE,
            targets=(),
            min_value=low,
            max_value=high,
            reasons=(("frequency", self.frequency_reason),),
            frequency=self.frequency,
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A numbered key task (重点任务) of a domain."""

    domain: str
    number: int
    title: str
    targets: tuple[TaskTarget, ...] = ()
    english_title: str = ""

    @property
    def code(self) -> str:
        """Stable code: ``<domain>.task<number>``."""
        return f"{self.domain}.task{self.number}"


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated step of a project as planned (its progress is stored, not part of the plan)."""

    year: int
    title: str


@dataclass(frozen=True, slots=True)
class Project:
    """A named project (项目) of a domain, tied to one of its tasks."""

    domain: str
    name: str
    task: int | None
    text: str
    english_name: str = ""
    milestones: tuple[Milestone, ...] = ()

    @property
    def code(self) -> str:
        """Stable code: ``<domain>.<name>``."""
        return f"{self.domain}.{self.name}"

    def milestone_code(self, position: int) -> str:
        """The stable code of the plan's milestone at ``position`` (1-based): ``<code>.m<n>``."""
        return f"{self.code}.m{position}"
