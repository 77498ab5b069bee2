"""The lineage tree of a claim's slot: each version under the version it was copied from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from veille.corroborate.records import Lineage

Version = TypeVar("Version")


@dataclass
class Node(Generic[Version]):
    document_id: str
    versions: list[Version]
    children: list[Node[Version]] = field(default_factory=list)


def lineage_tree(versions_by_document: dict[str, list[Version]], lineage: Lineage,
                 order: list[str]) -> list[Node[Version]]:
    """Roots (documents whose nearest ancestor carries no version) with their descendants.

    `order` lists the documents earliest first, which is the order siblings are shown in; a
    document listed more than once (once per version) is placed once.
    """
    order = list(dict.fromkeys(order))
    nodes = {doc: Node(doc, versions_by_document[doc]) for doc in order
             if doc in versions_by_document}
    roots = []
    for document_id in order:
        if document_id not in nodes:
            continue
        parent = next((ancestor for ancestor, _, _ in lineage.ancestors(document_id)
                       if ancestor in nodes), None)
        if parent is None:
            roots.append(nodes[document_id])
        else:
            nodes[parent].children.append(nodes[document_id])
    return roots
