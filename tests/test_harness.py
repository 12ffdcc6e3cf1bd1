"""The test harness itself holds under load: a port from free_port() is nobody else's between
the choice and a server's bind, and a mailbox wait that runs out says so instead of returning."""
import errno
import socket

import pytest

from tests.conftest import Mailbox, free_port


def _listening_server(port):
    """What aiosmtpd, werkzeug and gunicorn do: SO_REUSEADDR, bind, listen."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    return server


def test_a_free_port_stays_reserved_for_its_server_and_refuses_until_it_listens():
    port = free_port()

    with socket.socket() as client, pytest.raises(ConnectionRefusedError):
        client.connect(("127.0.0.1", port))
    with socket.socket() as intruder, pytest.raises(OSError) as taken:
        intruder.bind(("127.0.0.1", port))  # anyone else binding it is refused
    assert taken.value.errno == errno.EADDRINUSE

    for _restart in range(2):  # a server binds it, stops, and binds it again (SwitchableSmtp)
        server = _listening_server(port)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            accepted, _ = server.accept()
            accepted.sendall(b"220 ok\r\n")
            assert client.recv(16) == b"220 ok\r\n"
            accepted.close()
        server.close()
        with socket.socket() as client, pytest.raises(ConnectionRefusedError):
            client.connect(("127.0.0.1", port))


def test_the_kernel_hands_a_free_port_to_no_other_socket():
    """Between free_port() and the server's bind another suite's sockets take ports too."""
    port = free_port()
    handed_out = set()
    for _ in range(20_000):
        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            handed_out.add(other.getsockname()[1])
    assert port not in handed_out


def test_a_mailbox_wait_that_runs_out_fails_with_what_arrived():
    box = Mailbox()
    with pytest.raises(AssertionError, match=r"0 of 1 messages arrived within 0.2 s"):
        box.wait_for(1, timeout=0.2)
