"""Search, related papers and tags judged on the 9,881 real records, beside plain baselines, in one run.

    python -m bench.quality            # every table (make eval)
    python -m bench.quality search     # one part: search, related or tags

The queries (queries/) and grades (grades/) were written from the records alone, before any system
was run on them; see bench/README.md for how, and for the latest tables.
"""

from __future__ import annotations

import argparse
import time

from bench.quality import search_eval
from bench.quality.collection import by_arxiv, real_collection


def search_table() -> None:
    collection = real_collection()
    queries = search_eval.load_queries()
    arxiv_to_id = by_arxiv(collection)
    systems = {
        "BM25 baseline": search_eval.bm25_ranker(collection),
        "sitegen whoosh": search_eval.sitegen_ranker(collection, "whoosh"),
        "sitegen tantivy": search_eval.sitegen_ranker(collection, "tantivy"),
    }
    kinds = [*search_eval.KINDS, "all"]
    print(f"\nKnown-item search, {len(queries)} queries: MRR@10 / recall@10")
    print("| system | " + " | ".join(kinds) + " |")
    print("|---" * (len(kinds) + 1) + "|")
    for name, ranker in systems.items():
        table = search_eval.evaluate(ranker, queries, arxiv_to_id)
        cells = [f"{table[k]['mrr']:.2f} / {table[k]['recall']:.2f}" for k in kinds]
        print(f"| {name} | " + " | ".join(cells) + " |")


PARTS = {"search": search_table}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", choices=list(PARTS), help="the parts to run (default: all)")
    started = time.perf_counter()
    for part in parser.parse_args().parts or PARTS:
        PARTS[part]()
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
