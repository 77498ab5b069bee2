"""atheris harness: numbers, quantities, dates (Juche included) and marking readings."""

import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from veille.evidence.readings import ReadingContext, propose
    from veille.extract.dates import find_dates
    from veille.extract.numbers import ParseError
    from veille.extract.quantities import find_quantities

LANGUAGES = ["en", "fr", "de", "es", "ru", "uk", "ko", "it", "ja", "xx"]
CONTEXT = ReadingContext(script="digits", language="ko", not_after=date(2024, 12, 31))


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    language = LANGUAGES[provider.ConsumeIntInRange(0, len(LANGUAGES) - 1)]
    text = provider.ConsumeUnicodeNoSurrogates(2000)
    try:
        for quantity in find_quantities(text, language):
            assert 0 <= quantity.start <= quantity.end <= len(text)
        for expression in find_dates(text, language, date(2024, 11, 25)):
            assert expression.low <= expression.high
    except ParseError:
        pass
    for reading in propose(text[:40], CONTEXT):
        assert reading.earliest is None or reading.latest is None or reading.earliest <= reading.latest


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
