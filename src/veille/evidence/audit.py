"""Checking the whole register: the hash chain, the stored file bytes, and the views."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from veille.evidence.files import FileStore
from veille.evidence.register import ChainReport, verify_register
from veille.store import evidence as queries


@dataclass
class AuditReport:
    chain: ChainReport
    files_checked: int = 0
    file_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.file_problems

    @property
    def problems(self) -> list[str]:
        return self.chain.problems + self.file_problems


def audit(session: Session, files: FileStore | None,
          expected_head: str | None = None) -> AuditReport:
    """Verify the chain, then rehash every registered file (when a file store is given)."""
    report = AuditReport(verify_register(session, expected_head))
    if files is None:
        return report
    for stored in queries.all_files(session):
        report.files_checked += 1
        problem = files.verify(stored.sha256)
        if problem:
            item = queries.find_item(session, stored.item_id)
            label = item.label if item else stored.item_id
            report.file_problems.append(f"{label} / {stored.name}: {problem}")
    return report
