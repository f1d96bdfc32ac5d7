"""Settings stored in the database, so that every process on it obeys them alike: the
service, ``qyx import`` and the Python API (``qyx config set require-approval true``).

A setting lives in the ``meta`` table under its key; unknown keys are refused, and each
setting has a type and a default.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qyx_platform.errors import ConfigurationError
from qyx_platform.i18n import N_, _
from qyx_platform.services.auth import Role
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import MetaRow

REQUIRE_APPROVAL = "require-approval"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class SettingSpec:
    """A database setting: its name (as typed on the command line), default and help."""

    name: str
    default: bool
    help: str

    @property
    def key(self) -> str:
        """The key of its row in ``meta``."""
        return "setting:" + self.name


SETTINGS: dict[str, SettingSpec] = {
    REQUIRE_APPROVAL: SettingSpec(
        REQUIRE_APPROVAL,
        False,
        N_("a reporter's value becomes current only once a supervisor approves it"),
    ),
}


def spec(name: str) -> SettingSpec:
    """The setting called ``name``, or a ConfigurationError listing the known ones."""
    found = SETTINGS.get(name.strip().lower().replace("_", "-"))
    if found is None:
        raise ConfigurationError(
            _("unknown setting {name}; settings: {known}", name=repr(name), known=", ".join(sorted(SETTINGS)))
        )
    return found


def parse_bool(name: str, text: str) -> bool:
    """``true``/``false`` (also 1/0, yes/no, on/off) for setting ``name``."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(_("{name}: {text} is not true or false", name=name, text=repr(text)))


def get_setting(session: Session, name: str) -> bool:
    """The stored value of a setting (its default when never set)."""
    s = spec(name)
    stored = session.scalar(select(MetaRow.value).where(MetaRow.key == s.key))
    return s.default if stored is None else stored == "true"


def set_setting(work: UnitOfWork, name: str, value: bool) -> bool:
    """Store a setting in a unit of work (admins only; audited); returns the value before."""
    session = work.session
    work.actor.require(Role.ADMIN, _("changing {name}", name=name))
    s = spec(name)
    before = get_setting(session, s.name)
    row = session.get(MetaRow, s.key)
    text = "true" if value else "false"
    if row is None:
        session.add(MetaRow(key=s.key, value=text))
    else:
        row.value = text
    if before != value:
        work.record("setting.set", "setting", s.name, before=before, after=value)
    return before


def all_settings(session: Session) -> dict[str, bool]:
    """Every setting with its current value."""
    return {name: get_setting(session, name) for name in sorted(SETTINGS)}
