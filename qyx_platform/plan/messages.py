"""The texts of a plan.toml that a user reads as messages: the notes the core rules add to a
rejected value (``plausible_note``, ``whole_note``, ``population_note``) and the reasons
GraphQL shows for an indicator's polarity, accumulation, roll-up and frequency
(``*_reason``, also ``frequency_reason`` of a task target), see docs/plan-data.md. They are
written in English, as msgids of the plugin's own catalogue
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

import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from typing import IO, Any

from qyx_platform.i18n import MessageCatalogue, Text
from qyx_platform.plan.toml import DomainData

#: the topics an indicator gives a reason for (``<topic>_reason``); a task target: frequency
REASON_TOPICS = ("polarity", "accumulation", "rollup", "frequency")
#: the indicator keys of a plan.toml whose texts are messages
NOTE_KEYS = ("plausible_note", "whole_note", "population_note")
MESSAGE_KEYS = (*NOTE_KEYS, *(f"{topic}_reason" for topic in REASON_TOPICS))
#: the task-target keys whose texts are messages
TARGET_MESSAGE_KEYS = ("frequency_reason",)

#: where a message sits in the parsed file: ("indicators", i, key) or ("tasks", t, j, key)
Address = tuple[Any, ...]

_ARRAY_HEADER = re.compile(r"\s*\[\[\s*([A-Za-z0-9_.\s]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_.\s]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*([A-Za-z0-9_]+)\s*=")


def plan_messages(raw: Mapping[str, Any]) -> Iterator[tuple[Address, str]]:
    """(address, text) of every message of a parsed plan.toml: the indicators' notes and
    reasons, then the task targets' reasons."""
    for i, indicator in enumerate(_tables(raw, "indicators")):
        for key in MESSAGE_KEYS:
            if isinstance(text := indicator.get(key), str) and text:
                yield ("indicators", i, key), text
    for t, task in enumerate(_tables(raw, "tasks")):
        for j, target in enumerate(_tables(task, "targets")):
            for key in TARGET_MESSAGE_KEYS:
                if isinstance(text := target.get(key), str) and text:
                    yield ("tasks", t, j, key), text


def _tables(raw: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    found = raw.get(name, [])
    return [t if isinstance(t, Mapping) else {} for t in found] if isinstance(found, list) else []


def message_lines(source: str) -> dict[Address, int]:
    """The line (from 1) of each message key of a plan.toml, by address, read from the text:
    array-of-tables headers are counted (``[[indicators]]``, ``[[tasks]]``,
    ``[[tasks.targets]]``), what lies inside a multi-line string is skipped. A key written
    another way (in an inline table, as a dotted key) is not found here."""
    lines: dict[Address, int] = {}
    table: str | None = None
    indicator = task = target = -1
    open_string: str | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        starts_inside, open_string = open_string, _open_after(line, open_string)
        if starts_inside is not None:
            continue
        if header := _ARRAY_HEADER.match(line):
            table = re.sub(r"\s", "", header.group(1))
            if table == "indicators":
                indicator += 1
            elif table == "tasks":
                task, target = task + 1, -1
            elif table == "tasks.targets":
                target += 1
        elif _TABLE_HEADER.match(line):
            table = None
        elif key := _KEY.match(line):
            name = key.group(1)
            if table == "indicators" and name in MESSAGE_KEYS:
                lines.setdefault(("indicators", indicator, name), number)
            elif table == "tasks.targets" and name in TARGET_MESSAGE_KEYS:
                lines.setdefault(("tasks", task, target, name), number)
    return lines


def _open_after(line: str, open_string: str | None) -> str | None:
    """The multi-line string (its quotes, \"\"\" or ''') still open at the end of ``line``,
    given the one open at its start: a small TOML lexer of strings, escapes and comments."""
    i, end = 0, len(line)
    while i < end:
        if open_string is not None:  # inside a multi-line string: look for its end
            if open_string == '"""' and line[i] == "\\":
                i += 2
            elif line.startswith(open_string, i):
                i += 3
                while i < end and line[i] == open_string[0]:  # """a"""" ends with a quote in it
                    i += 1
                open_string = None
            else:
                i += 1
        elif line[i] == "#":
            break
        elif line.startswith('"""', i) or line.startswith("'''", i):
            open_string, i = line[i : i + 3], i + 3
        elif line[i] in "\"'":  # a one-line string: skip to its closing quote
            quote, i = line[i], i + 1
            while i < end and line[i] != quote:
                i += 2 if quote == '"' and line[i] == "\\" else 1
            i += 1
        else:
            i += 1
    return open_string


def extract_plan_toml(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method: (line, None, text, [key]) for each message of a plan.toml, in
    file order; the line is that of its key, counting from 1 (0 when the key is written in a
    form :func:`message_lines` does not read)."""
    source = fileobj.read().decode("utf-8")
    lines = message_lines(source)
    found = [
        (lines.get(address, 0), text, address[-1]) for address, text in plan_messages(tomllib.loads(source))
    ]
    for line, text, key in sorted(found, key=lambda m: m[0]):
        yield line, None, text, [key]


def translated(data: DomainData, catalogue: MessageCatalogue) -> DomainData:
    """``data`` with the notes and reasons of its indicators and task targets translated
    through ``catalogue`` when shown."""

    def lazy(text: Text) -> Text:
        return catalogue.lazy_gettext(text) if isinstance(text, str) and text else text

    indicators = tuple(
        replace(
            i,
            plausible_note=lazy(i.plausible_note),
            whole_note=lazy(i.whole_note),
            population_note=lazy(i.population_note),
            reasons=tuple((topic, lazy(reason)) for topic, reason in i.reasons),
        )
        for i in data.indicators
    )
    tasks = tuple(
        replace(
            task, targets=tuple(replace(t, frequency_reason=lazy(t.frequency_reason)) for t in task.targets)
        )
        for task in data.tasks
    )
    return replace(data, indicators=indicators, tasks=tasks)
