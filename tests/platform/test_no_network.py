"""The suite runs with network socket creation made to fail, here and in subprocesses."""

import socket
import subprocess
import sys

import pytest


def test_inet_socket_creation_fails_in_process() -> None:
    with pytest.raises(PermissionError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(PermissionError):
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)


def test_inet_socket_creation_fails_in_subprocess() -> None:
    code = "import socket\ntry:\n socket.socket()\nexcept PermissionError:\n print('blocked')\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "blocked"
