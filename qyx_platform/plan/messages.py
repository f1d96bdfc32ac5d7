"""The texts of a plan.toml that a user reads as messages: the notes the core rules add to a
rejected value (``plausible_note``, ``whole_note``, ``population_note``, see
docs/plan-data.md). They are written in English, as msgids of the plugin's own catalogue
(:func:`qyx_platform.i18n.catalogue_for`), and shown in the user's language.

:func:`extract_plan_toml` is a Babel extraction method, so ``pybabel extract`` finds them::

    # babel.cfg
    [extractors]
    plan_toml = qyx_platform.plan.messages:extract_plan_toml

    [python: **.py]
    [plan_toml: **/plan.toml]

:func:`translated` binds them to the catalogue (``DomainPlugin(..., catalogue=...)`` does it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from typing import IO, Any

from qyx_platform.i18n import MessageCatalogue, Text
from qyx_platform.plan.toml import DomainData

#: the indicator keys of a plan.toml whose texts are messages
MESSAGE_KEYS = ("plausible_note", "whole_note", "population_note")


def plan_messages(raw: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, text) of every message of a parsed plan.toml, in file order."""
    for indicator in raw.get("indicators", []):
        if isinstance(indicator, Mapping):
            for key in MESSAGE_KEYS:
                text = indicator.get(key)
                if isinstance(text, str) and text:
                    yield key, text


def extract_plan_toml(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method: (line, None, text, comments) for each message of a plan.toml
    (the line of its key, counting from 1)."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    start = 0
    for key, text in plan_messages(tomllib.loads(source)):
        line = next(
            (n for n in range(start, len(lines)) if lines[n].lstrip().startswith(key)),
            start,
        )
        start = line + 1
        yield line + 1, None, text, [key]


def translated(data: DomainData, catalogue: MessageCatalogue) -> DomainData:
    """``data`` with the notes of its indicators translated through ``catalogue`` when shown."""

    def lazy(text: Text) -> Text:
        return catalogue.lazy_gettext(text) if isinstance(text, str) and text else text

    indicators = tuple(
        replace(
            i,
            plausible_note=lazy(i.plausible_note),
            whole_note=lazy(i.whole_note),
            population_note=lazy(i.population_note),
        )
        for i in data.indicators
    )
    return replace(data, indicators=indicators)
