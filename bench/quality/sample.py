"""Draw the evaluation's papers from the real records, seeded, so the draw can be repeated.

    python -m bench.quality.sample OUT_DIR

writes one JSON-lines file per query kind (targets-KIND.jsonl) and one for related papers and tags,
each record's arXiv id, title, authors and abstract: what the people writing queries and grades read.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

REAL_RECORDS = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "hf-daily-papers-2024-2026.jsonl.gz"
)
KINDS = ("name", "paraphrase", "question", "variant", "author")
PER_KIND = 26
SEED = 2026


def real_records(path: Path = REAL_RECORDS) -> list[dict]:
    """One dict per distinct arXiv id, in file order: arxiv_id, title, authors, abstract (unwrapped)."""
    seen, records = set(), []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            paper = json.loads(line)["paper"]
            if paper["id"] in seen:
                continue
            seen.add(paper["id"])
            records.append(
                {
                    "arxiv_id": paper["id"],
                    "title": " ".join(paper["title"].split()),
                    "authors": [a["name"] for a in paper.get("authors", [])],
                    "abstract": " ".join(paper["summary"].split()),
                }
            )
    return records


def draw(records: list[dict]) -> dict[str, list[dict]]:
    rng = random.Random(SEED)
    picked = rng.sample(records, PER_KIND * len(KINDS) + 30 + 60)
    groups = {kind: picked[i * PER_KIND : (i + 1) * PER_KIND] for i, kind in enumerate(KINDS)}
    start = PER_KIND * len(KINDS)
    groups["related"] = picked[start : start + 30]
    groups["tags"] = picked[start + 30 :]
    # Drawn after the taxonomy was changed with the grades of "tags" in view: the tags' held-out check.
    drawn = {record["arxiv_id"] for record in picked}
    rest = [record for record in records if record["arxiv_id"] not in drawn]
    groups["tags-heldout"] = random.Random(SEED + 1).sample(rest, 60)
    # Drawn after related papers were ranked with the grades of "related" in view: their held-out check.
    drawn |= {record["arxiv_id"] for record in groups["tags-heldout"]}
    rest = [record for record in records if record["arxiv_id"] not in drawn]
    groups["related-heldout"] = random.Random(SEED + 2).sample(rest, 30)
    return groups


def main(out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, group in draw(real_records()).items():
        with open(folder / f"targets-{name}.jsonl", "w", encoding="utf-8") as file:
            for record in group:
                file.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
