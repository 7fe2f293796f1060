"""Enrichment: normalise text, merge duplicates, give stable ids, tag, and cross-link.

Each stage is a function from plain data to plain data; `enrich` only runs them in order.
The caller gives what the last build kept (read by sitegen/state/): the id registry, the
related-paper weights and what was found in each text (Memos), which gets what this build finds. It
saves them after a successful build.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial

from sitegen.config import Config
from sitegen.enrich.embeddings import EmbeddingMemo
from sitegen.enrich.identity import Registry, assign_ids
from sitegen.enrich.mentions import find_mentions, link_backlinks, link_mentions
from sitegen.enrich.merge import merge_duplicates
from sitegen.enrich.normalize import TextMemo, normalize_papers
from sitegen.enrich.related import TermWeights, fit_text, link_related, needs_fit
from sitegen.enrich.search_terms import search_terms
from sitegen.enrich.tagging import TopicMemo, tag_papers
from sitegen.model import Collection, Paper
from sitegen.runtime import Forked

__all__ = [
    "enrich",
    "Enriched",
    "Memos",
    "Registry",
]


@dataclass
class Memos:
    """What enrichment found in each text last time, by a hash of the text: its topics, its cleaned
    form, and its sentence embedding."""

    topics: TopicMemo = field(default_factory=TopicMemo)
    texts: TextMemo = field(default_factory=TextMemo)
    embeddings: EmbeddingMemo = field(default_factory=EmbeddingMemo)


@dataclass(frozen=True)
class Enriched:
    """The enriched collection, and the related-paper weights it was scored with: a successful build
    keeps them for the next (state/kept.py), which scores its papers the same way."""

    collection: Collection
    weights: TermWeights | None


def enrich(
    papers: list[Paper],
    config: Config,
    registry: Registry | None = None,
    memos: Memos | None = None,
    weights: TermWeights | None = None,
) -> Enriched:
    """Papers as read (in input order) to the enriched collection (in the same order, duplicates merged).

    `registry` holds the ids earlier builds gave (none: a first build); `memos`, what they found in
    each text (none: nothing), get what this build finds; `weights` are the related-paper weights the
    last build kept (none: new ones are fitted).
    """
    memos = memos or Memos()
    papers, problems = normalize_papers(papers, memos.texts)
    papers, merges = merge_duplicates(papers)
    papers, id_problems = assign_ids(papers, registry or Registry())
    # Mentions depend on neither tags nor related papers, and new weights for related papers are
    # fitted on the text alone: both are made on the other core meanwhile.
    with Forked(partial(find_mentions, papers), "mentions") as found, ExitStack() as stack:
        fitted = None
        if needs_fit(weights, papers):
            fitted = stack.enter_context(
                Forked(partial(fit_text, papers), "related-paper weights")
            ).wait
        papers, tags, tag_problems = tag_papers(papers, config, memo=memos.topics)
        embedded = memos.embeddings.vectors if config.related_embeddings else None
        papers, weights = link_related(
            papers, tags, config.related_count, config.related_threshold, weights, fitted, embedded
        )
        mentions = found.wait()
    papers = link_backlinks(link_mentions(papers, mentions))
    by_id = {p.id: p for p in papers}
    collection = Collection(
        papers=by_id,
        tags=tags,
        problems=problems + id_problems + tag_problems,
        merges=merges,
        terms=search_terms(weights, by_id),
    )
    return Enriched(collection, weights)
