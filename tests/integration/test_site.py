"""Browser test of the built website (`_build/html`) in headless Chromium, offline.

Run after the book build (stage 5 of `make test`, or `make test-site`):

    pytest tests/integration/test_site.py

It serves `_build/html` on 127.0.0.1 and visits every page of `_toc.yml` (and the
landing redirect `index.html`) with Playwright driving Debian's Chromium
(`/usr/bin/chromium`, or the browser named by `DLTS_CHROMIUM`; Playwright's own browser
download is never used). Every request that leaves 127.0.0.1 is blocked, so the site
must work offline. On every page:

- no console error and no uncaught JavaScript exception, no failed local request, and no
  request to another host (MathJax and every other script are served by the site
  itself);
- every `<img>` has loaded (`naturalWidth > 0`);
- where the page has math, MathJax has typeset all of it (`mjx-container` elements, no
  raw `\\(`...`\\)` left) ;
- on a chapter page: the Colab launch link is
  `https://colab.research.google.com/github/dlts-book/dlts-book/blob/main/book/<chapter>.ipynb`,
  and every solution is hidden until its toggle is clicked.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from test_repository import toc_files  # noqa: E402  (one reader of _toc.yml for every test)

HTML = ROOT / "_build" / "html"
COLAB = "https://colab.research.google.com/github/dlts-book/dlts-book/blob/main/{path}.ipynb"
CHROMIUM = (
    os.environ.get("DLTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


PAGES = ["index", *toc_files()]
CHAPTERS = {f for f in PAGES if (ROOT / f"{f}.ipynb").exists()}


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail(f"no website at {HTML}: build it first (make book)")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's `chromium` "
            "(make test-site does) "
            "or set DLTS_CHROMIUM"
        )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield context
        context.close()


def visit(browser, url: str):
    """Open ``url`` with every off-site request blocked; return (page, problems)."""
    page = browser.new_page()
    problems: list[str] = []
    local = url.split("/", 3)[:3]
    origin = "/".join(local)

    def route(route):
        if route.request.url.startswith(origin) or route.request.url.startswith(
            "data:"
        ):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda msg: (
            msg.type == "error" and problems.append(f"console error: {msg.text}")
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"uncaught exception: {exc}"))
    page.on(
        "requestfailed",
        lambda req: (
            req.url.startswith(origin)
            and problems.append(f"failed request: {req.url} ({req.failure})")
        ),
    )
    page.on(
        "response",
        lambda resp: (
            resp.url.startswith(origin)
            and resp.status >= 400
            and problems.append(f"HTTP {resp.status}: {resp.url}")
        ),
    )
    page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    return page, problems


@pytest.mark.parametrize("name", PAGES)
def test_page(browser, server, name):
    page, problems = visit(browser, f"{server}/{name}.html")
    try:
        if (
            name == "index"
        ):  # the landing redirect of Jupyter Book goes to the root page
            page.wait_for_url(f"**/{PAGES[1]}.html", timeout=TIMEOUT_MS)
            page.wait_for_load_state("load")
        # Images: load lazy ones too, then every <img> must have pixels.
        page.evaluate("""() => Promise.all([...document.images].map(img => {
            img.loading = 'eager';
            return img.decode().catch(() => null);
        }))""")
        broken = page.evaluate(
            "() => [...document.images]"
            ".filter(img => !(img.complete && img.naturalWidth > 0))"
            ".map(img => img.src)"
        )
        assert not broken, f"{name}: images that did not load: {broken}"

        # Math: every math element of Sphinx is typeset by MathJax.
        n_math = page.locator(".math").count()
        if n_math:
            page.wait_for_function(
                "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                timeout=TIMEOUT_MS,
            )
            page.evaluate("() => MathJax.startup.promise")
            typeset = page.locator("mjx-container").count()
            assert typeset >= n_math, (
                f"{name}: {n_math} math elements but {typeset} typeset by MathJax"
            )
            raw = page.evaluate(
                "() => [...document.querySelectorAll('.math')]"
                ".filter(e => !e.querySelector('mjx-container')"
                " && e.tagName !== 'MJX-CONTAINER').length"
            )
            assert raw == 0, f"{name}: {raw} math elements left untypeset"

        if name in CHAPTERS:
            check_chapter(page, name)
        page.wait_for_timeout(200)  # late console messages
        assert not problems, f"{name}: " + "\n".join(problems)
    finally:
        page.close()


def check_chapter(page, name: str) -> None:
    links = page.eval_on_selector_all(
        "a[href*='colab.research.google.com']",
        "els => [...new Set(els.map(e => e.href))]",
    )
    assert links == [COLAB.format(path=name)], f"{name}: Colab launch links {links}"

    solutions = page.locator("div.solution")
    assert solutions.count() >= 3, (
        f"{name}: expected >= 3 solutions, found {solutions.count()}"
    )
    for i in range(solutions.count()):
        solution = solutions.nth(i)
        body = solution.locator("section").first
        assert body.count() == 1
        assert not body.is_visible(), (
            f"{name}: solution {i + 1} is shown before its toggle is clicked"
        )
        solution.locator("button.toggle-button").click()
        body.wait_for(state="visible", timeout=5_000)


def test_every_chapter_page_is_checked():
    assert len(CHAPTERS) >= 1
    assert all(f.startswith("book/") for f in CHAPTERS)
