"""Analyst decisions: accept or reject a flag, merge or split entities; each is audited and
undoable, because an analyst's judgement is a record to keep, not an overwrite."""

from __future__ import annotations

from sqlalchemy.orm import Session

from veille.store import entities as entity_store
from veille.store.accounts import audit_entry, mark_undone, record
from veille.store.accounts_models import AuditEntry
from veille.store.models import EntityMerge, Flag

FLAG_STATUSES = ("open", "accepted", "rejected")


class DecisionError(ValueError):
    """A refused decision; the message is one line for the user."""


def decide_flag(session: Session, flag_id: str, status: str, actor: str) -> AuditEntry:
    if status not in FLAG_STATUSES:
        raise DecisionError(f"unknown flag status '{status}' (use {', '.join(FLAG_STATUSES)})")
    flag = session.get(Flag, flag_id)
    if flag is None:
        raise DecisionError(f"no flag '{flag_id}'")
    before = {"status": flag.status, "decided_by": flag.decided_by}
    flag.status, flag.decided_by = status, actor
    return record(session, actor, "flag.decide", "flag", flag_id, before=before,
                  after={"status": status, "decided_by": actor}, undoable=True)


def merge_entities(session: Session, source_id: str, target_id: str, actor: str,
                   reason: str | None = None) -> AuditEntry:
    """Record that `source` is the same thing as `target`; `source` then points at it."""
    try:
        merge = entity_store.merge_entities(session, source_id, target_id, decided_by=actor,
                                            reason=reason)
    except entity_store.EntityStoreError as error:
        raise DecisionError(str(error)) from None
    return record(session, actor, "entity.merge", "entity_merge", str(merge.id),
                  before={"merged_into": None},
                  after={"source": merge.source_entity_id, "target": merge.target_entity_id,
                         "reason": reason},
                  undoable=True)


def split_entity(session: Session, merge_id: int, actor: str) -> AuditEntry:
    """Undo one merge: the merged entity stands on its own again."""
    try:
        merge = entity_store.undo_merge(session, merge_id)
    except entity_store.EntityStoreError as error:
        raise DecisionError(str(error)) from None
    return record(session, actor, "entity.split", "entity_merge", str(merge.id),
                  before={"source": merge.source_entity_id, "target": merge.target_entity_id},
                  after={"merged_into": None}, undoable=True)


def undo(session: Session, entry_id: int, actor: str) -> AuditEntry:
    """Reverse one audited decision and log the reversal."""
    entry = audit_entry(session, entry_id)
    if entry is None or not entry.undoable:
        raise DecisionError(f"audit entry {entry_id} cannot be undone")
    if entry.undone_at is not None:
        raise DecisionError(f"audit entry {entry_id} was already undone")
    if entry.action == "flag.decide":
        flag = session.get(Flag, entry.target_id)
        if flag is None:
            raise DecisionError(f"flag '{entry.target_id}' no longer exists")
        before = entry.before or {}
        flag.status = before.get("status", "open")
        flag.decided_by = before.get("decided_by")
    elif entry.action in ("entity.merge", "entity.split"):
        merge = session.get(EntityMerge, int(entry.target_id))
        if merge is None:
            raise DecisionError(f"merge {entry.target_id} no longer exists")
        try:
            if entry.action == "entity.merge":
                entity_store.undo_merge(session, merge.id)
            else:  # re-merge, as a new merge row, so the history stays whole
                entity_store.merge_entities(session, merge.source_entity_id,
                                            merge.target_entity_id, decided_by=actor,
                                            reason=f"undo of split {merge.id}")
        except entity_store.EntityStoreError as error:
            raise DecisionError(str(error)) from None
    else:
        raise DecisionError(f"audit entry {entry_id} ({entry.action}) cannot be undone")
    mark_undone(entry, actor)
    return record(session, actor, "undo", "audit", str(entry.id),
                  before={"action": entry.action, "target": entry.target_id})
