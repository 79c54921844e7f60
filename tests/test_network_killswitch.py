"""The network kill-switch: unit tests cannot open sockets; integration tests only to loopback."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError


def test_unit_test_cannot_open_a_socket() -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


@pytest.mark.integration
def test_integration_test_may_not_leave_loopback() -> None:
    with (
        pytest.raises(SocketConnectBlockedError),
        socket.create_connection(("192.0.2.1", 80), timeout=0.5),
    ):
        pass


@pytest.mark.integration
def test_integration_test_may_use_loopback() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    server.close()
