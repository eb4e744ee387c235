"""Time order of pandas input (the rule lives in :mod:`tslib._checks`)."""

from __future__ import annotations

from tslib._checks import check_time_index

# The old name, kept for callers; one rule, one helper.
check_time_order = check_time_index

__all__ = ["check_time_order"]
