"""What the last build kept for the next one, read once as a build starts and saved once, after the
new site is live: the id registry, the memos of what enrichment found in each text, and the
related-paper weights. A failed build leaves them as they were.

The source memo goes with them, but is saved as soon as the sources are read: it describes the
files, not a build (sources/memo.py). The page and feed keys describe the Markdown pages and feeds
written into the docs folder, and are read and saved with them (state/render_keys.py).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import Config
from sitegen.enrich import Memos, Registry
from sitegen.enrich.related import TermWeights
from sitegen.model import Collection
from sitegen.sources.memo import SourceMemo
from sitegen.state.memos import load_memos, save_memos
from sitegen.state.paths import StatePaths, stamp_path
from sitegen.state.registry import load_registry, save_registry
from sitegen.state.related_weights import load_weights, write_weights
from sitegen.state.sources import load_sources, save_sources


@dataclass
class State:
    """The last build's state, as plain data for the stages: each gets its part, and the parts that
    learn from this build (the memos, the source memo) get what it finds."""

    paths: StatePaths
    registry: Registry
    memos: Memos  # get what this build finds
    weights: TermWeights | None
    sources: SourceMemo  # the source files as read last time; gets those read now
    staged: Path | None = None  # this build's weights, written before its site is live

    @classmethod
    def load(cls, config: Config) -> State:
        paths = StatePaths(config.state_path)
        return cls(
            paths,
            load_registry(paths),
            load_memos(paths),
            load_weights(paths.related_weights),
            load_sources(paths),
        )

    def save_sources(self) -> None:
        save_sources(self.paths, self.sources)

    def enriched(self) -> None:
        """Let go of what only reading and enriching use: the last build's ids and weights (large in
        a large collection) and the source files as read (the papers as read, saved by then in a
        forked process) would otherwise be held to the end of the build, and shared with its forked
        process. commit() reads the ids it adds to anew."""
        self.registry, self.weights, self.sources = Registry(), None, SourceMemo()

    def stage_weights(self, weights: TermWeights | None) -> None:
        """Write this build's weights (enrich.Enriched) now, to a hidden file that commit() renames
        into place: the build need not hold them, large as they are, to its end."""
        if weights is not None:
            self.staged = write_weights(self.paths.cache, weights)

    def discard(self) -> None:
        """Drop what this build staged: its site never went live."""
        if self.staged is not None:
            self.staged.unlink(missing_ok=True)

    def commit(self, collection: Collection) -> None:
        """Remember this build's ids, memos and weights: called once its site is live."""
        save_registry(self.paths, collection)
        save_memos(self.paths, self.memos)
        if self.staged is not None:
            os.replace(self.staged, self.paths.related_weights)


def forget_last_build(config: Config) -> None:
    """Make the next build reuse nothing: the caches (render keys, memos, related-paper weights) and
    the live site's stamp go (the site itself stays up until the new one replaces it)."""
    shutil.rmtree(StatePaths(config.state_path).cache, ignore_errors=True)
    stamp_path(config.site_path).unlink(missing_ok=True)
