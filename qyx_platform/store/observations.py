"""The SQL of reporting: current revisions read set-wise, revisions and current values
written in bulk.

Rows travel as named tuples whose fields are the column names (:class:`NewRevision`,
:class:`NewHead`, :class:`HeadMove`, :class:`PendingMove`), so every value is matched to its
column by name, and a column added to a table cannot shift the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from qyx_platform.model import Jurisdiction, Plan, level_of, parent_of
from qyx_platform.store.bulk import insert_rows, update_rows
from qyx_platform.store.copy import copy_rows
from qyx_platform.store.tables import Base, CurrentValueRow, JurisdictionRow, ObservationRow

#: (indicator, jurisdiction, period, series key or '') of a stored value
Key = tuple[str, str, str, str]

_TABLES = Base.metadata.tables
OBSERVATIONS = _TABLES[ObservationRow.__tablename__]
CURRENT_VALUES = _TABLES[CurrentValueRow.__tablename__]
#: the primary key of current_values
HEAD_KEY = ("indicator_code", "jurisdiction_code", "series", "period_sort")


class NewRevision(NamedTuple):
    """A row of ``observations`` as written (values already in the driver's form)."""

    indicator_code: str
    jurisdiction_code: str
    period: str
    period_sort: int
    granularity: str
    year: int
    series: str
    revision: int
    value: str
    approved: Any
    reported_by: str
    reported_at: Any
    source: str
    note: str | None
    reporter_token: int | None
    forecast: Any


class LatestRevision(NamedTuple):
    """What decides whether a new row repeats a key's latest revision."""

    value: str
    note: str | None
    approved: bool
    withdrawn: bool
    rejected: bool
    forecast: bool


class NewHead(NamedTuple):
    """A row of ``current_values`` for a key reported for the first time."""

    indicator_code: str
    jurisdiction_code: str
    period: str
    series: str
    period_sort: int
    granularity: str
    year: int
    value: str | None
    revision: int | None
    latest_revision: int


class HeadMove(NamedTuple):
    """An approved revision becoming a key's current value."""

    value: str
    revision: int
    latest_revision: int
    indicator_code: str
    jurisdiction_code: str
    series: str
    period_sort: int


class PendingMove(NamedTuple):
    """A revision awaiting approval: only the key's latest revision number moves."""

    latest_revision: int
    indicator_code: str
    jurisdiction_code: str
    series: str
    period_sort: int


def current_revisions(
    session: Session, indicators: Iterable[str], jurisdictions: Iterable[str]
) -> dict[Key, tuple[int, str | None]]:
    """(latest revision, current value) of every stored key of these indicators and
    jurisdictions: one statement."""
    query = select(
        CurrentValueRow.indicator_code,
        CurrentValueRow.jurisdiction_code,
        CurrentValueRow.period,
        CurrentValueRow.series,
        CurrentValueRow.latest_revision,
        CurrentValueRow.value,
    ).where(
        CurrentValueRow.indicator_code.in_(set(indicators)),
        CurrentValueRow.jurisdiction_code.in_(set(jurisdictions)),
    )
    return {(i, j, p, s): (latest, v) for i, j, p, s, latest, v in session.execute(query)}


def latest_revisions(session: Session, keys: Sequence[Key]) -> dict[Key, LatestRevision]:
    """The latest revision of each stored key among ``keys`` (one statement: the revisions
    that are their key's ``latest_revision``, for the keys' indicators and jurisdictions)."""
    if not keys:
        return {}
    wanted = set(keys)
    o, c = ObservationRow, CurrentValueRow
    query = (
        select(
            o.indicator_code, o.jurisdiction_code, o.period, o.series,
            o.value, o.note, o.approved, o.withdrawn, o.rejected, o.forecast,
        )
        .join(
            c,
            (c.indicator_code == o.indicator_code)
            & (c.jurisdiction_code == o.jurisdiction_code)
            & (c.series == o.series)
            & (c.period_sort == o.period_sort)
            & (c.latest_revision == o.revision),
        )
        .where(
            o.indicator_code.in_({k[0] for k in wanted}),
            o.jurisdiction_code.in_({k[1] for k in wanted}),
        )
    )  # fmt: skip
    found: dict[Key, LatestRevision] = {}
    for i, j, p, s, *rest in session.execute(query):
        key = (i, j, p, s)
        if key in wanted:
            found[key] = LatestRevision(*rest)
    return found


def stored_jurisdictions(session: Session, codes: Iterable[str]) -> dict[str, Jurisdiction]:
    """The stored jurisdictions among ``codes`` (with their population), by code."""
    rows = session.scalars(select(JurisdictionRow).where(JurisdictionRow.code.in_(set(codes))))
    return {r.code: Jurisdiction(r.code, r.name, level_of(r.code), r.parent_code, r.population) for r in rows}


def ensure_jurisdictions(session: Session, plan: Plan, codes: Iterable[str]) -> None:
    """Create rows for valid codes not stored yet, with their parents (named from the plan
    where it knows them)."""
    wanted: set[str] = set()
    for code in codes:
        c: str | None = code
        while c is not None:
            wanted.add(c)
            c = parent_of(c)
    known = set(session.scalars(select(JurisdictionRow.code).where(JurisdictionRow.code.in_(wanted))))
    missing = wanted - known
    for code in sorted(missing, key=lambda c: (["province", "city", "county"].index(level_of(c).value), c)):
        j = plan.jurisdiction(code)
        session.add(
            JurisdictionRow(
                code=code,
                name=j.name if j else code,
                level=level_of(code).value,
                parent_code=parent_of(code),
                population=j.population if j else None,
            )
        )
    if missing:
        session.flush()


def insert_revisions(
    connection: Connection, rows: Sequence[NewRevision], progress: Callable[[int], None] | None = None
) -> None:
    """INSERT new revisions (values already converted for the driver); ``progress(n)`` as they
    go in."""
    insert_rows(connection, OBSERVATIONS, NewRevision._fields, rows, converted=True, progress=progress)


def copy_revisions(
    connection: Connection,
    rows: Iterable[NewRevision],
    progress: Callable[[int], None] | None = None,
    before_end: Callable[[], None] | None = None,
) -> None:
    """PostgreSQL: COPY new revisions as they are made (values already converted for the
    driver); ``before_end()`` runs once all are sent, before the server is asked to finish (an
    exception there abandons the COPY)."""
    copy_rows(connection, OBSERVATIONS.name, NewRevision._fields, rows, progress, before_end=before_end)


def write_heads(
    connection: Connection,
    new: Sequence[NewHead],
    approved: Sequence[HeadMove],
    pending: Sequence[PendingMove],
) -> None:
    """Keep ``current_values`` in step with the revisions just written."""
    insert_rows(connection, CURRENT_VALUES, NewHead._fields, new)
    update_rows(connection, CURRENT_VALUES, HeadMove._fields[:3], HEAD_KEY, approved)
    update_rows(connection, CURRENT_VALUES, PendingMove._fields[:1], HEAD_KEY, pending)


# the key columns travel last, in the order of the primary key
assert HeadMove._fields[3:] == HEAD_KEY and PendingMove._fields[1:] == HEAD_KEY
