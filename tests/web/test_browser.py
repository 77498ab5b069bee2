"""The real server in a real headless Chromium (Debian's), on the analysed demo corpus.

Walks search -> document -> story -> claim ledger -> entity -> map -> timeline, checks what
each page shows, takes screenshots, and proves the hostile fixture articles never run code:
no `window.__pwned`, no dialog, and no Content-Security-Policy violation (a violation would
mean a payload reached the DOM as live markup and only the CSP stopped it).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_seed import EVIL_ENTITY_ID, SLOT_ID, seed_workspace

from veille.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian chromium is not installed (apt-get install chromium)"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo corpus, analysed, plus the hostile fixtures, served by uvicorn in a thread."""
    import uvicorn

    from veille.demo import CORPUS_DIR
    from veille.ingest.service import ingest_paths
    from veille.pipeline import run_stages
    from veille.web.app import create_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.db'}")
    ingest_paths(store, [CORPUS_DIR])
    run_stages(store)
    seed_workspace(store)
    port = _free_port()
    uvicorn_server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1",
                                                   port=port, log_level="warning"))
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uvicorn_server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server)
    context.add_init_script(WATCH)
    tab = context.new_page()
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def _assert_inert(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.evaluate("window.__violations") == []


def test_analyst_walk_through_the_demo(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/search?q=KN-23")
    hits = page.locator("ol.hits li a.hit")
    assert hits.count() >= 3
    page.screenshot(path=str(tmp_path / "1-search.png"), full_page=True)
    hits.first.click()
    page.wait_for_load_state()
    assert "/documents/" in page.url
    assert page.locator("#doctext .m").count() > 0  # mentions are highlighted
    page.locator("#toggles input[data-toggle=m]").uncheck()  # app.js runs under the CSP
    assert "hide-m" in page.locator("#doctext").get_attribute("class")
    page.screenshot(path=str(tmp_path / "2-document.png"), full_page=True)
    _assert_inert(page)

    page.goto("/stories")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert page.locator("h2", has_text="Lineage").count() == 1
    assert page.locator("svg.lineage rect.node").count() >= 2
    page.screenshot(path=str(tmp_path / "3-story.png"), full_page=True)

    page.goto("/ledger")
    assert page.locator("table tr").count() > 1
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert page.locator("table.versions tr").count() >= 2
    assert page.locator("dl.grades").inner_text().startswith("Independent origins")
    page.screenshot(path=str(tmp_path / "4-ledger.png"), full_page=True)

    page.goto(f"/ledger/{SLOT_ID}")
    assert page.locator("table.versions ins").count() >= 1  # the inverted wording stands out
    assert page.locator(".translation").count() == 1

    page.goto("/entities?q=Hwasong")
    page.locator("table a").first.click()
    page.wait_for_load_state()
    assert page.locator("h2", has_text="Aliases").count() == 1
    page.screenshot(path=str(tmp_path / "5-entity.png"), full_page=True)

    page.goto("/map")
    assert page.locator("svg.map path.land").count() > 150
    assert page.locator("svg.map circle.pt").count() >= 3
    page.screenshot(path=str(tmp_path / "6-map.png"), full_page=True)
    page.goto("/map?zoom=fit")
    page.locator("svg.map a circle.pt").last.click()  # drawn last, so on top of its neighbours
    page.wait_for_load_state()
    assert "/entities/" in page.url

    page.goto("/timeline")
    assert page.locator("ol.timeline li").count() >= 3
    page.screenshot(path=str(tmp_path / "7-timeline.png"), full_page=True)
    _assert_inert(page)
    assert len(list(tmp_path.glob("*.png"))) == 7


@pytest.mark.parametrize("path", ["/documents/x-script", "/documents/x-svg",
                                  f"/entities/{EVIL_ENTITY_ID}", "/search?q=Hamhung",
                                  "/search?q=missile", "/map", "/sources", "/ledger",
                                  "/timeline", "/entities?q=evil"])
def test_hostile_payloads_never_execute(page, path: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_load_state("load")
    for element in page.locator("#doctext span[title]").all()[:40]:
        element.hover(timeout=2000)  # onmouseover-style payloads would fire here
    page.mouse.click(5, 5)
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    _assert_inert(page)
    body = page.locator("body").inner_text()
    if path.startswith("/documents/x-"):
        assert "<script>" in body  # the payload is shown as text, for the analyst to see
