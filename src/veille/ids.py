"""Content-derived ids: the same input always gets the same id, so re-runs are idempotent."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix` + 16 hex characters of the SHA-256 of the parts joined by a separator."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return f"{prefix}{digest.hexdigest()[:16]}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def gazetteer_entity_id(key: str) -> str:
    """The stored entity id of a gazetteer entry: the same on every machine and store."""
    return stable_id("ent_", "gazetteer", key)
