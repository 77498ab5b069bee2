"""The demo's one-page HTML report of everything found so far.

Rendered with Jinja2 autoescaping: every string from ingested text is escaped, and the page
carries no script and no remote resource, so it opens safely offline.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from veille import __version__
from veille.store import Store
from veille.store.overview import overview

TEMPLATES = Environment(
    loader=PackageLoader("veille.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True,
)


def write_overview(store: Store, folder: Path) -> Path:
    """Write `folder/index.html` and return its path."""
    with store.session() as session:
        summary = overview(session)
    html = TEMPLATES.get_template("overview.html").render(
        summary=summary, version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
