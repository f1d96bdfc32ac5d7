"""What the Python API's parts share: the platform attributes they use, look-ups that
name what is wrong, names in the language in force."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _, current_language
from qyx_platform.model import BASELINE_YEAR, Indicator, Plan, level_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from qyx_platform.services.auth import Actor
    from qyx_platform.services.unit_of_work import UnitOfWork

#: how many rows one page of a list reads
PAGE = 500


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
        found = self.plan.find_measure(code)  # an indicator or a task target
        if found is None:
            raise NotFoundError(
                _("no indicator '{code}'; use an indicator code or plan number (see qyx status)", code=code)
            )
        return found

    def _jurisdiction(self, code: str | None) -> str:
        chosen = (code or self.plan.document.home_jurisdiction).strip()
        level_of(chosen)  # raises a QyxError naming a malformed code
        if self.plan.jurisdiction(chosen) is None and self._readings().jurisdiction_name(chosen) is None:
            raise NotFoundError(
                _("no jurisdiction {code}; use a county, city or province code such as 331126", code=chosen)
            )
        return chosen

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
        configured = self.plan.jurisdiction(code)
        name = configured.name if configured is not None else self._readings().jurisdiction_name(code)
        return f"{name} ({code})" if name else code

    def default_year(self) -> int:
        """This calendar year, within the plan's years."""
        return min(max(self.today().year, BASELINE_YEAR), self.plan.document.end_year)
