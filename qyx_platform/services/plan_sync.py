"""Sync the plugins' plan into the database, idempotently.

Plan rows are upserted by code; a plan cell or task target that disappeared is deleted (the
plan owns them), while an indicator or domain that disappeared is only marked ``retired`` so
that nothing reported against it is lost. Running the sync twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qyx_platform.model import Plan
from qyx_platform.store.tables import (
    Base,
    DomainRow,
    IndicatorRow,
    IndicatorTargetRow,
    JurisdictionRow,
    ProjectRow,
    TaskRow,
    TaskTargetRow,
)


def _value(v: Any) -> str | None:
    return None if v is None else str(v)


def plan_rows(plan: Plan) -> dict[type[Base], list[dict[str, Any]]]:
    """Every plan row to store, by table, as column dictionaries."""
    rows: dict[type[Base], list[dict[str, Any]]] = {
        DomainRow: [
            dict(
                code=d.code,
                position=d.order,
                name=d.name,
                english_name=d.english_name,
                brand=d.brand,
                lead_department=d.lead_department.name,
                summary=d.summary,
                retired=False,
            )
            for d in plan.domains
        ],
        IndicatorRow: [
            dict(
                code=i.code,
                plan_number=i.plan_number,
                domain_code=i.domain,
                name=i.name,
                english_name=i.english_name,
                unit=i.unit,
                core=i.core,
                polarity=i.polarity.value,
                accumulation=i.accumulation.value,
                rollup=i.rollup.value,
                retired=False,
            )
            for i in (*plan.indicators, *plan.measures)  # task targets are reported like indicators
        ],
        IndicatorTargetRow: [
            dict(
                indicator_code=i.code,
                year=t.year,
                series=t.series or "",
                comparator=t.expression.comparator.value,
                value=_value(t.expression.value),
                text=t.expression.text,
            )
            for i in plan.indicators
            for t in i.targets
        ],
        TaskRow: [
            dict(code=t.code, domain_code=t.domain, number=t.number, title=t.title) for t in plan.tasks
        ],
        TaskTargetRow: [
            dict(
                task_code=t.code,
                position=n,
                year=tt.year,
                subject=tt.subject,
                comparator=tt.comparator.value,
                value=_value(tt.value),
                unit=tt.unit,
                text=tt.text,
            )
            for t in plan.tasks
            for n, tt in enumerate(t.targets)
        ],
        ProjectRow: [
            dict(
                code=p.code,
                domain_code=p.domain,
                task_number=p.task,
                name=p.name,
                text=p.text,
            )
            for p in plan.projects
        ],
        JurisdictionRow: [
            dict(
                code=j.code,
                name=j.name,
                level=j.level.value,
                parent_code=j.parent,
                population=j.population,
            )
            for j in plan.jurisdictions
        ],
    }
    return rows


def _pk_names(table: type[Base]) -> list[str]:
    return [c.name for c in Base.metadata.tables[table.__tablename__].primary_key.columns]


def _key(table: type[Base], row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _pk_names(table))


def _upsert(session: Session, table: type[Base], rows: Iterable[dict[str, Any]]) -> int:
    """Insert new rows, update changed ones; return how many rows changed."""
    existing = {
        _key(table, {c: getattr(o, c) for c in _pk_names(table)}): o for o in session.scalars(select(table))
    }
    changed = 0
    for row in rows:
        obj = existing.get(_key(table, row))
        if obj is None:
            session.add(table(**row))
            changed += 1
            continue
        diff = {k: v for k, v in row.items() if getattr(obj, k) != v}
        for k, v in diff.items():
            setattr(obj, k, v)
        changed += bool(diff)
    return changed


def sync_plan(session: Session, plan: Plan) -> int:
    """Make the stored plan match ``plan``; return the number of rows inserted, updated,
    retired or deleted (0 when nothing changed)."""
    rows = plan_rows(plan)
    changed = 0
    # parents first so that foreign keys hold
    parents: tuple[type[Base], ...] = (DomainRow, IndicatorRow, JurisdictionRow, TaskRow, ProjectRow)
    for parent in parents:
        changed += _upsert(session, parent, rows[parent])
    session.flush()
    owned: tuple[type[Base], ...] = (IndicatorTargetRow, TaskTargetRow)
    for table in owned:
        wanted = {_key(table, r) for r in rows[table]}
        for obj in session.scalars(select(table)):
            key = tuple(getattr(obj, c) for c in _pk_names(table))
            if key not in wanted:
                session.delete(obj)
                changed += 1
        changed += _upsert(session, table, rows[table])
    live_domains = {r["code"] for r in rows[DomainRow]}
    live_indicators = {r["code"] for r in rows[IndicatorRow]}
    gone: list[DomainRow | IndicatorRow] = [
        *session.scalars(select(DomainRow).where(DomainRow.code.not_in(live_domains), ~DomainRow.retired)),
        *session.scalars(
            select(IndicatorRow).where(IndicatorRow.code.not_in(live_indicators), ~IndicatorRow.retired)
        ),
    ]
    for obj in gone:
        obj.retired = True
        changed += 1
    for table, code_col, live_codes in (
        (TaskRow, TaskRow.code, {r["code"] for r in rows[TaskRow]}),
        (ProjectRow, ProjectRow.code, {r["code"] for r in rows[ProjectRow]}),
    ):
        result = session.execute(delete(table).where(code_col.not_in(live_codes)))
        changed += int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    return changed
