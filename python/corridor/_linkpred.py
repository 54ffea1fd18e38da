"""The linkpred methods of corridor.Graph."""

from __future__ import annotations


class LinkPredMixin:
    """The linkpred methods of :class:`corridor.Graph`."""
