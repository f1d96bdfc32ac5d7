"""Assemble the one GraphQL schema from the core and the plugins, checking name collisions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import strawberry
from strawberry.exceptions import DuplicatedTypeName
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import create_type
from strawberry.types.field import StrawberryField

from qyx_platform.errors import PluginError
from qyx_platform.graphql import root
from qyx_platform.graphql.access import ReadAccess, RefuseNulBytes
from qyx_platform.graphql.errorlog import QyxSchema, TruncateMessages
from qyx_platform.graphql.scalars import SCALAR_MAP
from qyx_platform.i18n import _
from qyx_platform.plan.catalogue import Catalogue

ExtensionFactory = Callable[[], SchemaExtension] | type[SchemaExtension]


def _named(resolver: Callable[..., Any], name: str, description: str) -> StrawberryField:
    f = cast(StrawberryField, strawberry.field(resolver=resolver, name=name, description=description or None))
    f.python_name = resolver.__name__
    return f


def build_schema(catalogue: Catalogue, extensions: Sequence[ExtensionFactory] = ()) -> strawberry.Schema:
    """The unified schema: core Query and Mutation fields plus every plugin's fields and types.

    A plugin field or type whose GraphQL name is already taken stops start-up with a
    PluginError naming the plugin (strawberry would otherwise merge or drop it silently).
    """
    fields = list(root.query_fields())
    taken = {f.graphql_name or f.python_name: "core" for f in fields}
    for plugin, qf in catalogue.graphql_fields:
        if qf.name in taken:
            raise PluginError(
                _(
                    "plugin {name}: Query field {field} is already defined by {owner}",
                    name=repr(plugin),
                    field=repr(qf.name),
                    owner=repr(taken[qf.name]),
                )
            )
        taken[qf.name] = plugin
        try:
            field = _named(qf.resolver, qf.name, qf.description)
            _resolved = field.arguments, field.type  # strawberry resolves annotations lazily
        except Exception as exc:
            raise PluginError(
                _(
                    "plugin {name}: Query field {field}: {problem}",
                    name=repr(plugin),
                    field=repr(qf.name),
                    problem=exc,
                )
            ) from None
        fields.append(field)
    query = create_type("Query", fields, description="Read the plan and where it stands.")
    mutation = create_type("Mutation", list(root.mutation_fields()), description="Report and manage.")
    owners: dict[str, tuple[str, type]] = {}
    for plugin, t in catalogue.graphql_types:
        definition = getattr(t, "__strawberry_definition__", None)
        if definition is None:
            raise PluginError(
                _("plugin {name}: {type} is not a strawberry type", name=repr(plugin), type=repr(t))
            )
        if definition.name in owners:
            raise PluginError(
                _(
                    "plugin {name}: GraphQL type {type} is already defined by {owner}",
                    name=repr(plugin),
                    type=repr(definition.name),
                    owner=repr(owners[definition.name][0]),
                )
            )
        owners[definition.name] = (plugin, t)
    try:
        schema = QyxSchema(
            query=query,
            mutation=mutation,
            types=[t for _plugin, t in owners.values()],
            extensions=[ReadAccess, RefuseNulBytes, TruncateMessages, *extensions],
            config=StrawberryConfig(scalar_map=SCALAR_MAP),
        )
    except DuplicatedTypeName as exc:
        # a plugin type named like a core type: strawberry names the classes, we the plugin
        classes = {getattr(exc, "first_cls", None), getattr(exc, "second_cls", None)}
        plugin, name = next(((p, n) for n, (p, t) in owners.items() if t in classes), ("?", "?"))
        raise PluginError(
            _(
                "plugin {name}: GraphQL type {type} is already defined by the core",
                name=repr(plugin),
                type=repr(name),
            )
        ) from None
    for name, (plugin, t) in owners.items():
        found = schema.get_type_by_name(name)
        if found is None or getattr(found, "origin", None) is not t:
            raise PluginError(
                _(
                    "plugin {name}: type {type} did not reach the schema as given",
                    name=repr(plugin),
                    type=repr(name),
                )
            )
    return schema


def print_sdl(schema: strawberry.Schema) -> str:
    """The schema as SDL text, ending with one newline (the form of schema/schema.graphql)."""
    return schema.as_str().rstrip("\n") + "\n"
