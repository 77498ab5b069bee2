from __future__ import annotations

import json
from pathlib import Path

import pytest

from veille.ingest import readers
from veille.ingest.readers import Article, IngestError, read_path


def _one(path: Path) -> Article | IngestError:
    results = list(read_path(path))
    assert len(results) == 1
    return results[0]


def test_text_file_keeps_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Hamhung plant grows\n\nNew halls were seen in November 2024.\n", "utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.title == "Hamhung plant grows"
    assert article.text.endswith("November 2024.")
    assert len(article.sha256) == 64


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = " ".join(["The February 11 Plant near Hamhung added an assembly hall."] * 8)
    path.write_text(
        "<html><head><title>Plant grows</title>"
        '<meta property="article:published_time" content="2024-11-26T08:00:00Z">'
        '<meta property="og:site_name" content="Harbor Wire"></head>'
        f"<body><nav>Home | World</nav><article><h1>Plant grows</h1><p>{body}</p></article>"
        "<footer>Copyright</footer></body></html>", "utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert "February 11 Plant" in article.text
    assert "Copyright" not in article.text
    assert article.published is not None and article.published.year == 2024
    assert article.source == "Harbor Wire"


@pytest.mark.parametrize("name, content, message", [
    ("bad.txt", b"", "empty file"),
    ("bad.txt", b"   \n\n", "empty file"),
    ("bad.txt", b"\x00\x01\x02binary\x00", "binary content"),
    ("bad.txt", b"caf\xe9 au lait", "not valid UTF-8"),
    ("bad.jsonl", b"\n  \n", "empty file"),
    ("bad.jsonl", b'{"id": "a", "text": "caf\xe9"}\n', ":1: not valid UTF-8"),
    ("bad.jsonl", b'{"id": "a", "text": "\x00"}\n', ":1: binary content"),
])
def test_bad_files_get_one_line_errors(tmp_path: Path, name: str, content: bytes,
                                       message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = _one(path)
    assert isinstance(error, IngestError)
    assert message in str(error) and str(path) in str(error) and "\n" not in str(error)


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>var a = 1;</script></body></html>", "utf-8")
    error = _one(path)
    assert isinstance(error, IngestError) and "without extractable text" in str(error)


def test_oversized_file_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 5000)
    error = _one(path)
    assert isinstance(error, IngestError) and "limit" in str(error)


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "First text.", "language": "EN", "published": "2024-11-25",
                    "source": "Harbor Wire", "url": "https://harbor.example/a1"}),
        "{not json",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "a2"}),
        json.dumps({"id": "a3", "text": "ok", "published": "not a date at all"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "a4", "html": "<html><body><article><p>"
                    + "Shells were shipped by sea to Russia. " * 6 + "</p></article></body></html>"}),
    ]
    path.write_text("\n".join(lines), "utf-8")
    results = list(read_path(path))
    good = [r for r in results if isinstance(r, Article)]
    bad = [str(r) for r in results if isinstance(r, IngestError)]
    assert [a.external_id for a in good] == ["a1", "a4"]
    assert good[0].language == "en" and good[0].source == "Harbor Wire"
    assert good[0].published is not None and good[0].published.day == 25
    assert "Shells were shipped" in good[1].text
    assert len(bad) == 5
    assert any(":2: malformed JSON" in message for message in bad)
    assert any(":3: missing field 'id'" in message for message in bad)
    assert any(":4: missing field 'text' or 'html'" in message for message in bad)
    assert any(":5: field 'published'" in message for message in bad)
    assert any(":6: expected a JSON object" in message for message in bad)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    error = _one(path)
    assert isinstance(error, IngestError) and "unsupported file type" in str(error)


def test_html_keeps_the_time_of_publication(tmp_path: Path) -> None:
    path = tmp_path / "timed.html"
    body = " ".join(["Satellite images show a new hall at the plant near Hamhung."] * 8)
    path.write_text(
        '<html><head><meta property="article:published_time" content="2024-11-23T06:20:00+01:00">'
        f"</head><body><article><p>{body}</p></article></body></html>", "utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert article.published is not None
    assert (article.published.hour, article.published.minute) == (5, 20)


def test_jsonl_feed_over_the_file_limit_is_read_line_by_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 300)
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"n{index}", "text": f"Convoy {index} crossed the border."})
             for index in range(40)]
    lines.insert(7, json.dumps({"id": "huge", "text": "x" * 1000}))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert path.stat().st_size > 300 * 5
    results = list(read_path(path))
    good = [r.external_id for r in results if isinstance(r, Article)]
    bad = [str(r) for r in results if isinstance(r, IngestError)]
    assert good == [f"n{index}" for index in range(40)]
    assert bad == [f"{path}:8: line is over the 0.0003 MB limit"]


def test_jsonl_line_separator_inside_a_string_stays_in_its_record(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    record = {"id": "ls", "text": "Hall one\u2028hall two were roofed."}
    path.write_bytes(("\ufeff" + json.dumps(record, ensure_ascii=False) + "\r\n").encode())
    article = _one(path)
    assert isinstance(article, Article) and "\u2028hall two" in article.text


def test_markup_that_breaks_the_date_finder_still_gives_its_text() -> None:
    # htmldate fails an lxml assertion on this markup (found by the fuzz test)
    page = (b"<svg onload=x><p><p>The plant at Kestrel Bay added two assembly halls this spring, "
            b"according to images studied by the Harbor Institute.")
    article = readers.read_html(page, "broken.html")
    assert "two assembly halls" in article.text
