"""The plugin seam: how a plugin extends qyx, and how the core calls it.

A qyx plugin is any object or module with functions marked ``@hookimpl`` whose names are
hooks of :mod:`qyx_platform.plugin.spec`. It is found through the entry-point group
``qyx_platform`` (``youyou = "qyx_plugins.youyou.plugin:plugin"``) and filtered by the
``QYX_PLUGINS`` setting (``all``, ``none`` or a comma list).

Author guide, in short (``docs/plugin_hooks.md`` has one section per hook):

* A domain plugin is usually one line: ``plugin = DomainPlugin(Path(__file__).with_name(
  "plan.toml"), rules=RULES, graphql_types=TYPES, graphql_fields=FIELDS)``;
  :class:`~qyx_platform.DomainPlugin` implements every hook from the plan data file.
* Import only from ``qyx_platform`` itself (its ``__init__`` is the public API: ``Platform``,
  ``DomainPlugin``, ``hookimpl``, ``QueryField``, ``Info``, the model types, the rules and
  the errors).
* Resolvers take ``info: Info`` (``strawberry.Info`` of the core's context) and read the plan
  with ``info.context.plan``.
* Hooks are called through pluggy: ``@hookimpl(wrapper=True)`` wrappers, ``tryfirst`` and
  ``trylast`` work as pluggy documents them. Start-up fails fast with a ``PluginError``
  naming the plugin when its hooks or its answers are wrong.

Layout: :mod:`~qyx_platform.plugin.spec` (every hook), :mod:`~qyx_platform.plugin.manager`
(entry points, the filter, one typed method per hook), :mod:`~qyx_platform.plugin.domain`
(``DomainPlugin``), :mod:`~qyx_platform.plugin.graphql` (``QueryField`` and helpers for
plugin resolvers), :mod:`~qyx_platform.plugin.builtin` (the plan document and jurisdictions
shipped in ``plugin/data/``).
"""

from __future__ import annotations

import pluggy

#: pluggy project name of the hooks
NAME = "qyx"
#: marks a function or method as the implementation of a hook of :mod:`qyx_platform.plugin.spec`
hookimpl = pluggy.HookimplMarker(NAME)

__all__ = ["NAME", "hookimpl"]
