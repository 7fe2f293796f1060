"""A seeded benchmark corpus: the real HF daily papers as they are, grown to N with recombined real text.

Synthetic papers take their sentences, title words, authors and keywords from two real "parent"
papers (so tags and related papers still find real topical signal), and a Zipf-Mandelbrot
distributed share of their words is replaced by rare terms made from pieces of real words.
Drawing term ranks from a heavy-tailed law makes the vocabulary grow the way real text does
(Heaps' law: the 9,881 real records give V ~ N^0.5), instead of stalling at the real vocabulary.

    python -m bench.corpus --n 100000 --seed 1          # writes bench/out/corpus-hf-api-100000-s1-g2.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REAL = HERE.parent.parent / "shared" / "data" / "hf-daily-papers-2024-2026.jsonl.gz"
SHAPES = ("hf-api", "records")
GENERATOR = 2  # part of the cache key: bump it when the generator changes what it writes
WORD = re.compile(r"\w+")
NON_WORD = re.compile(r"\W+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
# Tuned so that 100,000 papers have about the vocabulary Heaps' law fitted on the real records predicts.
RARE_SHARE = 0.025  # share of an abstract's words replaced by a rare term
ZIPF_A, ZIPF_Q = 1.3, 40.0  # p(rank k) ~ (k + q)^-a: a flattened head, a long tail
SHORT_NAME_SHARE = (
    0.45  # real titles: 75 % have a colon; recombined ones keep a parent's head otherwise
)


@dataclass(frozen=True)
class Real:
    """One real entry: its JSON line as published and the fields the generator recombines."""

    line: str
    title: str
    sentences: list[str]
    authors: list[str]
    keywords: list[str]


def unwrap(text: str) -> str:
    return " ".join(text.split())


def load_real(path: Path = REAL) -> list[Real]:
    reals = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = json.loads(line)["paper"]
            summary = unwrap(paper.get("summary") or "")
            reals.append(
                Real(
                    line=line.rstrip("\n"),
                    title=unwrap(paper.get("title") or ""),
                    sentences=SENTENCE_END.split(summary) if summary else [],
                    authors=[a["name"] for a in paper.get("authors", []) if a.get("name")],
                    keywords=list(paper.get("ai_keywords") or []),
                )
            )
    return reals


class RareTerms:
    """Rank k -> a made-up but word-like term, the head of one real word joined to the tail of another."""

    def __init__(self, reals: list[Real], rng: np.random.Generator) -> None:
        words = sorted(
            {
                w
                for r in reals[:3000]
                for w in WORD.findall(" ".join(r.sentences).lower())
                if w.isalpha() and len(w) >= 7
            }
        )
        heads = sorted({w[: 3 + len(w) % 3] for w in words})
        tails = sorted({w[-(3 + len(w) % 2) :] for w in words})
        self.heads = [heads[i] for i in rng.permutation(len(heads))]
        self.tails = [tails[i] for i in rng.permutation(len(tails))]

    def __call__(self, rank: int) -> str:
        # Mixed radix, head first so that frequent (low) ranks do not all share one head; the tail is
        # shifted by the head, which keeps distinct ranks distinct up to len(heads) * len(tails).
        rest, head = divmod(rank % (len(self.heads) * len(self.tails)), len(self.heads))
        return self.heads[head] + self.tails[(rest + head) % len(self.tails)]

    def ranks(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """Zipf-Mandelbrot ranks by inverting the continuous Pareto law (vectorised: fast at 100,000 papers)."""
        u = np.maximum(rng.random(count), 1e-12)  # u near 0 is the far tail; keep it finite
        ranks = ZIPF_Q * (u ** (-1.0 / (ZIPF_A - 1.0)) - 1.0)
        return np.minimum(ranks, len(self.heads) * len(self.tails) - 1).astype(np.int64)


def synthetic_id(index: int) -> tuple[str, str]:
    """A unique arXiv-like id and its date, in 2015-2019 where no real record of the corpus lies."""
    month, number = divmod(index, 20_000)
    year, month = 2015 + month // 12, month % 12 + 1
    return (
        f"{year % 100:02d}{month:02d}.{number + 1:05d}",
        f"{year}-{month:02d}-{1 + number % 28:02d}",
    )


def grow_title(a: Real, b: Real, rare: str, rng: np.random.Generator) -> str:
    head_a, sep, tail_a = a.title.partition(": ")
    words_a, words_b = (tail_a or head_a).split(), b.title.split()
    cut_a, cut_b = max(1, len(words_a) // 2), len(words_b) // 2
    body = " ".join(words_a[:cut_a] + words_b[cut_b:])
    if rng.random() < SHORT_NAME_SHARE:
        return f"{rare[:1].upper()}{rare[1:]}: {body}"
    return f"{head_a}: {body}" if sep else body


def grow_abstract(a: Real, b: Real, terms: list[str], rng: np.random.Generator) -> str:
    """Parent a's sentences in order, about 40 % of them swapped for b's sentence at the same place."""
    first, second = a.sentences or b.sentences, b.sentences or a.sentences
    sentences = [
        s if rng.random() < 0.6 else second[min(i, len(second) - 1)] for i, s in enumerate(first)
    ]
    words = " ".join(dict.fromkeys(sentences)).split()
    for term, position in zip(terms, rng.integers(0, len(words), len(terms))):
        words[position] = term
    return " ".join(words)


def grown_entries(reals: list[Real], count: int, seed: int) -> list[dict]:
    """`count` synthetic papers, as plain dicts with the fields both output shapes need."""
    rng = np.random.default_rng(seed)
    rare = RareTerms(reals, rng)
    parents = rng.integers(0, len(reals), (count, 2))
    per_paper = rng.poisson(RARE_SHARE * 180, count) + 1  # ~180 words per real abstract
    ranks = rare.ranks(rng, int(per_paper.sum()) + count)
    titles: set[str] = {NON_WORD.sub("", r.title.lower()) for r in reals}
    entries, used = [], 0
    for i in range(count):
        a, b = reals[parents[i, 0]], reals[parents[i, 1]]
        terms = [rare(int(k)) for k in ranks[used : used + per_paper[i] + 1]]
        used += per_paper[i] + 1
        title = grow_title(a, b, terms[0], rng)
        while NON_WORD.sub("", title.lower()) in titles:  # titles merge papers: keep them unique
            title = f"{title} {rare(int(rare.ranks(rng, 1)[0]))}"
        titles.add(NON_WORD.sub("", title.lower()))
        arxiv_id, date = synthetic_id(i)
        authors = (a.authors[: 1 + len(a.authors) // 2] + b.authors[len(b.authors) // 2 :])[:30]
        entries.append(
            {
                "arxiv_id": arxiv_id,
                "date": date,
                "title": title,
                "abstract": grow_abstract(a, b, terms[1:], rng),
                "authors": authors,
                "keywords": (a.keywords[:4] + b.keywords[:3]) if a.keywords else [],
                "upvotes": int(rng.zipf(2.0)),
            }
        )
    return entries


def hf_api_line(entry: dict) -> str:
    """The entry in the shape of the HF daily papers API (the fields sitegen reads), one line."""
    published = f"{entry['date']}T00:00:00.000Z"
    paper = {
        "id": entry["arxiv_id"],
        "authors": [{"name": name, "hidden": False} for name in entry["authors"]],
        "publishedAt": published,
        "title": entry["title"],
        "summary": entry["abstract"],
        "upvotes": entry["upvotes"],
    }
    if entry["keywords"]:
        paper["ai_keywords"] = entry["keywords"]
    return json.dumps(
        {
            "paper": paper,
            "publishedAt": published,
            "title": entry["title"],
            "summary": entry["abstract"],
            "numComments": 0,
        }
    )


def records_line(entry: dict) -> str:
    """The entry as one of sitegen's own records (title, abstract, arxiv_id, authors, date)."""
    keys = ("title", "abstract", "arxiv_id", "authors", "date")
    return json.dumps({k: entry[k] for k in keys})


