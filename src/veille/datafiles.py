"""Reading the package's YAML data files (lexicons, gazetteer, ontology).

PyYAML's pure-Python loader spends seconds on the gazetteer and lexicons, and every process
pays that again (each Dask worker, each CLI call); libyaml's C loader reads the same files
about ten times faster and builds the same plain data (safe tags only).
"""

from __future__ import annotations

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(stream: IO[str] | str) -> Any:
    """`yaml.safe_load`, with the C loader when PyYAML was built with libyaml."""
    return yaml.load(stream, Loader=SafeLoader)
