"""Accounts, login sessions and the audit log (the web workspace's multi-user mode)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from veille.store.accounts_models import AuditEntry, User, WebSession
from veille.store.documents import utcnow

ROLES = ("viewer", "analyst", "admin")
SESSION_LIFETIME = timedelta(hours=12)
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A refused account operation; the message is one line for the user."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_allows(role: str, needed: str) -> bool:
    """Roles are ordered: an admin may do what an analyst may, an analyst what a viewer may."""
    return ROLES.index(role) >= ROLES.index(needed)


def add_user(session: Session, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name:
        raise AccountError("the user name is empty")
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}' (use {', '.join(ROLES)})")
    if len(password) < 8:
        raise AccountError("the password must have at least 8 characters")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AccountError(f"user '{name}' already exists")
    user = User(name=name, role=role, password_hash=_HASHER.hash(password), active=True,
                created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def set_role(session: Session, name: str, role: str) -> tuple[str, str]:
    """Change a user's role; returns (old role, new role)."""
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}' (use {', '.join(ROLES)})")
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise AccountError(f"no user '{name}'")
    old, user.role = user.role, role
    return old, role


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (constant work either way)."""
    user = session.scalar(select(User).where(User.name == name.strip()))
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = _HASHER.hash(password)
    return user


def open_session(session: Session, user: User) -> tuple[str, str]:
    """Start a login; returns (cookie token, CSRF token). Only the token's hash is stored."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    session.add(WebSession(token_hash=_token_hash(token), user_id=user.id, csrf_token=csrf,
                           created_at=now, expires_at=now + SESSION_LIFETIME))
    return token, csrf


def session_user(session: Session, token: str) -> tuple[User, str] | None:
    """(user, CSRF token) for a live session cookie, else None."""
    row = session.get(WebSession, _token_hash(token))
    if row is None or row.expires_at < utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user, row.csrf_token


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _token_hash(token)))


def record(session: Session, actor: str, action: str, target_kind: str, target_id: str, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           undoable: bool = False) -> AuditEntry:
    """Append one line to the audit log."""
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, target_kind=target_kind,
                       target_id=str(target_id), before=before, after=after, undoable=undoable)
    session.add(entry)
    session.flush()
    return entry


def audit_page(session: Session, *, limit: int = 50, offset: int = 0,
               actor: str | None = None) -> tuple[list[AuditEntry], int]:
    query = select(AuditEntry)
    counter = select(func.count()).select_from(AuditEntry)
    if actor:
        query = query.where(AuditEntry.actor == actor)
        counter = counter.where(AuditEntry.actor == actor)
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
    return list(rows), session.scalar(counter) or 0


def audit_entry(session: Session, entry_id: int) -> AuditEntry | None:
    return session.get(AuditEntry, entry_id)


def mark_undone(entry: AuditEntry, actor: str) -> None:
    entry.undone_at = utcnow()
    entry.undone_by = actor
