"""The three questions of the benchmark (Q1-Q3 of tests/contract/province.graphql) as GraphQL
request bodies for the platform and as paths of the floors."""

from __future__ import annotations

import dataclasses
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphql

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "tests" / "contract" / "province.graphql"

#: the questions asked: Q1 for one year, Q2 and Q3 for indicator 12 (two series)
YEAR = 2025
INDICATOR = "bingyou.inpatient_reimbursement_rate"
PERIOD = "2025-09"
QUERIES = ("q1", "q2", "q3")
NAMES = {"q1": "Q1 matrix", "q2": "Q2 timeline", "q3": "Q3 detail"}


def _operation(doc: graphql.DocumentNode, name: str) -> graphql.OperationDefinitionNode:
    for d in doc.definitions:
        if isinstance(d, graphql.OperationDefinitionNode) and d.name and d.name.value == name:
            return d
    raise KeyError(name)


def _with_literal(field: graphql.FieldNode, alias: str, arg: str, value: str) -> graphql.FieldNode:
    """A copy of ``field`` under ``alias`` with argument ``arg`` set to the string ``value``."""
    arguments = tuple(
        graphql.ArgumentNode(name=a.name, value=graphql.StringValueNode(value=value))
        if a.name.value == arg
        else a
        for a in field.arguments
    )
    return dataclasses.replace(field, alias=graphql.NameNode(value=alias), arguments=arguments)


@dataclass
class Queries:
    """The GraphQL request bodies and the floor URLs of Q1-Q3 for a layout.

    With one parent city each request carries the contract's operation as written in
    tests/contract/province.graphql (that operation only, as a client sends it). With several (N > 99
    does not fit in one city), Q1 and Q2 are the contract's selections repeated once per city
    under an alias (``p331100: jurisdiction(code: "331100") {…}``), in one request, so that one
    request still answers for every county."""

    parents: list[str]
    text: str = field(default_factory=lambda: CONTRACT.read_text(encoding="utf-8"))

    def operation_text(self, name: str) -> str:
        """One operation of the contract file, exactly as written there (a client sends the
        operation it runs, not the whole file)."""
        op = _operation(graphql.parse(self.text), name)
        assert op.loc is not None
        return self.text[op.loc.start : op.loc.end] + "\n"

    def body(self, q: str) -> dict[str, Any]:
        if q == "q3":
            return {
                "query": self.operation_text("Detail"),
                "operationName": "Detail",
                "variables": {"code": INDICATOR, "period": PERIOD},
            }
        if len(self.parents) == 1:
            if q == "q1":
                return {
                    "query": self.operation_text("Matrix"),
                    "operationName": "Matrix",
                    "variables": {"parent": self.parents[0], "year": YEAR},
                }
            return {
                "query": self.operation_text("Timeline"),
                "operationName": "Timeline",
                "variables": {"code": INDICATOR, "parent": self.parents[0]},
            }
        doc = graphql.parse(self.text)
        if q == "q1":
            op = _operation(doc, "Matrix")
            base = op.selection_set.selections[0]
            top: tuple[Any, ...] = tuple(_with_literal(base, f"p{p}", "code", p) for p in self.parents)
            variables: dict[str, Any] = {"year": YEAR}
        else:
            op = _operation(doc, "Timeline")
            indicator = op.selection_set.selections[0]
            fields: list[Any] = []
            for sel in indicator.selection_set.selections:
                if sel.name.value == "timeline":
                    fields += [_with_literal(sel, f"t{p}", "under", p) for p in self.parents]
                else:
                    fields.append(sel)
            top = (
                dataclasses.replace(
                    indicator, selection_set=graphql.SelectionSetNode(selections=tuple(fields))
                ),
            )
            variables = {"code": INDICATOR}
        op = dataclasses.replace(
            op,
            selection_set=graphql.SelectionSetNode(selections=top),
            variable_definitions=tuple(
                v for v in op.variable_definitions if v.variable.name.value != "parent"
            ),
        )
        text = graphql.print_ast(graphql.DocumentNode(definitions=(op,)))
        return {"query": text, "operationName": op.name.value, "variables": variables}

    def floor_path(self, q: str) -> str:
        parents = ",".join(self.parents)
        if q == "q1":
            return f"/q1?parents={parents}&year={YEAR}"
        if q == "q2":
            return f"/q2?code={urllib.parse.quote(INDICATOR)}&parents={parents}"
        return f"/q3?code={urllib.parse.quote(INDICATOR)}&period={PERIOD}"
