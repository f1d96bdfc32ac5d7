"""Key tasks (重点任务) with their dated targets, and named projects (项目) with milestones."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.model.targets import Comparator


@dataclass(frozen=True, slots=True)
class TaskTarget:
    """A dated target from a task's prose, e.g. 到2027年，建成1家托育综合服务中心.

    ``text`` is the plan's exact phrase; a compound phrase split into several targets keeps
    the whole phrase in each. Milestones (yes/no) and 全覆盖 have no value.
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
