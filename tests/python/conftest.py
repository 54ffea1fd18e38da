"""Shared fixtures for corridor's Python tests. Keep this small: test modules
build their own data."""

from __future__ import annotations

import pytest

import corridor


@pytest.fixture
def store_path(tmp_path):
    """Where the `store` fixture's store lives (absent until it is opened)."""
    return tmp_path / "s"


@pytest.fixture
def store(store_path):
    """A fresh, empty store opened for writing; closed after the test."""
    s = corridor.open(store_path)
    try:
        yield s
    finally:
        s.close()  # closing twice is harmless
