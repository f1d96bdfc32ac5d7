"""The extensions of a hardened schema: parse and validation caches, depth, token, alias and
cost limits, error masking, and in production no introspection and no suggestions.

:func:`hardening_extensions` returns them as per-request factories, which the web app passes
to :func:`qyx_platform.graphql.schema.build_schema`. The depth and alias limits follow
fragment spreads; the cost limit is :mod:`qyx_platform.graphql.cost`; error masking is
:mod:`qyx_platform.graphql.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator

from qyx_platform.config import Settings
from qyx_platform.graphql.cost import QueryCostLimiter
from qyx_platform.graphql.errors import HideSuggestions, QyxMaskErrors

ExtensionFactory = Callable[[], SchemaExtension]


def hardening_extensions(settings: Settings) -> list[ExtensionFactory]:
    """The extensions of a hardened schema, as per-request factories. Parsing and validation
    are cached (the same dashboard queries arrive again and again); the cost rule is keyed on
    the request's variables, so a cached validation never skips a page or cost check."""
    # the depth and alias rules are built once (QueryDepthLimiter and MaxAliasesLimiter would
    # make new rule classes per request, and the validation cache keys on the rule classes)
    shared_rules: list[type[ASTValidationRule]] = [
        depth_validator(settings.max_query_depth, None),
        alias_validator(settings.max_aliases),
    ]
    factories: list[ExtensionFactory] = [
        partial(ParserCache, maxsize=256),
        partial(ValidationCache, maxsize=256),
        partial(AddValidationRules, shared_rules),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(QueryCostLimiter, settings.max_cost, settings.max_page_size),
        QyxMaskErrors,
    ]
    if settings.production:
        factories += [DisableIntrospection, HideSuggestions]
    return factories
