"""The community methods of corridor.Graph."""

from __future__ import annotations


class CommunityMixin:
    """The community methods of :class:`corridor.Graph`."""
