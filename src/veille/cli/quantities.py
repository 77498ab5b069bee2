"""`veille quantities`: one JSON object per input line with the quantities found in it.

Reads sentences on stdin (one per line) so that any quantity benchmark can be run from the
shell; the extraction itself lives in `veille.extract.quantities`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from veille.cli.app import app, fail
from veille.extract.quantities import ParseError, quantities_as_records
from veille.lang import available_languages


@app.command("quantities")
def quantities_command(
    lang: Annotated[str, typer.Option("--lang", help="Language of the input (ISO 639-1).")]
    = "en",
) -> None:
    """Read sentences on stdin, one per line; write one JSON line each with its quantities."""
    if lang not in available_languages("numbers"):
        fail(f"--lang {lang}: no number lexicon (have: {', '.join(available_languages('numbers'))})")
    out = sys.stdout
    for number, line in enumerate(sys.stdin, start=1):
        text = line.rstrip("\n").rstrip("\r")
        try:
            records = quantities_as_records(text, lang)
        except ParseError as error:
            typer.echo(f"line {number}: {error}", err=True)
            records = []
        out.write(json.dumps({"line": number, "text": text, "quantities": records},
                             ensure_ascii=False) + "\n")
