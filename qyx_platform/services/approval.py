"""Approving a reported revision (where approval is on, the current value is the newest
approved revision). Kept for imports: the rules live in :mod:`qyx_platform.services.corrections`."""

from __future__ import annotations

from qyx_platform.services.corrections import approve

__all__ = ["approve"]
