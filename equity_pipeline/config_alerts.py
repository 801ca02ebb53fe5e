"""The alert settings' rules (EQUITY_ALERT_*, EQUITY_UI_URL): part of config.settings_from, kept apart so that
config.py stays readable. Errors name the variable and never repeat a URL, which may hold a password."""

from __future__ import annotations

import re
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

# A plain address: local@domain, no display name, no spaces or commas (the list is comma-separated).
_ADDRESS = re.compile(r"[^@\s,<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+|[^@\s,<>\"]+@localhost")


def _smtp_url(name: str, raw: str | None) -> str | None:
    """smtp://[user:password@]host[:port] (STARTTLS when the server offers it), smtps://… (TLS from the
    start; alerts/send.py). Errors never repeat the URL: it may hold a password."""
    if raw in (None, ""):
        return None
    message = f"{name} must be a URL such as smtp://user:password@mail.example.org:587 or smtps://mail.example.org:465"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValueError(message) from None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(message)
    return raw


def _webhook_url(name: str, raw: str | None) -> str | None:
    if raw in (None, ""):
        return None
    message = f"{name} must be an http:// or https:// URL (a Slack or Teams incoming webhook)"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018
    except ValueError:
        raise ValueError(message) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(message)
    return raw


def _addresses(name: str, raw: str | None) -> tuple[str, ...]:
    found = tuple(a.strip() for a in (raw or "").split(",") if a.strip())
    for address in found:
        if not _ADDRESS.fullmatch(address):
            raise ValueError(f"{name} must be e-mail addresses separated by commas, got {address!r}")
    return found


def _ui_url(name: str, raw: str | None, default: str) -> str:
    value = raw or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be the Dagster UI's http(s) base URL such as {default}, got {value!r}")
    return value.rstrip("/")


def alert_settings(env: Mapping[str, str | None]) -> dict[str, object]:
    """The alert settings' fields of config.Settings, validated (their variables' rules live here)."""
    smtp_url = _smtp_url("EQUITY_ALERT_SMTP_URL", env.get("EQUITY_ALERT_SMTP_URL"))
    to = _addresses("EQUITY_ALERT_EMAIL_TO", env.get("EQUITY_ALERT_EMAIL_TO"))
    if smtp_url and not to:
        raise ValueError("EQUITY_ALERT_EMAIL_TO must name at least one address when EQUITY_ALERT_SMTP_URL is set")
    sender = _addresses("EQUITY_ALERT_EMAIL_FROM", env.get("EQUITY_ALERT_EMAIL_FROM"))
    if len(sender) > 1:
        raise ValueError("EQUITY_ALERT_EMAIL_FROM must be one address")
    return {
        "alert_smtp_url": smtp_url,
        "alert_email_to": to,
        # the host's name, so a recipient sees which machine's pipeline wrote
        "alert_email_from": sender[0] if sender else f"equity-pipeline@{socket.gethostname() or 'localhost'}",
        "alert_webhook_url": _webhook_url("EQUITY_ALERT_WEBHOOK_URL", env.get("EQUITY_ALERT_WEBHOOK_URL")),
        "ui_url": _ui_url("EQUITY_UI_URL", env.get("EQUITY_UI_URL"), "http://127.0.0.1:3000"),
    }
