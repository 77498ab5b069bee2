"""`normalize_unit`: one canonical name per unit string, so that units written differently
("US$ per barrel", "USD/bbl") compare equal in benchmarks and exports."""

from __future__ import annotations

import re

from veille.extract.quantities.lexicon import name_key, quantity_lexicon
from veille.extract.quantities.units import per_tail, singular, unit_at


def normalize_unit(unit: str, language: str = "en") -> str | None:
    """Canonical form of a unit string as written ("US$ per barrel" -> "USD per barrel").

    A canonical name is its own normal form ("year of age" stays "year of age"), so that
    normalising twice changes nothing."""
    lexicon = quantity_lexicon(language)
    text = unit.strip()
    if not text or text == "-":
        return None
    canonical = lexicon.canonical_names.get(name_key(text))
    if canonical is not None:
        return canonical
    prefix = lexicon.prefix_currency_re.pattern
    currency = re.match(prefix.replace(r"[ \u00a0]?\Z", ""), text)
    known = currency and (lexicon.units.get(currency.group())
                          or lexicon.currency_units.get(currency.group()))
    if currency and known:
        head = known.canonical
        rest = text[currency.end():]
    else:
        found = unit_at(" " + text, 0, lexicon)
        if found and found[2] > 1:
            head, rest = found[1].canonical, (" " + text)[found[2]:]
        else:
            words = text.split()
            tail = re.search(r"\s(?:per|a|an)\s|/", text)
            core = text[: tail.start()] if tail else text
            words = core.split()
            head = " ".join([*(w.lower() for w in words[:-1]), singular(words[-1], lexicon)]) \
                if words else core.lower()
            rest = text[tail.start():] if tail else ""
    tail = per_tail(rest, 0, lexicon) if rest.strip() else None
    return f"{head} per {tail[1]}" if tail else head
