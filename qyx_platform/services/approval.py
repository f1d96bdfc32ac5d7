"""Approving a reported revision (where approval is on, the current value is the newest
approved revision): :func:`qyx_platform.services.corrections.approve`, kept here by name."""

from __future__ import annotations

from qyx_platform.services.corrections import approve

__all__ = ["approve"]
