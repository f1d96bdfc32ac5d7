"""Messages of the 住有宜居 plugin in the user's language, from its own gettext catalogue
(``locale/<language>/LC_MESSAGES/zhuyou.po``, named after the package, see docs/i18n.md):
its rules' messages and descriptions and the notes and reasons of its plan.toml."""

from __future__ import annotations

from qyx_platform import catalogue_for

CATALOGUE = catalogue_for(__package__)
_ = CATALOGUE.gettext
N_ = CATALOGUE.N_
lazy_gettext = CATALOGUE.lazy_gettext
