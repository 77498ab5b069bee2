"""The plain records the corroboration algorithms read: claims with their document context,
and the copy lineage between documents. Built by `veille.store.corroboration` from the store,
or by hand in tests."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Entity types that name a place: "California said" is an extraction slip, not a source.
PLACE_TYPES = frozenset({"LOC", "COUNTRY", "FACILITY", "FAC", "GPE"})
SOURCE_ROLES = frozenset({"speaker", "organisation", "outlet"})


@dataclass(frozen=True)
class SourceRef:
    """One link of a claim's attribution chain, with the type of the entity it names."""

    name: str
    role: str
    entity_id: str | None = None
    entity_type: str | None = None
    inherited: bool = False

    @property
    def key(self) -> str:
        return self.entity_id or " ".join(self.name.casefold().split())

    @property
    def identified(self) -> bool:
        """A source we can compare: linked to a non-place entity, or vague words ("sources")."""
        if self.role == "anonymous":
            return True
        return (self.role in SOURCE_ROLES and self.entity_id is not None
                and self.entity_type not in PLACE_TYPES)


@dataclass
class ClaimRecord:
    """A stored claim and what corroboration needs to know about its document."""

    id: str
    document_id: str
    property: str
    value: dict[str, Any]
    subject: str = ""
    subject_entity_id: str | None = None
    unit: str | None = None
    reference: str | None = None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    modality: str = "asserted"
    estimative_level: str | None = None
    confidence: float = 1.0
    start: int = 0
    end: int = 0
    quote: str = ""
    doc_key: str = ""  # the document's external id
    language: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    story_id: str | None = None

    @property
    def named_sources(self) -> list[SourceRef]:
        """Identified, non-anonymous sources; the outlets only when nobody else is named."""
        named = [s for s in self.sources if s.identified and s.role != "anonymous"]
        people = [s for s in named if s.role != "outlet"]
        return people or named

    @property
    def explicit_sources(self) -> list[SourceRef]:
        """Identified sources given in the claim's own sentence (not carried over)."""
        return [s for s in self.sources if s.identified and not s.inherited]


@dataclass(frozen=True)
class Parent:
    document_id: str
    kind: str  # duplicate, excerpt, rewrite, translation


class Lineage:
    """Copy relations: each document's parents (what it copies), and the ancestors in order."""

    def __init__(self, parents: dict[str, list[Parent]] | None = None) -> None:
        self.parents: dict[str, list[Parent]] = parents or {}

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[str, str, str]]) -> Lineage:
        """From (source document, target document, kind): target copies source."""
        parents: dict[str, list[Parent]] = {}
        for source, target, kind in edges:
            if source != target:
                parents.setdefault(target, []).append(Parent(source, kind))
        return cls(parents)

    def ancestors(self, document_id: str) -> list[tuple[str, int, str]]:
        """(ancestor, distance, kind of the first copy step) nearest first; cycles are cut."""
        found: list[tuple[str, int, str]] = []
        seen = {document_id}
        queue: deque[tuple[str, int, str | None]] = deque([(document_id, 0, None)])
        while queue:
            current, distance, first_kind = queue.popleft()
            for parent in self.parents.get(current, ()):
                if parent.document_id in seen:
                    continue
                seen.add(parent.document_id)
                kind = first_kind or parent.kind
                found.append((parent.document_id, distance + 1, kind))
                queue.append((parent.document_id, distance + 1, kind))
        return found

    def root(self, document_id: str) -> str:
        """The farthest ancestor (the copy tree's original); the document itself if none."""
        ancestors = self.ancestors(document_id)
        if not ancestors:
            return document_id
        deepest = max(distance for _, distance, _ in ancestors)
        return min(a for a, distance, _ in ancestors if distance == deepest)
