"""Reported values as they go in (:class:`ObservationInput`) and come out
(:class:`StoredObservation`): plain frozen records, shared by the reporting service, the file
readers and every interface."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ObservationInput:
    """One row to report. ``value`` may be a Decimal or printed text (``"85%"``, ``"１２,６００"``)."""

    indicator: str
    period: str
    value: Decimal | str
    jurisdiction: str | None = None
    series: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class StoredObservation:
    """A stored revision of a value."""

    indicator: str
    jurisdiction: str
    period: str
    series: str | None
    value: Decimal
    revision: int
    approved: bool
    reported_by: str
    reported_at: datetime
    note: str | None = None
    source: str = "api"
