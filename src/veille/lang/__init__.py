"""Per-language lexicons as data: `lang/<iso639-1>/<topic>.yaml`, loaded once and cached.

Language knowledge (number words, units, hedges, date words...) lives in YAML so that adding a
language means adding files, not code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from veille.datafiles import read_yaml

LANG_DIR = Path(__file__).resolve().parent


class LexiconError(ValueError):
    """A lexicon file exists but is not a YAML mapping."""


def _normalise_code(language: str | None) -> str:
    return (language or "").strip().lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=512)
def load_lexicon(language: str, topic: str) -> dict[str, Any]:
    """The mapping in `lang/<language>/<topic>.yaml`, or {} when the file is missing.

    The result is cached and shared: callers must not mutate it.
    """
    code = _normalise_code(language)
    if not code or not code.isalpha() or not topic.replace("_", "").isalnum():
        return {}
    path = LANG_DIR / code / f"{topic}.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = read_yaml(handle)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a YAML mapping at top level")
    return data


def available_languages(topic: str) -> list[str]:
    """Language codes that have a `<topic>.yaml` file."""
    return sorted(p.parent.name for p in LANG_DIR.glob(f"*/{topic}.yaml"))
