"""The 9,881 real Hugging Face records built into a site (slow: `make test-slow`)."""

from __future__ import annotations

import pytest
from linkcheck import broken_links
from site_builder import SHARED_DATA, build_collection

ARCHIVE = SHARED_DATA / "hf-daily-papers-2024-2026.jsonl.gz"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ARCHIVE.exists(), reason=f"the real archive is not at {ARCHIVE}"),
]


def test_real_archive_builds_and_every_link_resolves(tmp_path):
    config, report = build_collection(tmp_path / "large", [str(ARCHIVE)])
    assert report.errors == []
    # 9,881 records with 4 arXiv ids listed twice: merged, nothing else lost.
    assert report.papers_read == 9_881
    assert len(report.collection.papers) == 9_881 - 4
    assert len(report.collection.merges) == 4
    for paper_id in report.collection.papers:
        assert (config.site_path / "papers" / paper_id / "index.html").is_file()
    assert broken_links(config.site_path) == []
