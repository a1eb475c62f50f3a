"""Launching the system's Chromium for Playwright browser tests.

`playwright install` cannot download browsers here, so tests drive Debian's
/usr/bin/chromium. The flags keep it off the (closed) network.
"""

import contextlib
from collections.abc import Iterator

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
