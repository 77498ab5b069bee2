"""Readers turn files into `Article`s, or into one-line `IngestError`s naming the file and line.

Every reader is strict about what it accepts (UTF-8 text, HTML with extractable text, JSONL with
the documented fields) and never lets one bad input stop the others.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlparse

import trafilatura

from veille.ids import sha256_hex
from veille.ingest.dates import parse_published, published_time_in_meta

MAX_FILE_BYTES = 20 * 1024 * 1024
BINARY_SNIFF_BYTES = 8192
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
JSONL_FIELDS = {"id", "text", "html", "url", "title", "published", "language", "source"}


class IngestError(Exception):
    """A one-line reason why one input (a file or a JSONL line) was not ingested."""


@dataclass(frozen=True)
class Article:
    """One document as read from disk, before it is stored."""

    sha256: str
    text: str
    path: str
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


Result = Article | IngestError


def discover(paths: list[Path]) -> Iterator[Path | IngestError]:
    """Files to read: named files as given, directories walked recursively in sorted order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield IngestError(f"{path}: no such file or directory")


def read_path(path: Path) -> Iterator[Result]:
    """Read one file into articles (one, or one per JSONL line) and errors."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield IngestError(f"{path}: unsupported file type '{path.suffix}' (use .txt, .html, .jsonl)")
        return
    if kind == "jsonl":
        yield from _read_jsonl_file(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield IngestError(
                f"{path}: file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:g} MB limit"
            )
            return
        raw = path.read_bytes()
    except OSError as error:
        yield IngestError(f"{path}: cannot read: {error.strerror}")
        return
    try:
        yield read_text(raw, str(path)) if kind == "text" else read_html(raw, str(path))
    except IngestError as error:
        yield error


def _decode(raw: bytes, label: str) -> str:
    if not raw.strip():
        raise IngestError(f"{label}: empty file")
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        raise IngestError(f"{label}: binary content, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(f"{label}: not valid UTF-8 (byte {error.start})") from None


def read_text(raw: bytes, label: str) -> Article:
    """A plain-text article; its first line is taken as the title when it is short."""
    text = _decode(raw, label).replace("\r\n", "\n").strip()
    if not text:
        raise IngestError(f"{label}: no text")
    first_line = text.split("\n", 1)[0].strip()
    title = first_line if len(first_line) <= 200 else None
    return Article(sha256=sha256_hex(raw), text=text, path=label, title=title)


def read_html(raw: bytes, label: str, *, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page, extracted by trafilatura."""
    html = _decode(raw, label)
    extracted = _extract(html, url, label)
    if extracted is None or not (extracted.text or "").strip():
        raise IngestError(f"{label}: HTML page without extractable text")
    page_url = url or extracted.url
    published = parse_published(extracted.date)
    exact = published_time_in_meta(html)
    if exact is not None and (published is None or exact.date() == published.date()):
        published = exact
    return Article(
        sha256=sha256_hex(raw),
        text=extracted.text.strip(),
        path=label,
        title=extracted.title,
        url=page_url,
        published=published,
        source=extracted.sitename or _domain(page_url),
        language=None,
    )


def _extract(html: str, url: str | None, label: str) -> Any:
    """trafilatura's extraction, with metadata when its parsers survive the page: on some
    broken markup ("<svg onload=x><p><p>") its date finder fails an internal assertion of
    lxml, and the text is still worth having without the metadata."""
    options = {"url": url, "include_comments": False, "favor_precision": True}
    with contextlib.suppress(Exception):  # hostile markup may break any parser below it
        return trafilatura.bare_extraction(html, with_metadata=True, **options)
    try:
        return trafilatura.bare_extraction(html, with_metadata=False, **options)
    except Exception as error:  # noqa: BLE001
        raise IngestError(f"{label}: HTML that the extractor cannot parse "
                          f"({type(error).__name__})") from None


def read_jsonl(raw: bytes, label: str) -> Iterator[Result]:
    """One article per line: `id`, `text` or `html`, optional url, title, published, language, source."""
    yield from read_jsonl_lines(io.BytesIO(raw), label)


def _read_jsonl_file(path: Path) -> Iterator[Result]:
    """A feed is read line by line: its size has no limit, each line (one document) has the
    per-file limit of the other formats."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield IngestError(f"{path}: cannot read: {error.strerror}")
        return
    with handle:
        try:
            yield from read_jsonl_lines(handle, str(path))
        except OSError as error:
            yield IngestError(f"{path}: cannot read: {error.strerror}")


def read_jsonl_lines(stream: BinaryIO, label: str) -> Iterator[Result]:
    """Articles of a JSONL stream, split on newline bytes only (a JSON string may hold
    U+2028, which is a line break to `str.splitlines`); one error per bad line."""
    number = 0
    seen_content = False
    while True:
        raw_line = stream.readline(MAX_FILE_BYTES + 1)
        if not raw_line:
            break
        number += 1
        where = f"{label}:{number}"
        if len(raw_line) > MAX_FILE_BYTES and not raw_line.endswith(b"\n"):
            while (rest := stream.readline(MAX_FILE_BYTES)) and not rest.endswith(b"\n"):
                pass
            seen_content = True
            yield IngestError(f"{where}: line is over the {MAX_FILE_BYTES / 1e6:g} MB limit")
            continue
        if b"\x00" in raw_line:
            seen_content = True
            yield IngestError(f"{where}: binary content, not text")
            continue
        try:
            line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError as error:
            seen_content = True
            yield IngestError(f"{where}: not valid UTF-8 (byte {error.start})")
            continue
        if not line.strip():
            continue
        seen_content = True
        try:
            yield _jsonl_article(line, where)
        except IngestError as error:
            yield error
    if not seen_content:
        yield IngestError(f"{label}: empty file")


def _jsonl_article(line: str, where: str) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(f"{where}: malformed JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise IngestError(f"{where}: expected a JSON object")
    for name in JSONL_FIELDS & record.keys():
        if record[name] is not None and not isinstance(record[name], str | int):
            raise IngestError(f"{where}: field '{name}' must be a string")
    if "id" not in record or str(record["id"]).strip() == "":
        raise IngestError(f"{where}: missing field 'id'")
    external_id = str(record["id"]).strip()
    url = record.get("url")
    sha = sha256_hex(line.encode("utf-8"))
    if record.get("text"):
        text = str(record["text"]).replace("\r\n", "\n").strip()
        base = Article(sha256=sha, text=text, path=where, url=url, title=record.get("title"),
                       source=record.get("source") or _domain(url))
    elif record.get("html"):
        page = read_html(str(record["html"]).encode("utf-8"), where, url=url)
        base = Article(sha256=sha, text=page.text, path=where, url=url,
                       title=record.get("title") or page.title,
                       source=record.get("source") or page.source, published=page.published)
    else:
        raise IngestError(f"{where}: missing field 'text' or 'html'")
    if not base.text:
        raise IngestError(f"{where}: field 'text' is empty")
    published = base.published
    if record.get("published"):
        published = parse_published(str(record["published"]))
        if published is None:
            raise IngestError(f"{where}: field 'published' is not a date: {record['published']!r}")
    language = record.get("language")
    return Article(
        sha256=base.sha256, text=base.text, path=where, external_id=external_id,
        title=base.title, url=url, published=published,
        language=str(language).lower() if language else None, source=base.source,
    )


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
