"""Launching the system's Chromium for Playwright browser tests.

`playwright install` cannot download browsers here, so tests drive Debian's
/usr/bin/chromium. The flags keep it off the (closed) network.
"""

import contextlib
from collections.abc import Iterator

from django.db import connections
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium; `browser.playwright` gives the device descriptors."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        browser.playwright = playwright
        try:
            yield browser
        finally:
            browser.close()
            # A browser test's ORM calls leave a connection pytest-django never closes
            # (Django's connections are context-local; Playwright's sync API runs on
            # greenlets). Left open, it blocks dropping the test database after the run.
            connections.close_all()
