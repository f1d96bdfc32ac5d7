"""The messages of a plan.toml (notes and reasons): the Babel extractor finds each one with
the line of its key, and the reasons GraphQL shows are in the user's language."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from conftest import GraphQLClient
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import load_catalogue
from qyx_platform.i18n import use_language
from qyx_platform.plan.messages import MESSAGE_KEYS, TARGET_MESSAGE_KEYS, extract_plan_toml

ROOT = Path(__file__).resolve().parent.parent

#: notes in another order than MESSAGE_KEYS, a series table between, a comment and a
#: multi-line string that look like keys, and task targets with their reasons
PLAN = '''[domain]
code = "demo"

[[indicators]]
code = "demo.a"
whole_note = "count whole things"
# plausible_note = "a comment, not a message"
plausible_note = """a long note
population_note = "inside the string, not a key"
ends here"""
rollup_reason = "jurisdictions add up"

[[indicators.series]]
key = "x"
plausible_note_like = "no"

[[indicators]]
code = "demo.b"
frequency_reason = "counted every quarter"
plausible_note = ""
polarity_reason = "more is better"

[[tasks]]
number = 1

[[tasks.targets]]
code = "demo.t1"
frequency_reason = "confirmed once a year"

[[tasks]]
number = 2

[[tasks.targets]]
code = "demo.t2"

[[tasks.targets]]
code = "demo.t3"
  frequency_reason   =   "checked at the annual summary"
'''


def extracted(text: str) -> list[tuple[int, str, str]]:
    """(line, message, key) as Babel receives them."""
    found = extract_plan_toml(io.BytesIO(text.encode("utf-8")), [], [], {})
    return [(line, message, key) for line, _context, message, (key,) in found]


def test_the_extractor_gives_each_message_with_the_line_of_its_key() -> None:
    assert extracted(PLAN) == [
        (6, "count whole things", "whole_note"),
        (8, 'a long note\npopulation_note = "inside the string, not a key"\nends here', "plausible_note"),
        (11, "jurisdictions add up", "rollup_reason"),
        (19, "counted every quarter", "frequency_reason"),
        (21, "more is better", "polarity_reason"),
        (28, "confirmed once a year", "frequency_reason"),
        (38, "checked at the annual summary", "frequency_reason"),
    ]


def test_a_key_written_inline_is_extracted_at_line_0() -> None:
    text = 'indicators = [{ code = "demo.a", whole_note = "count whole things" }]\n'
    assert extracted(text) == [(0, "count whole things", "whole_note")]


def _toml(text: str, form: str) -> str:
    """``text`` as a TOML string of a form (``basic``, ``literal``, ``multi`` basic or
    ``multi_literal``), or as a basic string when that form cannot hold it."""
    if form == "literal" and "'" not in text and "\n" not in text:
        return f"'{text}'"
    if form == "multi_literal" and "'''" not in text and not text.endswith("'"):
        return f"'''\n{text}'''"
    if form == "multi":
        return '"""\n' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'
    return json.dumps(text, ensure_ascii=False)  # JSON's escapes are TOML's


#: texts made of pieces that look like TOML: quotes, escapes, comments, headers, keys
PIECES = [*"ab =[]#\n\\\"'", "住", "_note = ", "[[tasks]]", "\n[[tasks]]", '"""', "'''"]
messages = st.tuples(
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
    st.sampled_from(["basic", "literal", "multi", "multi_literal"]),
)
entries = st.lists(
    st.tuples(st.sampled_from(["code", *MESSAGE_KEYS]), messages), max_size=5, unique_by=lambda e: e[0]
)


@given(st.lists(entries, max_size=4), st.lists(st.lists(messages, max_size=3), max_size=3))
def test_every_generated_message_is_found_at_its_line(
    indicators: list[list[tuple[str, tuple[str, str]]]], tasks: list[list[tuple[str, str]]]
) -> None:
    lines: list[str] = ['[domain]\ncode = "demo"']
    expected: list[tuple[int, str, str]] = []

    def add(key: str, message: tuple[str, str], kind: tuple[str, ...]) -> None:
        text, form = message
        if key in kind and text:
            expected.append((len("\n".join(lines).splitlines()) + 1, text, key))
        lines.append(f"{key} = {_toml(text, form)}")

    for indicator in indicators:
        lines.append("[[indicators]]")
        for key, message in indicator:
            add(key, message, MESSAGE_KEYS)
        lines.append('[[indicators.series]]\nkey = "x"')
    for targets in tasks:
        lines.append("[[tasks]]\nnumber = 1")
        for message in targets:
            lines.append("[[tasks.targets]]")
            add("frequency_reason", message, TARGET_MESSAGE_KEYS)
    assert extracted("\n".join(lines) + "\n") == expected


def test_every_message_of_the_seven_plan_files_is_found_at_its_key() -> None:
    for path in sorted((ROOT / "plugins").glob("*/plan.toml")):
        source = path.read_text(encoding="utf-8").splitlines()
        found = extracted(path.read_text(encoding="utf-8"))
        keys = [n for n, line in enumerate(source, start=1) if re.match(r"\w+_(note|reason) = \"[^\"]", line)]
        assert [line for line, _text, _key in found] == keys, path
        assert all(source[line - 1].startswith(f"{key} = ") for line, _text, key in found), path


# -- reasons in the user's language ------------------------------------------------------------

REASONS = """query { indicator(code: "youyou.childcare_places_per_1000") { reasons }
  domain(code: "bingyou") { tasks { targets { code frequencyReason } } } }"""


def test_graphql_gives_the_plan_reasons_in_the_requested_language(sqlite_client: GraphQLClient) -> None:
    def answer(language: str) -> tuple[list[str], str]:
        response = sqlite_client.http.post(
            "/graphql", json={"query": REASONS}, headers={"Accept-Language": language}
        )
        data = response.json()["data"]
        targets = {
            t["code"]: t["frequencyReason"] for task in data["domain"]["tasks"] for t in task["targets"]
        }
        return data["indicator"]["reasons"], targets["bingyou.hospital_tertiary_level"]

    (zh_reasons, zh_target), (en_reasons, en_target) = answer("zh-CN"), answer("en")
    assert "rollup: a per-capita ratio: combine jurisdictions weighted by population" in en_reasons
    assert "rollup: 人均比值：各地区按人口加权合并" in zh_reasons
    assert len(zh_reasons) == len(en_reasons) == 4
    assert en_target.startswith("a yes/no target (1 done, 0 not yet)")
    assert zh_target.startswith("是否类目标（1 已完成，0 尚未完成）")


def test_every_reason_of_the_plan_reads_differently_in_chinese() -> None:
    """No indicator's or task target's reason is left to English (a missing translation)."""
    _manager, catalogue = load_catalogue()
    reasons = [r for i in catalogue.plan.indicators for _t, r in i.reasons if r]
    reasons += [
        t.frequency_reason for task in catalogue.plan.tasks for t in task.targets if t.frequency_reason
    ]
    assert len(reasons) > 150
    same = []
    for reason in reasons:
        with use_language("zh_CN"):
            chinese = str(reason)
        with use_language("en"):
            english = str(reason)
        if chinese == english:
            same.append(english)
    assert same == []
