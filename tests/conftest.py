"""Shared pytest configuration.

Network kill-switch: pytest-socket disables sockets for every test (see pyproject's
addopts). Tests marked `integration` may open sockets, and only to loopback hosts.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

#: Each test's reports by phase, filled by pytest_runtest_makereport below.
PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

LOOPBACK = ["127.0.0.1", "::1"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Let `integration` tests open sockets, but connect only to loopback addresses."""
    for item in items:
        if item.get_closest_marker("integration") is not None:
            item.add_marker(pytest.mark.allow_hosts(LOOPBACK))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item (`item.stash[PHASE_REPORTS]`), so a fixture's
    teardown can tell that its test failed (the review server then prints its stacks)."""
    report = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    return report


def phase_failed(item: pytest.Item) -> bool:
    """True when the test's setup or call phase failed."""
    reports = item.stash.get(PHASE_REPORTS, {})
    return any(report.failed for report in reports.values())
