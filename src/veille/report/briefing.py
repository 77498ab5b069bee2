"""`veille report STORY_OR_ENTITY`: a self-contained briefing in HTML and Markdown.

Key judgements follow the computed credibility grades through the ICD 203 phrases kept as
data in `estimative.yaml`; the HTML carries no script and no remote resource (its map is an
inline SVG on the bundled basemap), and every string from ingested text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from veille import __version__
from veille.datafiles import read_yaml
from veille.store import Store, workspace
from veille.web.mapsvg import Point, map_svg
from veille.web.rendering import claim_value_text

ESTIMATIVE = Path(__file__).parent / "estimative.yaml"


class ReportError(ValueError):
    """The briefing cannot be written; the message is one line for the user."""


@lru_cache(maxsize=1)
def estimative() -> dict[str, Any]:
    return read_yaml(ESTIMATIVE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Judgement:
    text: str
    basis: str
    grade: int | None
    slot_id: str
    reasons: list[str]
    versions: int


def _statement(slot: Any, origin: workspace.ClaimVersion | None) -> str:
    prop = slot.property.replace("_", " ")
    value = ""
    if origin is not None:
        value = claim_value_text(origin.claim.value, origin.claim.unit)
    elif slot.summary and slot.summary.get("value"):
        value = str(slot.summary["value"])
    reference = f" (relative to {slot.reference})" if slot.reference else ""
    return f"the {prop} of {slot.subject}{reference} is {value or 'as reported'}"


def judgement(slot: Any, versions: list[workspace.ClaimVersion]) -> Judgement:
    """One key judgement: the estimative phrase the slot's credibility grade calls for."""
    table = estimative()
    grade = slot.credibility if slot.credibility in table["credibility"] else 6
    entry = table["credibility"][grade]
    origin = next((v for v in versions if v.claim.id == slot.origin_claim_id),
                  versions[0] if versions else None)
    statement = _statement(slot, origin)
    if entry["likelihood"]:
        text = table["phrases"]["judgement"].format(likelihood=entry["likelihood"],
                                                    band=entry["band"], statement=statement)
    else:
        text = table["phrases"]["no_judgement"].format(statement=statement)
    level = next(rule["level"] for rule in table["confidence"]
                 if slot.independent_origins >= rule["min_origins"])
    basis = table["phrases"]["basis"].format(grade=grade, meaning=entry["meaning"],
                                             origins=slot.independent_origins,
                                             confidence=level)
    if slot.primary_source:
        basis += f" Primary source: {slot.primary_source}."
    return Judgement(text[0].upper() + text[1:], basis, slot.credibility, slot.id,
                     [str(r) for r in slot.credibility_reasons or []], len(versions))


def _markdown_text(value: Any) -> str:
    """Text safe inside Markdown: no raw HTML, no table breaks, one line."""
    text = "" if value is None else str(value)
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"),
                      ("\r", " "), ("\n", " ")):
        text = text.replace(raw, safe)
    return text


TEMPLATES = Environment(loader=PackageLoader("veille.report", "templates"),
                        autoescape=select_autoescape(enabled_extensions=("html",),
                                                     default_for_string=True),
                        trim_blocks=True, lstrip_blocks=True)
TEMPLATES.filters["md"] = _markdown_text


def briefing_context(store: Store, reference: str) -> dict[str, Any]:
    with store.session() as session:
        scope = workspace.briefing_scope(session, reference)
        if scope is None:
            raise ReportError(f"no story or entity '{reference}' (give a story id, an entity "
                              "id or an entity name)")
        family = workspace.merged_family(session, scope.entity.id) if scope.entity else None
        events = workspace.timeline(session, limit=200, offset=0,
                                    story_id=scope.story.id if scope.story else None,
                                    entity_ids=family)
        judgements = [judgement(slot, scope.claims.get(slot.id, [])) for slot in scope.slots]
    points = [Point(p.name, "site" if p.kind == "site" else "place", p.latitude, p.longitude)
              for p in scope.places]
    return {
        "scope": scope, "judgements": judgements, "events": events.rows,
        "map": map_svg(points, width=900, fit=True, links=False) if points else None,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
    }


def write_briefing(store: Store, reference: str, folder: Path) -> tuple[Path, Path]:
    """Write `briefing.html`, `briefing.md` and its map `briefing-map.svg` into `folder`."""
    context = briefing_context(store, reference)
    folder.mkdir(parents=True, exist_ok=True)
    if context["map"] is not None:
        (folder / "briefing-map.svg").write_text(str(context["map"]), encoding="utf-8")
    html_path, md_path = folder / "briefing.html", folder / "briefing.md"
    html_path.write_text(TEMPLATES.get_template("briefing.html").render(**context),
                         encoding="utf-8")
    md_path.write_text(TEMPLATES.get_template("briefing.md").render(**context),
                       encoding="utf-8")
    return html_path, md_path
