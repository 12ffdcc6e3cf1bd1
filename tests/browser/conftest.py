"""Browser fixtures: the test app behind a real WSGI server, Debian's Chromium driven by
Playwright, a page per test that records console errors, and a screenshot when a test fails."""
import logging
import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LAPTOP = {"width": 1366, "height": 850}  # the organisers' office screens
# Bounds on Playwright's waits for the app (actions, navigation, expect). The tests wait on
# conditions (an element visible, a text shown), so a generous bound costs nothing when things
# work and keeps a busy machine from turning a slow answer into a failure.
TIMEOUT_MS = 30_000
# Starting Chromium: Playwright gives it 30 s by default, which a loaded machine can exceed.
LAUNCH_TIMEOUT_MS = 120_000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (item.rep_setup, item.rep_call) for the page fixture."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# ---------------------------------------------------------------- server


@pytest.fixture
def live_server(app):
    """The test `app` served by a threaded werkzeug server on a free loopback port: its base URL."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in failure output
    # Port 0: the kernel picks a free port as the socket binds, so no other process can take it
    # between the choice and the bind; server_port reads back the one it got.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Chromium keeps connections alive; a handler thread waiting on one must not hold up shutdown.
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the live server did not stop within 60 s"


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's: Playwright cannot download its own here)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: browser tests need Debian's Chromium "
                    "(apt-get install -y chromium); they are not skipped without it.", pytrace=False)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                                             timeout=LAUNCH_TIMEOUT_MS)
        yield browser
        browser.close()


class ConsoleWatch:
    """Console errors, uncaught exceptions (CSP violations arrive as console errors) and
    server errors (5xx) seen by every page of one context."""

    # A refused form is re-rendered with 422, and Chromium logs every 4xx page it loads.
    REFUSED_FORM = "Failed to load resource: the server responded with a status of 422"

    def __init__(self):
        self.errors = []
        self.refused_pages = set()

    def attach(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"console: {message.text}" + (f" ({where})" if where else ""))

    def _on_response(self, response):
        if response.status == 422 and response.request.resource_type == "document":
            self.refused_pages.add(response.url)
        if response.status >= 500:
            self.errors.append(f"server: {response.status} {response.request.method} {response.url}")

    def assert_clean(self):
        errors = [e for e in self.errors
                  if not any(e == f"console: {self.REFUSED_FORM} (UNPROCESSABLE ENTITY) ({url})"
                             for url in self.refused_pages)]
        assert errors == [], "the browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def page_locale():
    """The browser's language (Accept-Language, navigator.language): override per test with
    @pytest.mark.parametrize("page_locale", ["en-US"]) or per module by redefining the fixture."""
    return "vi-VN"


@pytest.fixture
def page_viewport():
    """A phone by default; override like page_locale (tests.browser.conftest.DESKTOP for a wide one)."""
    return PHONE


@pytest.fixture
def new_page(browser, live_server, console, request):
    """Factory: new_page(locale=..., viewport=..., **context_options) opens a page in a fresh
    context (own cookies), with base_url set, so page.goto("/auth/login") works. Every page is
    watched by `console`."""
    contexts = []

    def open_page(locale="vi-VN", viewport=PHONE, **context_options):
        context = browser.new_context(locale=locale, viewport=viewport, base_url=live_server, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        console.attach(page)
        return page

    yield open_page
    failed = any(getattr(request.node, f"rep_{when}", None) is not None
                 and getattr(request.node, f"rep_{when}").failed for when in ("setup", "call"))
    if failed:
        _screenshot(request, contexts)
    for context in contexts:
        context.close()


@pytest.fixture
def console():
    """The errors seen by this test's pages: call console.assert_clean() at the end of a flow."""
    return ConsoleWatch()


@pytest.fixture
def page(new_page, page_locale, page_viewport):
    """A page on the live server in a fresh context (page_locale, page_viewport)."""
    return new_page(locale=page_locale, viewport=page_viewport)


def _screenshot(request, contexts):
    folder = Path(request.config.rootpath) / "test-results"
    folder.mkdir(exist_ok=True)  # shared by suites running side by side: each file written aside, then renamed
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    pages = [p for context in contexts for p in context.pages]
    for number, page in enumerate(pages):
        suffix = "" if number == 0 else f"-{number + 1}"
        try:
            target = folder / f"{name}{suffix}.png"
            partial = folder / f".{name}{suffix}.{os.getpid()}.png.partial"
            partial.write_bytes(page.screenshot(full_page=True))
            os.replace(partial, target)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            print(f"screenshot of {page.url} failed: {exc}")


def save_step(page, request, step):
    """Save what `page` shows as test-results/<test>/<width>/<NN-step>.png and return the path.

    NN counts this test's steps at this screen width, so a flow walked on a laptop and on a phone
    gives two numbered sequences side by side; the first step of a run clears the folder's old ones."""
    width = page.viewport_size["width"]
    numbers = request.node.__dict__.setdefault("_step_numbers", {})
    numbers[width] = number = numbers.get(width, 0) + 1
    test = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    folder = Path(request.config.rootpath) / "test-results" / test / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    if number == 1:
        for old in folder.glob("*.png"):
            old.unlink()
    name = re.sub(r"[^\w.-]+", "-", step).strip("-")
    target = folder / f"{number:02d}-{name}.png"
    page.screenshot(path=target, full_page=True)
    return target
