"""Browser tests: Debian's Chromium driven by Playwright's plain sync API, against live_server.

On a developer's machine without Chromium or axe-core these tests skip with the reason;
with REQUIRE_BROWSER=1 (CI) they fail instead, so a broken CI image cannot pass silently.
"""

import os
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an asyncio loop in the main thread; without this Django raises
# SynchronousOnlyOperation on ORM use in the test thread (live_server and fixtures included).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeOnSharedSQLite(ThreadedWSGIServer):
    """live_server's threads all use the test's one in-memory SQLite connection: two requests
    at once (a page's answer save and its time check) could meet in it and fail with
    "bad parameter or other API misuse". There, requests take turns; on PostgreSQL each thread
    has its own connection and they run together, as in production."""

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeOnSharedSQLite

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(os.environ.get("AXE_JS", PROJECT / "node_modules" / "axe-core" / "axe.min.js"))
ARTIFACTS = Path(os.environ.get("ARTIFACTS", PROJECT / "artifacts"))
PASSWORD = "kerjasama-demo"  # seed_demo's default
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"BROWSER TESTS NOT RUN: {reason}")


@pytest.fixture(scope="session")
def pw_browser():
    if not CHROMIUM.exists():
        _unavailable(
            f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)"
        )
    if not AXE_JS.exists():
        _unavailable(f"{AXE_JS} is missing (run `npm ci`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed in .venv")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(pw_browser):
    """Open a page in a fresh browser context (own cookies); pass PHONE for a phone."""
    contexts = []

    def open_page(**context_options):
        context = pw_browser.new_context(locale="id-ID", **context_options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def demo_school(transactional_db):
    """seed_demo's school (about 0.1 s): guru teaches XI IPS 1, siswa1 has read only lesson 1."""
    if not (PROJECT / "locale" / "id" / "LC_MESSAGES" / "django.mo").exists():
        pytest.fail("The tests read the Indonesian interface: run `make messages` first.")
    call_command("seed_demo", force=True, stdout=StringIO())


def sign_in(page, live_server, username: str):
    """Sign in through the real login form and wait for the dashboard."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/")


def assert_accessible(page, name: str):
    """Run axe-core on the page; fail on serious or critical violations, listing each node."""
    # Evaluating the source works under the site's CSP (add_script_tag would need bypass_csp).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in serious
    )
    assert not serious, f"axe found serious/critical violations on {name} ({page.url}):\n{report}"
