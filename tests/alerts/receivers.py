"""Real receivers on 127.0.0.1 for the alert tests: an SMTP server (aiosmtpd) and an HTTP webhook endpoint."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


class _Login:
    """aiosmtpd's authenticator: accepts one user and password, and notes every attempt."""

    def __init__(self, user: str, password: str) -> None:
        self.expected, self.attempts = (user, password), []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        given = (auth_data.login.decode(), auth_data.password.decode())
        self.attempts.append(given)
        return AuthResult(success=given == self.expected)


@contextmanager
def smtp_server(login: tuple[str, str] | None = None) -> Iterator[tuple[str, _Mailbox]]:
    """An SMTP server on a free port of 127.0.0.1 (no TLS: a local relay; a login when `login` is given,
    required then); yields (URL, mailbox), the mailbox's `login` holding the attempts."""
    mailbox = _Mailbox()
    auth = {"authenticator": _Login(*login), "auth_require_tls": False, "auth_required": True} if login else {}
    mailbox.login = auth.get("authenticator")
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), **auth)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", mailbox
    finally:
        controller.stop()


class _Posts(list):
    status = 200


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, _Posts]]:
    """An HTTP server on a free port of 127.0.0.1 keeping every JSON body POSTed; yields (URL, bodies)."""
    posts = _Posts()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            posts.append({"path": self.path, "type": self.headers["Content-Type"], "json": json.loads(body)})
            self.send_response(posts.status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/T0/B0/token-of-the-channel", posts
    finally:
        server.shutdown()
        server.server_close()
