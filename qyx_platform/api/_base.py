"""What the Python API's parts share: the platform attributes they use, look-ups that
name what is wrong, names in the language in force."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _, current_language
from qyx_platform.model import BASELINE_YEAR, Indicator, Plan

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from qyx_platform.services.auth import Actor
    from qyx_platform.services.unit_of_work import UnitOfWork

#: how many rows one page of a list reads
PAGE = 500


class _Row(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=_Row)


def _all_pages(
    fetch: Callable[[int | None, int], Sequence[RowT]], limit: int | None = None, after: int | None = None
) -> list[RowT]:
    """Every row a paged read gives after the id ``after`` (None: from the first), at most
    ``limit``, reading :data:`PAGE` rows at a time: ``fetch(after, size)`` returns up to
    ``size`` rows of ids above ``after``, in id order."""
    rows: list[RowT] = []
    while limit is None or len(rows) < limit:
        size = PAGE if limit is None else min(PAGE, limit - len(rows))
        page = fetch(after, size)
        rows.extend(page)
        if len(page) < size:
            break
        after = page[-1].id
    return rows


def english() -> bool:
    """True when messages are in English (names and units follow)."""
    return current_language() == "en"


def indicator_name(indicator: Indicator) -> str:
    """The indicator's name in the language in force (Chinese name by default)."""
    return indicator.name_label()


def indicator_unit(indicator: Indicator) -> str:
    """The indicator's unit in the language in force."""
    return indicator.unit_label()


def _series_english(indicator: Indicator, key: str | None) -> str | None:
    found = indicator.find_series(key) if key else None
    return found.english_name if found is not None and found.english_name else None


class _Localised:
    """A plan text shown in the language in force (its Chinese or its English form)."""

    def __init__(self, chinese: str, english_text: str) -> None:
        self.chinese = chinese
        self.english = english_text

    def __format__(self, spec: str) -> str:
        return format(self.english if english() and self.english else self.chinese, spec)


def _local_operator() -> Actor:
    from qyx_platform.services.auth import LOCAL_OPERATOR

    return LOCAL_OPERATOR


class APIBase:
    """The platform attributes and look-ups every part of the API uses."""

    if TYPE_CHECKING:
        sessions: sessionmaker[Session]
        #: the platform's one clock (``Platform(today=...)``, ``QYX_TODAY``, the county's date)
        today: Callable[[], date]

        def after_write(self) -> None: ...

        @property
        def plan(self) -> Plan: ...

        def write(self, actor: Actor) -> AbstractContextManager[UnitOfWork]: ...

    # -- helpers ---------------------------------------------------------------------------

    def _indicator(self, code: str) -> Indicator:
        from qyx_platform.services.lookup import measure

        return measure(self.plan, code)  # an indicator or a task target

    def _jurisdiction(self, code: str | None) -> str:
        from qyx_platform.services.lookup import jurisdiction_code

        return jurisdiction_code(self.plan, self._readings(), code)

    def _domain(self, code: str | None) -> str | None:
        """A domain's code (None stays None); NotFoundError listing the codes otherwise."""
        if code is None:
            return None
        found = self.plan.domain(code.strip())
        if found is None:
            codes = ", ".join(d.code for d in self.plan.domains)
            raise NotFoundError(_("no domain '{domain}'; use one of {codes}", domain=code, codes=codes))
        return found.code

    def _department(self, name: str | None) -> str | None:
        if name is None:
            return None
        for department in self.plan.departments:
            if name.strip() in (department.name, department.english_name):
                return department.name
        names = ", ".join(d.name for d in self.plan.departments)
        raise NotFoundError(_("no department '{name}'; use one of {names}", name=name, names=names))

    def _readings(self) -> Any:
        from qyx_platform.services.readings import Readings

        return Readings(self)  # type: ignore[arg-type]

    def place(self, code: str) -> str:
        """A jurisdiction as a title shows it: ``庆元县 (331126)``, or the code alone."""
        from qyx_platform.services.lookup import place

        return place(self.plan, self._readings(), code)

    def default_year(self) -> int:
        """This calendar year, within the plan's years."""
        return min(max(self.today().year, BASELINE_YEAR), self.plan.document.end_year)
