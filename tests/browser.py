"""The browser tests' one way to open a page: Playwright (from PyPI) driving Debian's Chromium.

Every request that would leave the loopback is refused and recorded, so a test can assert that a
page works offline (the report, the dashboard) and that nothing it loads comes from the internet.
Playwright's own browser download is never used (`playwright install` needs the internet): the
tests launch /usr/bin/chromium, which `make test` installs from Debian's packages where missing.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("EQUITY_TEST_CHROMIUM", "/usr/bin/chromium"))
# As root in a container Chromium needs --no-sandbox; the rest keep it from calling Google's
# services at start-up (refused here, and noise in what the test records).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about", "chrome-error"}


def is_loopback(url: str) -> bool:
    """True for a URL that stays on this machine: file/data/blob, or a loopback host."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    host = (parts.hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Requests:
    """What a page asked for: `local` was served, `external` was refused (a test asserts it is empty)."""

    local: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)


@contextmanager
def browser_page(viewport: tuple[int, int] = (1400, 1000)) -> Iterator[tuple[object, Requests]]:
    """A fresh headless Chromium page whose requests off the loopback are aborted and recorded."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install Debian's package (apt-get install chromium; "
            "`make test` does it when run as root), or set EQUITY_TEST_CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    seen = Requests()

    def route(route) -> None:  # noqa: ANN001 (a Playwright Route)
        url = route.request.url
        if is_loopback(url):
            seen.local.append(url)
            route.continue_()
        else:
            seen.external.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            context.route("**/*", route)
            # WebSockets are not routed by context.route: refuse those off the loopback as well.
            context.route_web_socket(
                "**/*", lambda ws: ws.connect_to_server() if is_loopback(ws.url) else seen.external.append(ws.url)
            )
            yield context.new_page(), seen
            context.close()
        finally:
            browser.close()
