"""Shared pytest configuration.

Network kill-switch: pytest-socket disables sockets for every test (see pyproject's
addopts). Tests marked `integration` may open sockets, and only to loopback hosts.
"""

from __future__ import annotations

import pytest

LOOPBACK = ["127.0.0.1", "::1"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Let `integration` tests open sockets, but connect only to loopback addresses."""
    for item in items:
        if item.get_closest_marker("integration") is not None:
            item.add_marker(pytest.mark.allow_hosts(LOOPBACK))
