"""Quantities in text: a number (or range) with its unit, bound, change and comparison.

Built on `veille.extract.numbers`; every phrase list (units, "about", "more than", "rose",
"the size of"...) comes from `lang/<code>/{units,bounds,comparisons}.yaml` plus the
language-independent symbols in `lang/mul/`. The lexicons are compiled once per language.

Comparisons become ratios against a reference: "60-70% the size of the existing building" is
[0.6, 0.7], "60-70% larger" is [1.6, 1.7], "60-70% smaller" is [0.3, 0.4], "twice the size of"
is 2.

Where each decision lives:

- `scan`: `find_quantities`, the left-to-right pass that calls everything below.
- `lexicon`: the YAML phrase lists compiled into one `QuantityLexicon` per language.
- `model`: the `Quantity` result and the mutable `Draft` the scan fills in.
- `context`: the word before a number; whether a number reads as a year.
- `exclusions`: numbers that are not amounts (dates, ordinals, designations, addresses...).
- `currency`: a currency sign or code written before the number.
- `multipliers`: "4.5bn", "3 Mio.", "2 x 10^6".
- `units`: a lexicon unit at a position, plurals, "per barrel" tails.
- `counted`: the noun counted after a number ("13000 workers").
- `attach`: which of those becomes the unit of one number.
- `ranges`: "60-70%", "between 5 and 6"; units written once for a range or a list.
- `bounds`: "about", "more than", "rose by", "sub-7", "5% higher".
- `comparisons`: "60% larger than X", "twice the size of X" as ratios.
- `factors`: growth factors, "multiplied by seven", "output rose eight times", as ratios.
- `proportions`: "1/16 of", "two-thirds of", "a third of", "one in five".
- `normalize`: `normalize_unit`, the canonical name of a unit string.
- `records`: `quantities_as_records`, the flat shape of `veille quantities`.
"""

from veille.extract.numbers import ParseError
from veille.extract.quantities.lexicon import QuantityLexicon, quantity_lexicon
from veille.extract.quantities.model import Quantity
from veille.extract.quantities.normalize import normalize_unit
from veille.extract.quantities.records import quantities_as_records
from veille.extract.quantities.scan import find_quantities

__all__ = ["ParseError", "Quantity", "QuantityLexicon", "find_quantities", "normalize_unit",
           "quantities_as_records", "quantity_lexicon"]


