"""`veille serve` keeps answering, with fresh data, while `veille ingest` writes to the store."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

VEILLE = [sys.executable, "-m", "veille"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(base: str, deadline: float) -> None:
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError("the server did not start")


def test_serve_answers_while_ingest_runs(tmp_path: Path, store_url: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for part in range(20):
        rows = [{"id": f"p{part}-{i}", "language": "en",
                 "text": f"Rail cars carried containers from Rason, batch {part}-{i}. " * 6}
                for i in range(150)]
        (corpus / f"part{part:02d}.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    env = {**os.environ, "VEILLE_DB": store_url}
    subprocess.run([*VEILLE, "ingest", str(corpus / "part00.jsonl")], env=env, check=True,
                   capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*VEILLE, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(base, time.time() + 90)
        ingest = subprocess.Popen([*VEILLE, "ingest", str(corpus)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        answers, slowest, counts = 0, 0.0, []
        while ingest.poll() is None:
            started = time.perf_counter()
            stats = httpx.get(f"{base}/api/stats", timeout=10)
            page = httpx.get(f"{base}/search", params={"q": "Rason"}, timeout=10)
            slowest = max(slowest, time.perf_counter() - started)
            assert stats.status_code == 200 and page.status_code == 200
            counts.append(stats.json()["counts"]["documents"])
            answers += 1
            time.sleep(0.2)
        assert ingest.returncode == 0
        assert answers >= 3, "the ingest ended before the server was asked anything"
        assert slowest < 10
        final = httpx.get(f"{base}/api/stats", timeout=10).json()["counts"]["documents"]
        assert final == 3000 and counts[0] < final
    finally:
        server.terminate()
        server.wait(timeout=30)
