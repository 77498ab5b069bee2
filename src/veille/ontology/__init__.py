"""The domain ontology as typed data: entity types and the curated gazetteer (YAML in this folder)."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from veille.datafiles import read_yaml
from veille.ids import gazetteer_entity_id

ONTOLOGY_DIR = Path(__file__).resolve().parent
GAZETTEER_DIR = ONTOLOGY_DIR / "gazetteer"


class OntologyError(ValueError):
    """An ontology file is malformed; the message names the file, the entry and the field."""


# --- scripts ---------------------------------------------------------------------------------

_SCRIPT_PREFIXES = {
    "LATIN": "Latin", "CYRILLIC": "Cyrillic", "HANGUL": "Hangul", "CJK": "Han",
    "HIRAGANA": "Hiragana", "KATAKANA": "Katakana", "ARABIC": "Arabic", "GREEK": "Greek",
    "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari", "THAI": "Thai", "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian", "ETHIOPIC": "Ethiopic", "BENGALI": "Bengali",
}


@lru_cache(maxsize=8192)
def char_script(char: str) -> str | None:
    """The script of one letter ("Latin", "Cyrillic", "Hangul", "Han"...), None if not a letter."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0].split("-", 1)[0]
    return _SCRIPT_PREFIXES.get(first, first.title() or None)


def detect_script(text: str) -> str:
    """The script most letters of `text` are written in, or "Common" if it has no letters."""
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "Common"


# --- entity types ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    geocoded: bool
    description: str


@dataclass(frozen=True)
class NerSettings:
    models: dict[str, str]
    labels: dict[str, str]
    keep_unlinked: frozenset[str]
    strip_leading: tuple[str, ...]
    chunk_chars: int


@dataclass(frozen=True)
class MatchingSettings:
    strip_word_endings: dict[str, str]
    no_word_boundary: frozenset[str]
    open_right_boundary: frozenset[str]
    leading_articles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LinkingSettings:
    threshold: float
    candidate_threshold: float
    min_fuzzy_length: int
    acronym_score: float
    coreference_score: float
    compatible: dict[str, tuple[str, ...]]
    phonetic_rules: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EntityTypes:
    """entity_types.yaml: the types, how NER labels map onto them, matching and linking knobs."""

    version: int
    types: dict[str, EntityType]
    ner: NerSettings
    matching: MatchingSettings
    linking: LinkingSettings

    def label_of(self, entity_type: str) -> str:
        """The Mention.label for a mention of `entity_type`."""
        known = self.types.get(entity_type)
        return known.label if known else "MISC"


def _require(data: dict[str, Any], name: str, where: str) -> Any:
    if name not in data:
        raise OntologyError(f"{where}: missing field '{name}'")
    return data[name]


@lru_cache(maxsize=1)
def load_entity_types(path: Path = ONTOLOGY_DIR / "entity_types.yaml") -> EntityTypes:
    data = _read_mapping(path)
    where = path.name
    types = {
        name: EntityType(name, str(_require(spec, "label", f"{where}: types.{name}")),
                         bool(spec.get("geocoded", False)), str(spec.get("description", "")))
        for name, spec in _require(data, "types", where).items()
    }
    ner = _require(data, "ner", where)
    matching = _require(data, "matching", where)
    linking = _require(data, "linking", where)
    compatible = {k: tuple(v) for k, v in _require(linking, "compatible", where).items()}
    for source, targets in compatible.items():
        for target in (source, *targets):
            if target not in types:
                raise OntologyError(f"{where}: linking.compatible: unknown type '{target}'")
    return EntityTypes(
        version=int(data.get("version", 1)),
        types=types,
        ner=NerSettings(
            models=dict(_require(ner, "models", where)),
            labels=dict(_require(ner, "labels", where)),
            keep_unlinked=frozenset(ner.get("keep_unlinked", ())),
            strip_leading=tuple(ner.get("strip_leading", ())),
            chunk_chars=int(ner.get("chunk_chars", 100_000)),
        ),
        matching=MatchingSettings(
            strip_word_endings=dict(matching.get("strip_word_endings", {})),
            no_word_boundary=frozenset(matching.get("no_word_boundary", ())),
            open_right_boundary=frozenset(matching.get("open_right_boundary", ())),
            leading_articles=frozenset(str(word).lower()
                                       for word in matching.get("leading_articles", ())),
        ),
        linking=LinkingSettings(
            threshold=float(_require(linking, "threshold", where)),
            candidate_threshold=float(_require(linking, "candidate_threshold", where)),
            min_fuzzy_length=int(linking.get("min_fuzzy_length", 5)),
            acronym_score=float(linking.get("acronym_score", 0.9)),
            coreference_score=float(linking.get("coreference_score", 0.85)),
            compatible=compatible,
            phonetic_rules=tuple((str(a), str(b)) for a, b in linking.get("phonetic_rules", ())),
        ),
    )


# --- gazetteer ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GazetteerAlias:
    """One written form of an entry; `match` False means used for linking but not searched;
    `misspelling` True means a known wrong spelling: linked, but never a correct form."""

    text: str
    script: str
    match: bool = True
    misspelling: bool = False


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    name: str
    type: str
    aliases: tuple[GazetteerAlias, ...]
    wikidata: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    parent: str | None = None
    stands_for: str | None = None  # the state a capital names in press usage ("Tehran sent")
    notes: str | None = None
    file: str = ""

    @property
    def forms(self) -> tuple[GazetteerAlias, ...]:
        """The name followed by every alias."""
        return (GazetteerAlias(self.name, detect_script(self.name)), *self.aliases)


