"""atheris harness: HTML, JSONL and text readers on arbitrary bytes."""

import sys

import atheris

with atheris.instrument_imports():
    from veille.ingest.readers import IngestError, read_html, read_jsonl, read_text


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    kind = provider.ConsumeIntInRange(0, 2)
    raw = provider.ConsumeBytes(4096)
    try:
        if kind == 0:
            read_text(raw, "fuzz.txt")
        elif kind == 1:
            read_html(raw, "fuzz.html")
        else:
            for result in read_jsonl(raw, "fuzz.jsonl"):
                assert "\n" not in str(result) or not isinstance(result, IngestError)
    except IngestError as error:
        assert "\n" not in str(error)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
