"""Lay out a story's copy graph in columns: the origin on the left, each copy one step right."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

COLUMN = 190
ROW = 34
MARGIN = 20


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    title: str
    href: str
    x: int
    y: int
    origin: bool


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int
    kind: str
    title: str


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    kinds: list[str]


def layout(documents: list[dict[str, Any]], edges: list[Any], origin_id: str | None,
           sources: dict[str, str]) -> Graph:
    """Columns by copy depth from the documents nobody copies from (the origin first)."""
    ids = [d["id"] for d in documents]
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        parents[edge.target_document_id].append(edge.source_document_id)
        children[edge.source_document_id].append(edge.target_document_id)
    depth: dict[str, int] = {}
    roots = [i for i in ids if not parents[i]] or ids[:1]
    if origin_id in ids and origin_id in roots:
        roots.remove(origin_id)
        roots.insert(0, origin_id)
    frontier = list(roots)
    for root in roots:
        depth[root] = 0
    while frontier:  # breadth first: a document sits one column right of its nearest source
        following = []
        for parent in frontier:
            for child in children[parent]:
                if child not in depth:
                    depth[child] = depth[parent] + 1
                    following.append(child)
        frontier = following
    for i in ids:  # cycles or unreachable nodes go in the first column
        depth.setdefault(i, 0)
    columns: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        columns[depth[i]].append(i)
    by_id = {d["id"]: d for d in documents}
    position: dict[str, tuple[int, int]] = {}
    nodes = []
    for column, members in sorted(columns.items()):
        for row, doc in enumerate(members):
            x, y = MARGIN + column * COLUMN, MARGIN + row * ROW
            position[doc] = (x, y)
            d = by_id[doc]
            source = sources.get(d.get("source_id") or "", "")
            published = d["published"].date().isoformat() if d.get("published") else "undated"
            nodes.append(Node(doc, str(d["external_id"])[:22], f"{d['external_id']} · {source} · "
                              f"{d.get('language') or '?'} · {published}",
                              f"/documents/{d['external_id']}", x, y, doc == origin_id))
    drawn = []
    for edge in edges:
        if edge.source_document_id in position and edge.target_document_id in position:
            (x1, y1), (x2, y2) = (position[edge.source_document_id],
                                  position[edge.target_document_id])
            drawn.append(Edge(x1 + 150, y1 + 10, x2, y2 + 10, edge.kind,
                              f"{edge.kind} · score {edge.score:.2f}"))
    width = MARGIN * 2 + (max(columns) + 1) * COLUMN if columns else 200
    height = MARGIN * 2 + max((len(m) for m in columns.values()), default=1) * ROW
    return Graph(nodes, drawn, width, height, sorted({e.kind for e in drawn}))
