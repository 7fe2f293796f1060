"""Mentions and backlinks: an abstract that names another paper of the collection links to it.

A paper is named by its short name (the part of the title before a colon) when that name is
distinctive, matched as written: "ProcBench", "COLEP", "Quiet-STaR", "AlphaMath Almost Zero".
Distinctive means: at least 3 characters, not a common acronym (LLM, GPT, ...), and either one
word with a capital after its first letter or a digit ("ProcBench", "o1-mini"; an all-capitals
word needs 4 letters: "COLEP", "TAME", not "SVG"), or several words all capitalised
("Proactive Agent"). A plain word ("Dualformer") is too likely to be a common word or another
paper's term to link on its own. A paper is also named by its full title
(at least FULL_TITLE_WORDS words), matched in any case. Never a paper's own name, and never a
name that several papers of the collection share: it cannot say which one is meant.

A single-word short name that the collection also writes as a plain lower-case word ("DREAM",
"ECHO", "SMART") is a common word, not a name, and is not linked; so is a full title the collection
writes in plain lower case ("large language diffusion models"): a common phrase.

Matching scales to 100,000 papers without comparing every abstract with every name: all names go
into one Aho-Corasick automaton (ahocorasick-rs) over case-folded text, so each abstract is read
once whatever the number of names; case and word boundaries are checked on the few hits. The
automaton holds only each name's first KEY_LENGTH characters, and a hit is checked against the
whole name: an automaton takes memory per character of its keys, and whole titles would make it
the largest part of the build's memory while papers are tagged.

Backlinks: a page lists every paper that links to it, by mention or as a related paper, since
both are links a reader follows; mentions come first, then related papers, each in collection order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

import ahocorasick_rs

from sitegen.model import Mention, Paper

FULL_TITLE_WORDS = 4
KEY_LENGTH = 24
# fmt: skip
COMMON_ACRONYMS = {
    "AI",
    "API",
    "CNN",
    "CoT",
    "GAN",
    "GNN",
    "GPT",
    "LLM",
    "LLMs",
    "LM",
    "LMs",
    "ML",
    "MLP",
    "MoE",
    "NLP",
    "QA",
    "RAG",
    "RL",
    "RLHF",
    "SFT",
    "SOTA",
    "VAE",
    "VLM",
    "VLMs",
    "ViT",
    "PDF",
    "URL",
    "USA",
    "GPU",
    "CPU",
}
_WORD = re.compile(r"\w+")


def is_distinctive(name: str) -> bool:
    """The shape test for a short name; see the module docstring."""
    if len(name) < 3 or name in COMMON_ACRONYMS:
        return False
    words = name.split()
    if len(words) == 1:
        if name.isupper() and name.isalpha():
            return len(name) >= 4  # three capitals are too often some other acronym ("SVG", "GTA")
        return any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name)
    return (
        all(w[0].isupper() or w[0].isdigit() for w in words if w[0].isalnum())
        and len(_WORD.findall(name)) >= 2
    )


def paper_names(paper: Paper) -> list[tuple[str, bool]]:
    """(name, case_sensitive) pairs a paper can be mentioned by."""
    names = []
    if is_distinctive(paper.short_name):
        names.append((paper.short_name, True))
    if len(_WORD.findall(paper.title)) >= FULL_TITLE_WORDS:
        names.append((paper.title, False))
    return names


def _fold(text: str) -> str:
    """Case-folded text with the same length as the original, so offsets carry over."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := c.casefold()) == 1 else c for c in text)


class NameMatch(NamedTuple):
    """A paper's name found in a text."""

    start: int  # offset in the text
    written: str  # the name as the text writes it
    name: str  # the name as the paper gives it
    case_sensitive: bool  # a short name, matched as written; a full title matches in any case
    paper_id: str  # the paper it names


