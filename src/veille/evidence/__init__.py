"""Physical evidence: debris, photographs and documents, their markings, components,
competing readings and chain of custody, kept in an append-only hash-chained register.

Other areas use `evidence_for_stix`, `evidence_places` and `evidence_timeline`.
"""

from veille.evidence.publish import evidence_for_stix, evidence_places, evidence_timeline
from veille.evidence.register import EvidenceError

__all__ = ["EvidenceError", "evidence_for_stix", "evidence_places", "evidence_timeline"]