@dataclass(frozen=True)
class Gazetteer:
    """Every entry of gazetteer/*.yaml; `version` names the release, `fingerprint` the content."""

    version: str
    fingerprint: str
    entries: tuple[GazetteerEntry, ...]
    by_key: dict[str, GazetteerEntry] = field(repr=False, compare=False, default_factory=dict)

    def get(self, key: str) -> GazetteerEntry | None:
        return self.by_key.get(key)

    def __len__(self) -> int:
        return len(self.entries)


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = read_yaml(handle)
    except yaml.YAMLError as error:
        raise OntologyError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise OntologyError(f"{path.name}: expected a YAML mapping at top level")
    return data


def _parse_alias(raw: Any, where: str) -> GazetteerAlias:
    misspelling = False
    if isinstance(raw, str | int | float):
        text, match = str(raw), True
    elif isinstance(raw, dict) and "text" in raw:
        text, match = str(raw["text"]), bool(raw.get("match", True))
        misspelling = bool(raw.get("misspelling", False))
    else:
        raise OntologyError(f"{where}: an alias must be a string or a mapping with 'text'")
    text = " ".join(text.split())
    if not text:
        raise OntologyError(f"{where}: empty alias")
    return GazetteerAlias(text, detect_script(text), match, misspelling)


def _optional_float(entry: dict[str, Any], name: str, where: str) -> float | None:
    value = entry.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise OntologyError(f"{where}: field '{name}' must be a number") from error


def _parse_entry(raw: Any, default_type: str | None, file: str, types: set[str]) -> GazetteerEntry:
    if not isinstance(raw, dict):
        raise OntologyError(f"{file}: every entry must be a mapping")
    key = str(_require(raw, "key", f"{file}: entry"))
    where = f"{file}: entry '{key}'"
    name = " ".join(str(_require(raw, "name", where)).split())
    entity_type = str(raw.get("type") or default_type or "")
    if entity_type not in types:
        raise OntologyError(f"{where}: unknown type '{entity_type}'")
    aliases: list[GazetteerAlias] = []
    seen = {name}
    for alias in _parse_alias_list(raw.get("aliases") or [], where):
        if alias.text not in seen:
            seen.add(alias.text)
            aliases.append(alias)
    latitude = _optional_float(raw, "latitude", where)
    longitude = _optional_float(raw, "longitude", where)
    if (latitude is None) != (longitude is None):
        raise OntologyError(f"{where}: give both latitude and longitude, or neither")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
        raise OntologyError(f"{where}: coordinates out of range")
    notes = raw.get("notes")
    return GazetteerEntry(
        key=key, name=name, type=entity_type, aliases=tuple(aliases),
        wikidata=str(raw["wikidata"]) if raw.get("wikidata") else None,
        latitude=latitude, longitude=longitude,
        country=str(raw["country"]) if raw.get("country") else None,
        parent=str(raw["parent"]) if raw.get("parent") else None,
        stands_for=str(raw["stands_for"]) if raw.get("stands_for") else None,
        notes=" ".join(str(notes).split()) if notes else None,
        file=file,
    )


def _parse_alias_list(raw: Any, where: str) -> list[GazetteerAlias]:
    if not isinstance(raw, list):
        raise OntologyError(f"{where}: 'aliases' must be a list")
    return [_parse_alias(item, where) for item in raw]


def load_gazetteer_from(directory: Path) -> Gazetteer:
    """Read and check every `*.yaml` in `directory` (keys unique, types known, parents present)."""
    types = set(load_entity_types().types)
    entries: list[GazetteerEntry] = []
    versions: set[str] = set()
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml")):
        digest.update(path.read_bytes())
        data = _read_mapping(path)
        versions.add(str(_require(data, "version", path.name)))
        raw_entries = _require(data, "entries", path.name)
        if not isinstance(raw_entries, list):
            raise OntologyError(f"{path.name}: 'entries' must be a list")
        entries.extend(_parse_entry(raw, data.get("type"), path.name, types) for raw in raw_entries)
    by_key: dict[str, GazetteerEntry] = {}
    for entry in entries:
        if entry.key in by_key:
            raise OntologyError(f"{entry.file}: entry '{entry.key}' is also in {by_key[entry.key].file}")
        by_key[entry.key] = entry
    for entry in entries:
        if entry.parent and entry.parent not in by_key:
            raise OntologyError(f"{entry.file}: entry '{entry.key}': unknown parent '{entry.parent}'")
        if entry.stands_for and entry.stands_for not in by_key:
            raise OntologyError(
                f"{entry.file}: entry '{entry.key}': unknown stands_for '{entry.stands_for}'")
    return Gazetteer(version=max(versions, default="0"), fingerprint=digest.hexdigest()[:16],
                     entries=tuple(entries), by_key=by_key)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer shipped with veille, loaded once per process."""
    return load_gazetteer_from(GAZETTEER_DIR)


@lru_cache(maxsize=1)
def states_named_by_capitals() -> dict[str, str]:
    """Capital -> the state it names in press usage ("Tehran has sent 400 missiles" is Iran's
    claim), from the gazetteer's `stands_for`; keyed by gazetteer key and by stored entity
    id, as extraction sees the one and corroboration the other."""
    found: dict[str, str] = {}
    for entry in load_gazetteer().entries:
        if entry.stands_for:
            found[entry.key] = entry.stands_for
            found[gazetteer_entity_id(entry.key)] = gazetteer_entity_id(entry.stands_for)
    return found


__all__ = [
    "EntityType", "EntityTypes", "Gazetteer", "GazetteerAlias", "GazetteerEntry",
    "OntologyError", "char_script", "detect_script", "load_entity_types", "load_gazetteer",
    "load_gazetteer_from", "states_named_by_capitals",
]
