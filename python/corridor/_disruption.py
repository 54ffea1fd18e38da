"""The disruption methods of corridor.Graph."""

from __future__ import annotations


class DisruptionMixin:
    """The disruption methods of :class:`corridor.Graph`."""
