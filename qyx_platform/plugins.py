"""Plugin manager: entry-point loading, the ``QYX_PLUGINS`` filter and a typed facade.

Start-up fails fast with a :class:`PluginError` naming the plugin when a plugin cannot be
imported, implements a hook the specs lack or with an argument the spec lacks, returns plan
data that does not parse, or clashes with another plugin (duplicate codes or GraphQL names).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, TypeVar

import pluggy

from qyx_platform import hookspecs
from qyx_platform.errors import PluginError, QyxError

ENTRY_POINT_GROUP = "qyx_platform"
ENV_FILTER = "QYX_PLUGINS"
BUILTIN_NAME = "qyx.builtin"

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT_NAME)

T = TypeVar("T")


@dataclass(frozen=True)
class PluginInfo:
    """What ``qyx plugins`` shows: a plugin's name, distribution version and hooks."""

    name: str
    version: str
    hooks: tuple[str, ...]


def selected_names(value: str | None, available: Iterable[str]) -> list[str]:
    """Entry-point names to load for a ``QYX_PLUGINS`` value.

    Unset, empty or ``all``: every installed plugin; ``none``: none; otherwise a comma list
    (``youyou,xueyou``). An unknown name is an error that lists the installed ones.
    """
    names = sorted(set(available))
    if value is None or value.strip().lower() in {"", "all"}:
        return names
    if value.strip().lower() == "none":
        return []
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise PluginError(
            f"{ENV_FILTER} names {', '.join(unknown)}, which is not installed; "
            f"installed: {', '.join(names) or 'none'}"
        )
    return wanted


def installed_entry_points() -> dict[str, EntryPoint]:
    """The installed entry points of the group, by name."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


class PluginManager:
    """A typed facade over pluggy: one method per hook, each answer checked and labelled."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}

    def register(self, plugin: object, name: str, version: str = "") -> None:
        """Register one plugin object or module; fail naming it when its hooks are wrong."""
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin {name!r}: {_one_line(exc)}") from None
        except ValueError as exc:
            raise PluginError(f"plugin {name!r} cannot be registered: {exc}") from None
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            raise PluginError(
                f"plugin {name!r}: {_one_line(exc)}; the hooks are listed in qyx_platform/hookspecs.py"
            ) from None
        self.versions[name] = version

    def load_entry_points(self, filter_value: str | None = None) -> None:
        """Load the installed plugins that ``QYX_PLUGINS`` (or ``filter_value``) selects."""
        available = installed_entry_points()
        value = filter_value if filter_value is not None else os.environ.get(ENV_FILTER)
        for name in selected_names(value, available):
            ep = available[name]
            try:
                plugin = ep.load()
            except QyxError as exc:
                raise PluginError(f"plugin {name!r} ({ep.value}): {exc}") from None
            except Exception as exc:
                raise PluginError(
                    f"plugin {name!r} ({ep.value}) failed to import: {type(exc).__name__}: {exc}"
                ) from None
            version = ep.dist.version if ep.dist is not None else ""
            self.register(plugin, name, version)

    def call(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call a collecting hook on every plugin; answers paired with the plugin's name.

        Results come in registration order. An exception inside a plugin becomes a
        PluginError naming the plugin.
        """
        out: list[tuple[str, Any]] = []
        caller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            name = self.pm.get_name(impl.plugin) or repr(impl.plugin)
            try:
                result = impl.function()
            except QyxError as exc:
                raise PluginError(f"plugin {name!r}, hook {hook_name}: {exc}") from None
            except Exception as exc:
                raise PluginError(
                    f"plugin {name!r}, hook {hook_name} failed: {type(exc).__name__}: {exc}"
                ) from None
            if result is not None:
                out.append((name, result))
        return out

    def call_with(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call a collecting hook that takes arguments on every plugin, each implementation
        given the arguments it names; answers paired with the plugin's name, as :meth:`call`."""
        out: list[tuple[str, Any]] = []
        caller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            name = self.pm.get_name(impl.plugin) or repr(impl.plugin)
            try:
                result = impl.function(*(kwargs[arg] for arg in impl.argnames))
            except QyxError as exc:
                raise PluginError(f"plugin {name!r}, hook {hook_name}: {exc}") from None
            except Exception as exc:
                raise PluginError(
                    f"plugin {name!r}, hook {hook_name} failed: {type(exc).__name__}: {exc}"
                ) from None
            if result is not None:
                out.append((name, result))
        return out

    def call_each(self, hook_name: str, kind: type[T]) -> list[tuple[str, T]]:
        """Call a hook returning sequences; flatten and check each item's type."""
        out: list[tuple[str, T]] = []
        for name, result in self.call(hook_name):
            items: Sequence[Any] = result if isinstance(result, list | tuple) else [result]
            for item in items:
                if not isinstance(item, kind):
                    raise PluginError(
                        f"plugin {name!r}, hook {hook_name}: returned {type(item).__name__}, "
                        f"expected {kind.__name__}"
                    )
                out.append((name, item))
        return out

    def call_first(self, hook_name: str) -> tuple[str, Any] | None:
        """The first non-None answer of a ``firstresult`` hook, newest plugin first."""
        answers = self.call(hook_name)
        return answers[-1] if answers else None

    def plugin_infos(self) -> list[PluginInfo]:
        """Name, version and implemented hooks of every registered plugin."""
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or []))
            infos.append(PluginInfo(name, self.versions.get(name, ""), hooks))
        return infos


def _one_line(exc: Exception) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def make_plugin_manager(
    extra: Iterable[tuple[str, object]] = (),
    *,
    entry_points_filter: str | None = None,
    load_entry_points: bool = True,
    builtin: Callable[[], object] | None = None,
) -> PluginManager:
    """The plugin manager with the built-in plugin, the installed plugins that
    ``QYX_PLUGINS`` selects, then ``extra`` (name, plugin) pairs, in that order."""
    from qyx_platform import builtin as builtin_module
    from qyx_platform import version

    manager = PluginManager()
    manager.register(builtin() if builtin else builtin_module, BUILTIN_NAME, version.__version__)
    if load_entry_points:
        manager.load_entry_points(entry_points_filter)
    for name, plugin in extra:
        manager.register(plugin, name)
    return manager
