"""Speed of the evidence register: appending records (with readings proposed and views kept up
to date), verifying the hash chain, and replaying it into the views.

    .venv/bin/python benchmarks/evidence_register.py [ITEMS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from veille.evidence.files import FileStore
from veille.evidence.importer import import_register
from veille.evidence.items import add_custody, add_item
from veille.evidence.markings import add_marking
from veille.evidence.parts import add_component
from veille.evidence.register import verify_register
from veille.store import evidence as queries
from veille.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "src" / "veille" / "evidence" / "demo" / \
    "register.json"


def main(items: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.db")
        started = time.perf_counter()
        with store.session() as session:
            for number in range(items):
                label = f"BENCH-{number:05d}"
                add_item(session, label=label, kind="debris", recovered_by="EOD team",
                         found_on="2024-08-18", place="test range", lat=50.0, lon=30.0)
                add_custody(session, label, "EOD team", "Lab", "2024-08-20")
                add_marking(session, label, str(100 + number % 30), "digits", "ko")
                add_component(session, label, "TMS320F28335", "Texas Instruments", "2327", "U1")
            records = queries.count_records(session)
        written = time.perf_counter() - started
        with store.session() as session:
            started = time.perf_counter()
            report = verify_register(session)
            verified = time.perf_counter() - started
            assert report.ok and report.records == records
            started = time.perf_counter()
            queries.rebuild_views(session)
            replayed = time.perf_counter() - started
        with store.session() as session:
            started = time.perf_counter()
            demo = import_register(session, DEMO, FileStore(Path(folder) / "files"))
            imported = time.perf_counter() - started
            assert not demo.errors
        store.close()
    print(f"items: {items}, register records: {records}")
    print(f"append (with readings and views): {records / written:,.0f} records/s "
          f"({written:.1f} s)")
    print(f"verify chain: {records / verified:,.0f} records/s ({verified:.2f} s)")
    print(f"rebuild views by replay: {records / replayed:,.0f} records/s ({replayed:.1f} s)")
    print(f"import demo register (2 items, 43 records): {imported:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
