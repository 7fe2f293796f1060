"""Search, related papers and tags judged on the 9,881 real records, beside plain baselines, in one run.

    python -m bench.quality            # every table (make eval)
    python -m bench.quality search     # one part: search, related or tags

The queries (queries/) and grades (grades/) were written from the records alone, before any system
was run on them; see bench/README.md for how, and for the latest tables.
"""

from __future__ import annotations

import argparse
import time

from bench.quality import related_eval, search_eval, tags_eval
from bench.quality.collection import by_arxiv, real_collection
from bench.quality.sample import draw, real_records


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


def related_table() -> None:
    collection = real_collection()
    grades = related_eval.load_grades()
    without = sum(1 for p in collection.papers.values() if not p.related)
    print(f"\nRelated papers, {len(grades)} graded pairs; papers with no related paper: {without}")
    print("| system | papers | nDCG@5 | P@5 | mean grade | pairs not graded |")
    print("|---|---|---|---|---|---|")
    groups = draw(real_records())
    for group in ("related", "related-heldout"):
        targets = [record["arxiv_id"] for record in groups[group]]
        systems = {
            "tf-idf baseline": related_eval.tfidf_lists(collection, targets),
            "sitegen": related_eval.sitegen_lists(collection, targets),
            "sitegen, related_embeddings: true": related_eval.embedded_lists(collection, targets),
        }
        for name, lists in systems.items():
            found = related_eval.scores(lists, grades)
            print(
                f"| {name} | {group} ({len(targets)}) | {found['ndcg']:.3f} | {found['p']:.3f} "
                f"| {found['mean']:.2f} | {len(found['ungraded'])} |"
            )
            for paper, candidate in found["ungraded"]:
                print(
                    f"  not graded: {paper} -> {candidate} (grade it blind before reading the score)"
                )


def tags_table() -> None:
    collection = real_collection()
    print("\nTags: precision of the tags shown, papers tagged only Uncategorized, most common tag")
    print(
        "| papers graded | tags graded | precision | only Uncategorized | most common tag, share of papers |"
    )
    print("|---|---|---|---|---|")
    for name, path in (("first 60", tags_eval.GRADES), ("held-out 60", tags_eval.HELD_OUT)):
        found = tags_eval.scores(collection, tags_eval.load_grades(path))
        print(
            f"| {name} | {found['graded']} | {found['precision']:.2f} | {found['uncategorized_only']:.1%} "
            f"| {found['top_tag']}, {found['top_share']:.1%} |"
        )
        for paper, tag in found["ungraded"]:
            print(f"  not graded: {paper} tagged {tag!r} (grade it before reading the score)")
        print(
            "  topics graders missed most: "
            + ", ".join(f"{topic} ({n})" for topic, n in found["missing"])
        )


PARTS = {"search": search_table, "related": related_table, "tags": tags_table}


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.quality", description=__doc__.splitlines()[0]
    )
    # No `choices`: with nargs="*", argparse checks the empty default against them and refuses it.
    parser.add_argument(
        "parts", nargs="*", help=f"the parts to run: {', '.join(PARTS)} (default: all)"
    )
    parts = parser.parse_args().parts or list(PARTS)
    if unknown := [part for part in parts if part not in PARTS]:
        parser.error(f"unknown part {unknown[0]!r}; choose from {', '.join(PARTS)}")
    started = time.perf_counter()
    for part in parts:
        PARTS[part]()
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
