"""Draw places and watched sites on the bundled basemap as one inline SVG element.

Built with escaped strings only (names come from ingested text), and no style attributes,
so the page's strict Content-Security-Policy holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from veille.web.basemap import Frame, country_paths, frame_around

COLOURS = {"place": "#2c5d8a", "site": "#b3261e", "evidence": "#8e5ac8"}


@dataclass(frozen=True)
class Point:
    name: str
    kind: str  # css class suffix: place, site, evidence
    latitude: float
    longitude: float
    href: str | None = None
    detail: str = ""


def map_svg(points: list[Point], *, width: int = 960, fit: bool = False,
            links: bool = True, labels: int = 40) -> Markup:
    """An SVG map; `fit` zooms to the points, otherwise the whole world is shown.

    Colours are presentation attributes, so the SVG also reads right as a standalone file.
    Only the first `labels` points get a written label, so a crowded map stays readable."""
    frame = frame_around([(p.longitude, p.latitude) for p in points], width=width) if fit \
        else Frame(width=width)
    parts = [(f'<svg class="map" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'viewBox="0 0 {frame.width} {frame.height}" width="{frame.width}" '
             f'height="{frame.height}" aria-label="map">'),
             (f'<rect class="sea" fill="#dfeaf3" x="0" y="0" width="{frame.width}" '
             f'height="{frame.height}"/>')]
    for name, path in country_paths(frame):
        parts.append(f'<path class="land" fill="#f4f1ea" stroke="#a8a39a" stroke-width="0.5" '
                     f'd="{path}"><title>{escape(name)}</title></path>')
    for index, point in enumerate(points):
        if not frame.contains(point.longitude, point.latitude):
            continue
        x, y = frame.project(point.longitude, point.latitude)
        label = escape(point.name)
        title = escape(f"{point.name} ({point.kind}) {point.detail}".strip())
        colour = COLOURS.get(point.kind, "#2c5d8a")
        marker = (f'<circle class="pt pt-{escape(point.kind)}" fill="{colour}" stroke="#fff" '
                  f'cx="{x:g}" cy="{y:g}" r="4"><title>{title}</title></circle>')
        if index < labels:
            marker += (f'<text class="pt-label" font-size="10" font-family="sans-serif" '
                       f'x="{x + 6:g}" y="{y - 5:g}">{label}</text>')

        if links and point.href:
            marker = f'<a href="{escape(point.href)}">{marker}</a>'
        parts.append(marker)
    parts.append("</svg>")
    return Markup("".join(parts))
