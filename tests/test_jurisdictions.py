"""Jurisdictions: the home province by GB/T 2260 code, parents implied by codes."""

from __future__ import annotations

import pytest
from conftest import GraphQLClient

from qyx_platform import Role, level_of, load_plan, parent_of
from qyx_platform.model import Level


def test_home_province_is_known_by_name() -> None:
    plan = load_plan()
    assert plan.jurisdiction("331126").name == "庆元县"  # type: ignore[union-attr]
    lishui = [j.name for j in plan.children("331100")]
    assert len(lishui) == 9 and "庆元县" in lishui and "龙泉市" in lishui
    assert len(plan.children("330000")) == 11
    assert all(j.code.startswith("33") for j in plan.jurisdictions)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [("330000", Level.PROVINCE, None), ("331100", Level.CITY, "330000"), ("331126", Level.COUNTY, "331100")],
)
def test_codes_imply_level_and_parent(code: str, level: Level, parent: str | None) -> None:
    assert level_of(code) is level and parent_of(code) == parent


def test_values_for_any_county_of_the_province_but_not_outside(sqlite_client: GraphQLClient) -> None:
    client = sqlite_client
    admin = client.token(Role.ADMIN, None)
    mutation = (
        "mutation($i:[ObservationInput!]!){ reportObservations(input:$i){ __typename "
        "... on ReportRejected { errors { index field message } } } }"
    )
    rows = [
        {"indicator": "1", "period": "2025", "value": "4", "jurisdiction": "331102"},
        {"indicator": "1", "period": "2025", "value": "4", "jurisdiction": "110101"},
        {"indicator": "1", "period": "2025", "value": "4", "jurisdiction": "33110"},
    ]
    result = client.data(mutation, {"i": rows}, admin)["reportObservations"]
    assert [(e["index"], e["field"]) for e in result["errors"]] == [(1, "jurisdiction"), (2, "jurisdiction")]
    ok = client.data(mutation, {"i": rows[:1]}, admin)["reportObservations"]
    assert ok["__typename"] == "ReportAccepted"
    data = client.data('{ jurisdiction(code:"331102"){ name level parent { name } } }')
    assert data["jurisdiction"] == {"name": "莲都区", "level": "COUNTY", "parent": {"name": "丽水市"}}
