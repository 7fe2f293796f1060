"""The related-paper weights (enrich/related.py's TermWeights, with the vectors and neighbours made
with them) on disk, in one .npz file: read before a build enriches its papers, written to a hidden
file of their own once they are made, and renamed into place only after the build succeeded.

They only steady the output and spare work; they hold no data: a file that cannot be read, or of
another version, is no file (the build fits new weights).
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from sitegen.enrich.related import (
    NEIGHBOURS_VERSION,
    REASON_TERMS,
    WEIGHTS_VERSION,
    Neighbours,
    TermWeights,
    Vectors,
)

log = logging.getLogger(__name__)


def _words(values: np.ndarray) -> np.ndarray:
    # Terms, slugs and ids never hold a line break: one joined byte array saves without pickling.
    return np.frombuffer("\n".join(map(str, values)).encode("utf-8"), dtype=np.uint8)


def _unwords(data: np.ndarray) -> np.ndarray:
    text = data.tobytes().decode("utf-8")
    return np.array(text.split("\n") if text else [], dtype=object)


def load_weights(path: Path) -> TermWeights | None:
    """The weights the last successful build saved; None when there are none or they are unreadable
    or of another version (the build then fits new ones: they only steady the output, they hold no data)."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            if int(saved["version"]) != WEIGHTS_VERSION:
                return None
            terms = _unwords(saved["terms"])
            vectors = Vectors(_unwords(saved["keys"]), _load_csr(saved, "text"))
            if vectors.text.shape != (len(vectors.keys), len(terms)):
                vectors = None  # not made with these weights: made anew
            topics = saved.get("topics")
            if topics is not None and topics.shape[1:] != (len(terms),):
                raise ValueError(f"topic axes of shape {topics.shape} for {len(terms)} terms")
            return TermWeights(
                terms,
                saved["idf"],
                _unwords(saved["ids"]),
                vectors,
                _load_neighbours(saved),
                topics,
            )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.warning(
            "the related-paper weights in %s cannot be read (%s); fitting new ones", path, exc
        )
        return None


def _load_neighbours(saved) -> Neighbours | None:
    """The neighbours saved with the weights; None when there are none or they were found another way."""
    if int(saved.get("neighbours_version", -1)) != NEIGHBOURS_VERSION:
        return None
    ids = _unwords(saved["neighbour_ids"])
    candidates, found = _load_csr(saved, "candidates"), _load_csr(saved, "found")
    if candidates.shape != (len(ids), len(ids)) or found.shape != candidates.shape:
        return None
    settings = saved["neighbour_settings"]
    shared = saved.get("neighbour_shared")
    if shared is not None and shared.shape != (found.nnz, REASON_TERMS):
        shared = None
    return Neighbours(
        ids,
        _unwords(saved["neighbour_keys"]),
        candidates,
        found,
        int(settings[0]),
        float(settings[1]),
        shared,
    )


def write_weights(folder: Path, weights: TermWeights) -> Path:
    """The weights in a new hidden file in `folder`, for the caller to rename into place."""
    folder.mkdir(parents=True, exist_ok=True)
    vectors = weights.vectors or Vectors(
        np.array([], dtype=object), sp.csr_matrix((0, 0), dtype=np.float32)
    )
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".weights-", suffix=".npz")
    with os.fdopen(fd, "wb") as out:
        np.savez(
            out,
            version=WEIGHTS_VERSION,
            terms=_words(weights.terms),
            idf=weights.idf,
            ids=_words(weights.ids),
            keys=_words(vectors.keys),
            **_csr_arrays(vectors.text, "text"),
            **_neighbour_arrays(weights.neighbours),
            **({"topics": weights.topics} if weights.topics is not None else {}),
        )
    return Path(tmp)


def _neighbour_arrays(neighbours: Neighbours | None) -> dict[str, np.ndarray]:
    if neighbours is None:
        return {}
    return {
        "neighbours_version": NEIGHBOURS_VERSION,
        "neighbour_ids": _words(neighbours.ids),
        "neighbour_keys": _words(neighbours.keys),
        "neighbour_settings": np.array([neighbours.count, neighbours.threshold], dtype=np.float64),
        **_csr_arrays(neighbours.candidates, "candidates"),
        **_csr_arrays(neighbours.found, "found"),
        **({"neighbour_shared": neighbours.shared} if neighbours.shared is not None else {}),
    }


def _csr_arrays(matrix: sp.csr_matrix, name: str) -> dict[str, np.ndarray]:
    return {
        f"{name}_data": matrix.data,
        f"{name}_indices": matrix.indices,
        f"{name}_indptr": matrix.indptr,
        f"{name}_shape": np.array(matrix.shape),
    }


def _load_csr(saved, name: str) -> sp.csr_matrix:
    parts = (saved[f"{name}_data"], saved[f"{name}_indices"], saved[f"{name}_indptr"])
    return sp.csr_matrix(parts, shape=tuple(saved[f"{name}_shape"]))
