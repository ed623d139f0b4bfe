"""Fixtures for the source directory tests."""

from __future__ import annotations

import pytest

from harness.directory import Directory, seed_users


@pytest.fixture
def directory() -> Directory:
    return Directory(seed_users(5, seed=7))
