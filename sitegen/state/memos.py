"""What enrichment found in each text last time (enrich.Memos: the texts as cleaned, the topics found,
the sentence embeddings), each in a file of its own among the caches.

A memo that is missing, unreadable or saved by other code is an empty one: memos only spare work.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import numpy as np

from sitegen.enrich import Memos
from sitegen.enrich.embeddings import DIMENSIONS, EmbeddingMemo
from sitegen.enrich.normalize import TextMemo
from sitegen.enrich.tagging import TopicMemo
from sitegen.state.paths import StatePaths
from sitegen.state_files import load_versioned, save_json


def load_memos(paths: StatePaths) -> Memos:
    return Memos(
        load_topics(paths.topics), load_texts(paths.texts), load_embeddings(paths.embeddings)
    )


def save_memos(paths: StatePaths, memos: Memos) -> None:
    save_topics(paths.topics, memos.topics)
    save_texts(paths.texts, memos.texts)
    save_embeddings(paths.embeddings, memos.embeddings)


def load_texts(path: Path) -> TextMemo:
    data = load_versioned(path, TextMemo.version)
    if data is None:
        return TextMemo()
    try:
        same, cleaned = data["same"], data["cleaned"]
        if (
            not isinstance(same, list)
            or not isinstance(cleaned, dict)
            or not all(isinstance(t, str) for t in cleaned.values())
        ):
            return TextMemo()
        return TextMemo(set(same), cleaned)
    except (KeyError, TypeError):
        return TextMemo()


def save_texts(path: Path, memo: TextMemo) -> None:
    save_json(
        path,
        {"version": memo.version, "same": sorted(memo.found_same), "cleaned": memo.found_cleaned},
    )


def load_topics(path: Path) -> TopicMemo:
    """The topics the last run found, for the taxonomy it names (TopicMemo.start checks it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TopicMemo(str(data["version"]), dict(data["topics"]))
    except (OSError, ValueError, KeyError, TypeError):
        return TopicMemo()


def save_topics(path: Path, memo: TopicMemo) -> None:
    save_json(path, {"version": memo.version, "topics": memo.found})


def load_embeddings(path: Path) -> EmbeddingMemo:
    """The saved vectors, read only when a build first asks for vectors."""
    return EmbeddingMemo(partial(read_vectors, path))


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    """The saved vectors by key; none when the file is missing, unreadable or of another shape."""
    try:
        with np.load(path) as saved:
            keys, vectors = saved["keys"], saved["vectors"]
    except (OSError, ValueError, KeyError):
        return {}
    if vectors.shape != (len(keys), DIMENSIONS) or vectors.dtype != np.float16:
        return {}
    return dict(zip(keys.tolist(), vectors))


def save_embeddings(path: Path, memo: EmbeddingMemo) -> None:
    """This run's vectors; a build that used none leaves the saved ones as they are."""
    if not memo.found:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(memo.found)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(keys, dtype=str), vectors=np.stack([memo.found[k] for k in keys]))
    os.replace(tmp, path)
