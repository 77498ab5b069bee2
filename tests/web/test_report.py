"""`veille report`: briefing HTML and Markdown with estimative language, sources, flags, map."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_seed import EVIL_ENTITY_ID, PLANT_ID, STORY_ID

from veille.cli import app
from veille.report.briefing import ReportError, estimative, write_briefing
from veille.store import Store


def test_story_briefing(seeded: Store, tmp_path: Path) -> None:
    html_path, md_path = write_briefing(seeded, STORY_ID, tmp_path)
    html, markdown = html_path.read_text(), md_path.read_text()
    # credibility 2 -> "very likely" per estimative.yaml
    assert "It is very likely (80-95%) that the size ratio of February 11 Plant new assembly" \
        in html
    assert "low confidence" in html  # one independent origin
    assert "Wire Desk" in html and ">B<" in html and "comparison_inverted" in html
    assert '<svg class="map"' in html and "<script" not in html
    assert "@media print" in html and "http://" not in html.replace("http://www.w3.org", "")
    assert markdown.startswith("# Briefing: Ryongsong expansion")
    assert "| Daily Echo | D | 1 |" in markdown and "![Places" in markdown
    assert (tmp_path / "briefing-map.svg").read_text().startswith("<svg")


def test_entity_briefing_escapes_hostile_text(seeded: Store, tmp_path: Path) -> None:
    plant_html, _ = write_briefing(seeded, "February 11 Plant", tmp_path / "plant")
    assert "February 11 Plant" in plant_html.read_text()  # found by name
    html_path, md_path = write_briefing(seeded, EVIL_ENTITY_ID, tmp_path / "evil")
    html, markdown = html_path.read_text(), md_path.read_text()
    assert "&lt;svg onload=window.__pwned=1&gt;Evilville" in html
    assert "<script>window" not in html and "<script>window" not in markdown
    assert "&lt;script&gt;" in markdown  # a hostile flag reason, inert in Markdown too


def test_every_grade_has_a_phrase() -> None:
    table = estimative()["credibility"]
    assert set(table) == {1, 2, 3, 4, 5, 6} and table[6]["likelihood"] is None


def test_unknown_subject_is_a_one_line_error(seeded: Store, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no story or entity 'nothing'"):
        write_briefing(seeded, "nothing", tmp_path)


def test_cli_report_and_user_commands(seeded: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["report", PLANT_ID, "--out", str(tmp_path / "b"),
                                 "--db", seeded.url])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "briefing.html").exists()
    added = runner.invoke(app, ["user", "add", "ana", "--role", "analyst", "--password",
                                "long-password", "--db", seeded.url])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["user", "list", "--db", seeded.url])
    assert "ana\tanalyst" in listed.output
    refused = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", seeded.url])
    assert refused.exit_code != 0 and "refusing" in refused.output


def test_demo_overview_shows_each_flags_words_escaped(seeded: Store, tmp_path: Path) -> None:
    from veille.report.overview import write_overview

    html = write_overview(seeded, tmp_path).read_text()
    assert "<th>flagged text</th>" in html
    assert '<td class="quote">60-70% larger</td>' in html  # the flagged words themselves
    assert '<td class="quote">&lt;script&gt;</td>' in html  # hostile words, inert
    assert "<script" not in html
