"""The cost of a GraphQL operation, priced before it runs, and the page-size cap.

:class:`QueryCostLimiter` adds a validation rule that prices an operation (fragments
expanded, costs multiplied through lists) and caps page sizes (``first`` and ``last``
arguments); :mod:`qyx_platform.graphql.hardening` puts it in the schema's extensions.

Cost model: a field named in :data:`FIELD_COSTS` that has a selection set costs its weight;
every other field (and every leaf, such as ``Problem.status``) costs nothing. The weight is
multiplied by the estimated length of every list the field sits in: the page argument
(``first``/``last``, given or the schema's default) of a paged field, whose connection's
``edges``/``nodes`` then add no factor of their own, else :data:`LIST_SIZES` or
:data:`DEFAULT_LIST_SIZE`. With the defaults, the dashboard's matrix query (a parent's children
× ``indicatorStates``) costs 201 and one ``scoreboard`` 150, so ten aliased scoreboards (1 500)
exceed the limit of 1 000, as do a province's grandchildren × ``indicatorStates`` (4 021).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    ValidationContext,
    ValidationRule,
    ValueNode,
    VariableNode,
    parse,
)
from graphql.type import get_named_type
from strawberry.extensions import (
    SchemaExtension,
)

from qyx_platform.i18n import _

#: weight of the fields that read and evaluate many values
FIELD_COSTS: Mapping[str, int] = {
    "scoreboard": 150,
    "indicatorStates": 10,
    "timeline": 10,
    "status": 2,
    "children": 1,
}
#: estimated length of list fields without a page argument
LIST_SIZES: Mapping[str, int] = {"children": 20}
#: estimated length of any other list field
DEFAULT_LIST_SIZE = 10
#: arguments taken as a page size: capped, and used as the list length in the cost
PAGE_ARGUMENTS = ("first", "last")
#: list fields of a connection whose length the page argument already gave
CONNECTION_LISTS = frozenset({"edges", "nodes"})


# -- cost and page size -------------------------------------------------------------------


def _literal_int(
    node: ValueNode | None, variables: Mapping[str, Any], defaults: Mapping[str, int]
) -> int | None:
    """The int an argument value stands for (a literal, or a variable's value or default),
    or None when it is not an int."""
    if isinstance(node, IntValueNode):
        try:
            return int(node.value)
        except ValueError:
            return None
    if isinstance(node, VariableNode):
        name = node.name.value
        value = variables.get(name, defaults.get(name))
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _unwrap_non_null(type_: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _variable_defaults(definitions: Iterable[Any]) -> dict[str, int]:
    """Int default values of the variables of every operation in the document."""
    defaults: dict[str, int] = {}
    for definition in definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for var in definition.variable_definitions or ():
            if isinstance(var.default_value, IntValueNode):
                try:
                    value = int(var.default_value.value)
                except ValueError:
                    continue
                name = var.variable.name.value
                defaults[name] = max(value, defaults.get(name, value))
    return defaults


class _Pricer:
    """Prices selection sets, expanding fragments (each fragment priced once)."""

    def __init__(
        self,
        context: ValidationContext,
        variables: Mapping[str, Any],
        defaults: Mapping[str, int],
        max_page_size: int,
    ) -> None:
        self.schema = context.schema
        self.fragments = {
            d.name.value: d for d in context.document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        self.defaults = defaults
        self.max_page_size = max_page_size
        self._fragment_costs: dict[str, int] = {}
        self._pricing: set[str] = set()

    def page_size(self, node: FieldNode, definition: GraphQLField | None) -> int | None:
        """The page argument of a field (given, else the schema's default), capped at the
        largest page; None for a field without one."""
        for argument in node.arguments or ():
            if argument.name.value in PAGE_ARGUMENTS:
                value = _literal_int(argument.value, self.variables, self.defaults)
                if value is None:  # a variable without a usable value: assume a full page
                    return self.max_page_size
                return max(0, min(value, self.max_page_size))
        for name in PAGE_ARGUMENTS:
            declared = None if definition is None else definition.args.get(name)
            if declared is not None:
                default = declared.default_value
                if isinstance(default, int) and not isinstance(default, bool):
                    return max(0, min(default, self.max_page_size))
                return self.max_page_size
        return None

    def _named(self, name: str | None, fallback: GraphQLNamedType | None) -> GraphQLNamedType | None:
        return fallback if name is None else self.schema.get_type(name)

    def price(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        *,
        paged: bool = False,
    ) -> int:
        """Cost of a selection set on ``parent`` (once, not multiplied by enclosing lists).

        ``paged``: the selection set is a connection whose page argument already counted.
        """
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._price_field(selection, parent, paged)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self._named(condition.name.value if condition else None, parent)
                total += self.price(selection.selection_set, target, paged=paged)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._price_fragment(selection.name.value, paged)
        return total

    def _price_fragment(self, name: str, paged: bool) -> int:
        fragment = self.fragments.get(name)
        if fragment is None or name in self._pricing:  # unknown or cyclic: other rules report it
            return 0
        key = f"{name}\0{paged}"
        if key not in self._fragment_costs:
            self._pricing.add(name)
            target = self.schema.get_type(fragment.type_condition.name.value)
            self._fragment_costs[key] = self.price(fragment.selection_set, target, paged=paged)
            self._pricing.discard(name)
        return self._fragment_costs[key]

    def _price_field(self, node: FieldNode, parent: GraphQLNamedType | None, paged: bool) -> int:
        name = node.name.value
        if name.startswith("__"):  # introspection and __typename
            return 0
        if node.selection_set is None:  # leaves cost nothing (Problem.status is an enum)
            return 0
        cost = FIELD_COSTS.get(name, 0)
        definition: GraphQLField | None = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        field_type = None if definition is None else definition.type
        is_list = field_type is not None and isinstance(_unwrap_non_null(field_type), GraphQLList)
        page = self.page_size(node, definition)
        if page is not None:
            factor = page
        elif is_list and not (paged and name in CONNECTION_LISTS):
            factor = LIST_SIZES.get(name, DEFAULT_LIST_SIZE)
        else:
            factor = 1
        child = None if field_type is None else get_named_type(field_type)
        return cost + factor * self.price(node.selection_set, child, paged=page is not None)


def query_cost(
    schema: GraphQLSchema,
    query: str,
    variables: Mapping[str, Any] | None = None,
    max_page_size: int = 100,
) -> int:
    """The cost of the costliest operation of a GraphQL document (to size the limits)."""
    document = parse(query)
    context = ValidationContext(schema, document, TypeInfo(schema), lambda _error: None)
    defaults = _variable_defaults(document.definitions)
    pricer = _Pricer(context, variables or {}, defaults, max_page_size)
    costs = [
        pricer.price(d.selection_set, schema.get_root_type(d.operation))
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    return max(costs, default=0)


def cost_rule(
    max_cost: int, max_page_size: int, variables: Mapping[str, Any] | None = None
) -> type[ValidationRule]:
    """A validation rule refusing operations that cost more than ``max_cost`` and page
    arguments (``first``, ``last``) outside 0..``max_page_size``. ``variables``: the request's
    variable values, so that ``first: $n`` is checked too."""
    values: Mapping[str, Any] = variables or {}

    class QueryCostRule(ValidationRule):
        """Prices every operation of the document; checks every page argument."""

        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.defaults = _variable_defaults(context.document.definitions)
            self.pricer = _Pricer(context, values, self.defaults, max_page_size)

        def enter_field(self, node: FieldNode, *_args: object) -> None:
            for argument in node.arguments or ():
                if argument.name.value not in PAGE_ARGUMENTS:
                    continue
                value = _literal_int(argument.value, values, self.defaults)
                if value is not None and not 0 <= value <= max_page_size:
                    self.report_error(
                        GraphQLError(
                            _(
                                "{field}({argument}: {value}): pages hold 0 to {most} items; "
                                "ask for the next page with a cursor",
                                field=node.name.value,
                                argument=argument.name.value,
                                value=value,
                                most=max_page_size,
                            ),
                            argument,
                        )
                    )

        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: object) -> None:
            root = self.context.schema.get_root_type(node.operation)
            cost = self.pricer.price(node.selection_set, root)
            if cost > max_cost:
                name = _("operation {name}", name=repr(node.name.value)) if node.name else _("the operation")
                self.report_error(
                    GraphQLError(
                        _(
                            "{operation} costs {cost}, more than the limit of {most}: ask for fewer "
                            "scoreboards, states, timelines or statuses at once (costs: {costs}; "
                            "multiplied by the length of the lists they sit in)",
                            operation=name,
                            cost=cost,
                            most=max_cost,
                            costs=", ".join(f"{k} {v}" for k, v in FIELD_COSTS.items()),
                        ),
                        node,
                    )
                )

    return QueryCostRule


class QueryCostLimiter(SchemaExtension):
    """Adds :func:`cost_rule` to validation, bound to the request's variables."""

    def __init__(self, max_cost: int, max_page_size: int) -> None:
        self.max_cost = max_cost
        self.max_page_size = max_page_size

    def on_operation(self) -> Iterator[None]:
        """Add the rule before validation runs."""
        context = self.execution_context
        rule = _shared_cost_rule(self.max_cost, self.max_page_size, _variables_key(context.variables))
        context.validation_rules = (*context.validation_rules, rule)
        yield


def _variables_key(variables: Mapping[str, Any] | None) -> str:
    return json.dumps(variables or {}, sort_keys=True, default=str)


@lru_cache(maxsize=256)
def _shared_cost_rule(max_cost: int, max_page_size: int, variables_json: str) -> type[ValidationRule]:
    """One rule class per distinct variables, so that validation results can be cached (the
    validation cache keys on the rule classes)."""
    return cost_rule(max_cost, max_page_size, json.loads(variables_json))
