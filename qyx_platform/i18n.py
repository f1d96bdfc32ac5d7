"""Messages in the user's language: standard gettext catalogues, Chinese first.

Source messages (msgids) are written in English; ``qyx_platform/locale/<lang>/LC_MESSAGES/qyx.po``
holds the translations (``zh_CN`` the Chinese, ``en`` the identity) and the compiled ``qyx.mo``
beside it is what runs (committed, shipped as package data: nothing to compile after install).
Extraction and compilation use Babel (``python tools/i18n.py update|compile``, see
docs/i18n.md); Babel is not needed at run time.

The language of a message is chosen, first to last, by:

1. the current context (:func:`use_language`, :func:`set_language`): the web layer sets it per
   request from ``Accept-Language`` (:func:`negotiate`), the CLI from ``--lang``;
2. the ``QYX_LANG`` environment variable (``zh_CN``, ``zh``, ``en`` ...);
3. the default, ``zh_CN``.

Usage::

    from qyx_platform.i18n import _, N_, lazy_gettext, ngettext

    print(_("database ready: {url}", url=url))          # translated now, placeholders by name
    LABEL = lazy_gettext("indicator")                      # module level: translated when shown
    STATES = {"open": N_("open")}                          # only marked; _(STATES[s]) later
    ngettext("{n} value", "{n} values", n, n=n)

Placeholders are ``str.format`` names (``{count}``), never positional, so a translation can
reorder them; a message without keyword arguments is returned as it is (braces untouched).

A plugin keeps its messages in a catalogue of its own, named after its package and kept in
the package's ``locale`` folder (:func:`catalogue_for`), translated into the same current
language::

    CATALOGUE = catalogue_for(__package__)  # qyx_plugins.bingyou → bingyou.mo
    _, N_, lazy_gettext = CATALOGUE.gettext, CATALOGUE.N_, CATALOGUE.lazy_gettext
"""

from __future__ import annotations

import gettext as _gettext
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path
from typing import Any

from qyx_platform import config

DOMAIN = "qyx"
ENV_LANG = config.ENV_LANG
#: the languages a catalogue exists for; the first is the default
LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str | None] = ContextVar("qyx_language", default=None)


def normalize(tag: str | None) -> str | None:
    """The supported language a tag names, or None: ``zh``, ``zh-CN``, ``zh_Hans``, ``zh-TW``
    → ``zh_CN``; ``en``, ``en-GB``, ``en_US.UTF-8`` → ``en``; anything else → None."""
    if not tag:
        return None
    base = tag.strip().split(".")[0].replace("-", "_").lower()
    primary = base.split("_")[0]
    if primary == "zh":
        return "zh_CN"
    if primary == "en":
        return "en"
    return None


def negotiate(accept_language: str | None) -> str | None:
    """The best supported language of an ``Accept-Language`` header (RFC 9110 q-values), or
    None when it names none of them (``*`` alone counts as none: the default applies)."""
    if not accept_language:
        return None
    choices: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = normalize(tag)
        if language is not None and quality > 0:
            choices.append((-quality, position, language))
    return min(choices)[2] if choices else None


def current_language() -> str:
    """The language messages are translated into now (context, else ``QYX_LANG``, else zh_CN)."""
    chosen = _current.get()
    if chosen is not None:
        return chosen
    return normalize(config.language()) or DEFAULT_LANGUAGE


def set_language(language: str | None) -> Token[str | None]:
    """Use ``language`` (any tag :func:`normalize` knows; None or unknown: back to
    ``QYX_LANG``/default) in the current context; returns the token for :func:`reset_language`."""
    return _current.set(normalize(language))


def reset_language(token: Token[str | None]) -> None:
    """Undo a :func:`set_language`."""
    _current.reset(token)


@contextmanager
def use_language(language: str | None) -> Iterator[str]:
    """Translate into ``language`` inside the ``with`` block; yields the language in force."""
    token = set_language(language)
    try:
        yield current_language()
    finally:
        reset_language(token)


@cache
def _compiled(domain: str, localedir: str, language: str) -> _gettext.NullTranslations:
    return _gettext.translation(domain, localedir=localedir, languages=[language], fallback=True)


def _format(text: str, kwargs: dict[str, Any]) -> str:
    return text.format(**kwargs) if kwargs else text


def N_(message: str, /) -> str:
    """Mark ``message`` for extraction without translating it (translate it later with ``_``)."""
    return message


