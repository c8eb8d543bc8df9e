"""Makes network socket creation fail in the Python process that imports it."""

# Loaded automatically (via PYTHONPATH) by subprocesses the suite spawns: the CLI, the kill-9
# writer, the app under Xvfb. The product must never open a network socket, so any attempt is
# an error the tests will see. Unix-domain sockets stay allowed: they are local IPC, not network.
import socket

_REAL_SOCKET = socket.socket
_LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", -1)}


class _NoNetworkSocket(_REAL_SOCKET):
    def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
        resolved = socket.AF_INET if family == -1 else family
        if resolved not in _LOCAL_FAMILIES:
            raise PermissionError(
                f"network sockets are forbidden in First Contact (family {family})"
            )
        super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]


def _forbidden(*_args: object, **_kwargs: object) -> None:
    raise PermissionError("network access is forbidden in First Contact")


socket.socket = _NoNetworkSocket  # type: ignore[misc]
socket.create_connection = _forbidden  # type: ignore[assignment]
socket.getaddrinfo = _forbidden  # type: ignore[assignment]