def real_as_record(real: Real) -> dict:
    paper = json.loads(real.line)["paper"]
    return {
        "arxiv_id": paper["id"],
        "date": (paper.get("publishedAt") or "")[:10] or None,
        "title": real.title,
        "abstract": " ".join(real.sentences),
        "authors": real.authors,
    }


def real_lines(reals: list[Real], n: int, seed: int, shape: str) -> list[str]:
    """All real records for n >= their count, else a seeded sample of n of them in their published order."""
    chosen = (
        reals
        if n >= len(reals)
        else [
            reals[i]
            for i in sorted(np.random.default_rng(seed).choice(len(reals), n, replace=False))
        ]
    )
    if shape == "hf-api":
        return [r.line for r in chosen]
    return [json.dumps({k: v for k, v in real_as_record(r).items() if v}) for r in chosen]


def vocabulary(lines: list[str], shape: str) -> int:
    """Distinct lower-cased words of titles and abstracts, as a search engine's tokenizer would see them."""
    words: set[str] = set()
    for line in lines:
        record = json.loads(line)
        paper = record.get("paper", record)
        words.update(
            WORD.findall(
                f"{paper['title']} {paper.get('summary') or paper.get('abstract') or ''}".lower()
            )
        )
    return len(words)


def corpus_path(n: int, seed: int, shape: str = "hf-api", out: Path = OUT) -> Path:
    return out / f"corpus-{shape}-{n}-s{seed}-g{GENERATOR}.jsonl"


def make_corpus(
    n: int, seed: int = 1, shape: str = "hf-api", out: Path = OUT, real: Path = REAL
) -> tuple[Path, int]:
    """Write (or reuse) the corpus of n papers; returns its path and its vocabulary size."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")
    path = corpus_path(n, seed, shape, out)
    vocab_file = path.with_suffix(".vocab")
    if path.exists() and vocab_file.exists():
        return path, int(vocab_file.read_text())
    reals = load_real(real)
    lines = real_lines(reals, n, seed, shape)
    grown = grown_entries(reals, max(0, n - len(lines)), seed)
    to_line = hf_api_line if shape == "hf-api" else records_line
    lines += [to_line(e) for e in grown]
    out.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    partial.replace(path)
    size = vocabulary(lines, shape)
    vocab_file.write_text(str(size))
    return path, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="hf-api")
    parser.add_argument("--fresh", action="store_true", help="regenerate even if cached")
    args = parser.parse_args(argv)
    for n in args.n:
        started = time.perf_counter()
        if args.fresh:
            corpus_path(n, args.seed, args.shape).with_suffix(".vocab").unlink(missing_ok=True)
        path, vocab = make_corpus(n, args.seed, args.shape)
        print(
            f"{n:>7} papers  vocabulary {vocab:>7}  {time.perf_counter() - started:5.1f} s  {path}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