class NameIndex:
    """Every paper's names in one Aho-Corasick automaton over case-folded text: one pass per abstract.

    The automaton is keyed by the names' first KEY_LENGTH characters, each key giving the names that
    start with it.
    """

    def __init__(self, papers: list[Paper]):
        entries: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)
        for paper in papers:
            for name, case_sensitive in paper_names(paper):
                entries[_fold(name)].append((name, case_sensitive, paper.id))
        starting: dict[str, list[tuple[str, list[tuple[str, bool, str]]]]] = defaultdict(list)
        for key, names in entries.items():
            if len({paper_id for _, _, paper_id in names}) > 1:
                continue  # a name several papers go by ("SAM 2", a shared title) says not which one is meant
            starting[key[:KEY_LENGTH]].append((key, names))
        # per start the automaton looks for, the names that begin with it
        self.keys = list(starting.values())
        self.automaton = ahocorasick_rs.AhoCorasick(list(starting)) if starting else None

    def matches(self, text: str) -> list[NameMatch]:
        """Each whole-word match, in any case, in the order of the match's end, the longer first where
        two end together."""
        if self.automaton is None:
            return []
        folded = _fold(text)
        hits = []
        for index, start, _ in self.automaton.find_matches_as_indexes(folded, overlapping=True):
            for key, names in self.keys[index]:
                stop = start + len(key)
                if folded.startswith(key, start) and _whole(text, start, stop):
                    hits.append((stop, -len(key), start, names))
        hits.sort()
        return [
            NameMatch(start, text[start:stop], name, case_sensitive, paper_id)
            for stop, _, start, names in hits
            for name, case_sensitive, paper_id in names
        ]


def _whole(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    # "Quiet-STaR" does not name a paper "STaR"; "ProcBenchmark" or "COLEP-2" does not name "ProcBench"/"COLEP".
    return not (before.isalnum() or before in "_-") and not _continues(text, end)


def _continues(text: str, end: int) -> bool:
    """True if the match runs on into a longer word ("ProcBenchmark", "COLEP-2")."""
    return end < len(text) and (
        text[end].isalnum() or text[end] in "_-" and text[end + 1 : end + 2].isalnum()
    )


def common_names(papers: list[Paper], found: list[list[NameMatch]]) -> set[str]:
    """Names that some other paper writes in plain lower case: a one-word short name ("DREAM", "SMART")
    is then a common word, and a full title ("Large Language Diffusion Models") a common phrase.

    In the real Daily Papers a full title written so names a kind of model or a task, not the paper
    ("large language diffusion models show promise"); linked, such a title would have thousands of
    papers mention one paper. A lower-case spelling inside a URL or
    path ("datasets/ifujisawa/procbench") is no evidence.
    """
    common = set()
    for paper, hits in zip(papers, found):
        for hit in hits:
            if (
                hit.written.islower()
                and (hit.name.isalpha() or not hit.case_sensitive)
                and hit.paper_id != paper.id
                and (not hit.start or paper.abstract[hit.start - 1] not in "/.@#")
            ):
                common.add(hit.name)
    return common


def find_mentions(papers: list[Paper]) -> list[list[Mention]]:
    """For each paper, the other papers its abstract names, in order of appearance."""
    index = NameIndex(papers)
    found = [index.matches(p.abstract) for p in papers]
    common = common_names(papers, found)
    mentions = []
    for paper, hits in zip(papers, found):
        first: dict[str, Mention] = {}
        for hit in hits:
            if (
                hit.paper_id == paper.id
                or hit.paper_id in first
                or hit.name in common
                or (hit.case_sensitive and hit.written != hit.name)
            ):
                continue
            first[hit.paper_id] = Mention(hit.paper_id, hit.written)
        mentions.append(list(first.values()))
    return mentions


def link_mentions(papers: list[Paper], mentions: list[list[Mention]] | None = None) -> list[Paper]:
    """Papers with `mentions` filled in: `mentions` as find_mentions gave them for these papers, else found now."""
    mentions = find_mentions(papers) if mentions is None else mentions
    return [paper.evolve(mentions=found) for paper, found in zip(papers, mentions, strict=True)]


def link_backlinks(papers: list[Paper]) -> list[Paper]:
    """Each paper's backlinks: the papers that mention it, then those that list it as related."""
    mentioned_by: dict[str, list[str]] = defaultdict(list)
    related_by: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        for mention in paper.mentions:
            mentioned_by[mention.id].append(paper.id)
        for related in paper.related:
            related_by[related.id].append(paper.id)
    return [
        p.evolve(backlinks=list(dict.fromkeys(mentioned_by[p.id] + related_by[p.id])))
        for p in papers
    ]