class MessageCatalogue:
    """A gettext catalogue (``<localedir>/<language>/LC_MESSAGES/<domain>.mo``) that translates
    into the current language (:func:`current_language`); a message it lacks is shown as it is
    (its English msgid). The core's is :data:`CORE`; a plugin gets its own with
    :func:`catalogue_for`."""

    __slots__ = ("domain", "localedir")

    def __init__(self, domain: str, localedir: str | Path) -> None:
        self.domain = domain
        self.localedir = Path(localedir)

    def __repr__(self) -> str:
        return f"MessageCatalogue({self.domain!r}, {str(self.localedir)!r})"

    def translations(self, language: str) -> _gettext.NullTranslations:
        """The compiled catalogue of a language (an identity one if it is missing)."""
        return _compiled(self.domain, str(self.localedir), language)

    def gettext(self, message: str, /, **kwargs: Any) -> str:
        """``message`` translated into the current language, its ``{name}`` placeholders
        filled from ``kwargs``."""
        return _format(self.translations(current_language()).gettext(message), kwargs)

    def ngettext(self, singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
        """The singular or plural form for ``n`` (as the language counts), placeholders filled."""
        return _format(self.translations(current_language()).ngettext(singular, plural, n), kwargs)

    def pgettext(self, context: str, message: str, /, **kwargs: Any) -> str:
        """``message`` translated in a ``context`` (for a short word with several meanings)."""
        return _format(self.translations(current_language()).pgettext(context, message), kwargs)

    def lazy_gettext(self, message: str, /, **kwargs: Any) -> LazyString:
        """A :class:`LazyString` of this catalogue: translated when shown, not when defined."""
        return LazyString(message, kwargs, self)

    #: mark a message for extraction only (the same function as the module's ``N_``)
    N_ = staticmethod(N_)


#: the core's catalogue: ``qyx_platform/locale/<language>/LC_MESSAGES/qyx.mo``
CORE = MessageCatalogue(DOMAIN, LOCALE_DIR)


#: the folder of a plugin package that holds its catalogue (``locale/<language>/LC_MESSAGES``)
PLUGIN_LOCALE = "locale"


def catalogue_for(package: str) -> MessageCatalogue:
    """A plugin's own catalogue, found from its package's name (``__package__``, or
    ``__name__`` of any module in it): the gettext domain is the last part of the name
    (``qyx_plugins.bingyou`` → ``bingyou``) and the files are in the package's folder,
    ``locale/<language>/LC_MESSAGES/<domain>.mo`` (zh_CN and en). It translates into the same
    current language as the core's messages, a missing message or file falling back to the
    msgid. Bind its functions in the plugin, under the names the extraction looks for
    (docs/i18n.md)::

        CATALOGUE = catalogue_for(__package__)
        _, N_, lazy_gettext = CATALOGUE.gettext, CATALOGUE.N_, CATALOGUE.lazy_gettext

    A name that is no package's (a single-module plugin) raises :class:`PluginError`: such a
    plugin builds ``MessageCatalogue(domain, localedir)`` itself.
    """
    module = sys.modules.get(package) or importlib.import_module(package)
    if not hasattr(module, "__path__"):  # a module: its package
        package = module.__package__ or ""
        module = sys.modules[package] if package else module
    folders = list(getattr(module, "__path__", ()))
    if not folders:
        from qyx_platform.errors import PluginError

        raise PluginError(
            _(
                "catalogue_for({name}): a plugin's catalogue lives in a package (a folder with "
                "__init__.py and locale/); a single module builds MessageCatalogue(domain, localedir)",
                name=repr(module.__name__),
            )
        )
    return MessageCatalogue(package.rpartition(".")[2], Path(folders[0]) / PLUGIN_LOCALE)


def translations(language: str) -> _gettext.NullTranslations:
    """The core's compiled catalogue of a language (an identity one if it is missing)."""
    return CORE.translations(language)


def gettext(message: str, /, **kwargs: Any) -> str:
    """``message`` translated into the current language, its ``{name}`` placeholders filled
    from ``kwargs``."""
    return CORE.gettext(message, **kwargs)


_ = gettext


def ngettext(singular: str, plural: str, n: int, /, **kwargs: Any) -> str:
    """The singular or plural form for ``n`` (as the language counts), placeholders filled."""
    return CORE.ngettext(singular, plural, n, **kwargs)


def pgettext(context: str, message: str, /, **kwargs: Any) -> str:
    """``message`` translated in a ``context`` (for a short word with several meanings)."""
    return CORE.pgettext(context, message, **kwargs)


class LazyString:
    """A message translated each time it is turned into a string (for module-level constants:
    help texts, labels, rule descriptions), in the language in force at that moment, by its
    catalogue (the core's unless a plugin's :meth:`MessageCatalogue.lazy_gettext` made it)."""

    __slots__ = ("catalogue", "kwargs", "message")

    def __init__(
        self, message: str, kwargs: dict[str, Any], catalogue: MessageCatalogue | None = None
    ) -> None:
        self.message = message
        self.kwargs = kwargs
        self.catalogue = catalogue or CORE

    def __str__(self) -> str:
        return self.catalogue.gettext(self.message, **self.kwargs)

    def __repr__(self) -> str:
        return f"LazyString({self.message!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyString):
            return (
                self.message == other.message
                and self.kwargs == other.kwargs
                and (self.catalogue.domain, self.catalogue.localedir)
                == (other.catalogue.domain, other.catalogue.localedir)
            )
        return isinstance(other, str) and str(self) == other

    def __hash__(self) -> int:
        return hash(self.message)

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)

    def __mod__(self, other: object) -> str:
        return str(self) % other

    def format(self, *args: Any, **kwargs: Any) -> str:
        """Translate, then ``str.format``."""
        return str(self).format(*args, **kwargs)


def lazy_gettext(message: str, /, **kwargs: Any) -> LazyString:
    """A :class:`LazyString`: ``message`` translated when shown, not when defined."""
    return LazyString(message, kwargs)


#: a message as a rule, a plugin or the plan data gives it: text, or a :class:`LazyString`
#: translated when shown (``str(text)``, ``f"{text}"`` or a ``{placeholder}`` show either)
Text = str | LazyString


__all__ = [
    "CORE",
    "DEFAULT_LANGUAGE",
    "ENV_LANG",
    "LANGUAGES",
    "N_",
    "LazyString",
    "MessageCatalogue",
    "Text",
    "_",
    "catalogue_for",
    "current_language",
    "gettext",
    "lazy_gettext",
    "negotiate",
    "ngettext",
    "normalize",
    "pgettext",
    "reset_language",
    "set_language",
    "translations",
    "use_language",
]
