"""Delivering an alert: e-mail over SMTP, and a JSON POST to a Slack- or Teams-style webhook.

A failed delivery fails nothing else (the run has already ended; a second failure would hide the first),
but it is never silent: it is logged as a warning and returned as a line starting "ALERT NOT SENT".
Nothing said here repeats a URL's password or path (a webhook's path is its token).
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from equity_pipeline.alerts.compose import Alert
from equity_pipeline.config import Settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15
NOT_SENT = "ALERT NOT SENT"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def smtp_server(url: str) -> str:
    """host:port of an SMTP URL, without its credentials: what may be shown."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (465 if parts.scheme == 'smtps' else 25)}"


def webhook_host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def send_email(settings: Settings, alert: Alert) -> None:
    """Send `alert` as a plain-text e-mail. smtps:// is TLS from the start; smtp:// upgrades with STARTTLS
    when the server offers it, and refuses to log in without TLS except on the loopback (a local relay)."""
    parts = urlsplit(settings.alert_smtp_url or "")
    message = EmailMessage()
    message["From"] = settings.alert_email_from
    message["To"] = ", ".join(settings.alert_email_to)
    message["Subject"] = alert.subject
    message.set_content(alert.body)
    context = ssl.create_default_context()
    port = parts.port or (465 if parts.scheme == "smtps" else 25)
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(parts.hostname, port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        client = smtplib.SMTP(parts.hostname, port, timeout=TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        secure = parts.scheme == "smtps"
        if not secure and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
            secure = True
        if parts.username:
            if not secure and parts.hostname not in _LOOPBACK:
                raise smtplib.SMTPException("the server offers no STARTTLS: the password is not sent in clear")
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)


def send_webhook(settings: Settings, alert: Alert) -> None:
    """POST {"text": "<subject>\\n\\n<body>"}: the payload Slack's incoming webhooks take as is (and Mattermost,
    Rocket.Chat, Teams' Office 365 connector; a Teams Workflows flow reads it as triggerBody()?['text'])."""
    payload = json.dumps({"text": f"{alert.subject}\n\n{alert.body}"}).encode("utf-8")
    request = urllib.request.Request(
        settings.alert_webhook_url or "",
        data=payload,
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "equity-pipeline-alerts"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http(s) only: config.py)
        response.read()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"  # str(HTTPError) is fine too, but never its URL
    if isinstance(exc, urllib.error.URLError):
        return f"{type(exc.reason).__name__}: {exc.reason}"
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def deliver(settings: Settings, alert: Alert) -> list[str]:
    """Send `alert` to every configured channel; one line per channel: "alert sent …" or "ALERT NOT SENT …"."""
    said = []
    if settings.alert_smtp_url:
        where = f"{', '.join(settings.alert_email_to)} (via {smtp_server(settings.alert_smtp_url)})"
        try:
            send_email(settings, alert)
            said.append(f"alert sent by e-mail to {where}")
        except (OSError, smtplib.SMTPException, ValueError) as exc:  # OSError: refused, timed out, TLS
            said.append(f"{NOT_SENT} by e-mail to {where}: {_reason(exc)}")
            log.warning(said[-1])
    if settings.alert_webhook_url:
        where = webhook_host(settings.alert_webhook_url)
        try:
            send_webhook(settings, alert)
            said.append(f"alert sent to the webhook at {where}")
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            said.append(f"{NOT_SENT} to the webhook at {where}: {_reason(exc)}")
            log.warning(said[-1])
    return said
