"""`pull_hf` against a local server replaying 53 real entries of one day: paging, merging, atomic writes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pull_server import HF_DAY, hf_day_entries, truncated
from starlette.responses import Response

from sitegen.config import Config
from sitegen.pull import PullError, RetryPolicy, pull_hf
from sitegen.pull.hf import day_file
from sitegen.sources import read_sources

FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=5)
DAY = date.fromisoformat(HF_DAY)


def collection_at(root: Path, base: str) -> Config:
    return Config(root=root, hf_api_url=f"{base}/api/daily_papers")


def ids_in(path: Path) -> list[str]:
    return [entry["paper"]["id"] for entry in json.loads(path.read_text(encoding="utf-8"))]


def test_a_day_is_paged_until_a_short_page(replay, tmp_path):
    server, base = replay
    report = pull_hf(collection_at(tmp_path, base), DAY, FAST)
    assert server.asked("/api/daily_papers") == [
        f"/api/daily_papers?date={HF_DAY}&p=0&limit=50",
        f"/api/daily_papers?date={HF_DAY}&p=1&limit=50",
    ]
    expected = [entry["paper"]["id"] for entry in hf_day_entries()]
    assert (report.new, report.present, report.written) == (53, 0, True)
    assert report.path == tmp_path / "sources" / f"hf-{HF_DAY}.json"
    assert ids_in(report.path) == expected
    # The file keeps the API's shape, entry for entry.
    assert json.loads(report.path.read_text(encoding="utf-8")) == hf_day_entries()


def test_a_day_of_exactly_one_page_asks_once_more_and_gets_an_empty_page(replay, tmp_path):
    server, base = replay
    server.days[HF_DAY] = hf_day_entries()[:50]
    report = pull_hf(collection_at(tmp_path, base), DAY, FAST)
    assert report.new == 50 and len(server.asked("/api/daily_papers")) == 2


def test_a_server_that_ignores_the_page_parameter_does_not_loop(replay, tmp_path):
    server, base = replay
    server.ignore_page = True
    report = pull_hf(collection_at(tmp_path, base), DAY, FAST)
    assert report.new == 50 and len(server.asked("/api/daily_papers")) == 2


def test_pulling_the_same_day_twice_adds_nothing(replay, tmp_path):
    _, base = replay
    config = collection_at(tmp_path, base)
    pull_hf(config, DAY, FAST)
    before = day_file(config, DAY).read_bytes()
    again = pull_hf(config, DAY, FAST)
    assert (again.new, again.present, again.written) == (0, 53, False)
    assert "0 new, 53 already present" in again.summary()
    assert day_file(config, DAY).read_bytes() == before


def test_new_papers_of_a_day_are_added_and_old_entries_kept_as_edited(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    server.days[HF_DAY] = hf_day_entries()[:20]
    pull_hf(config, DAY, FAST)
    path = day_file(config, DAY)
    edited = json.loads(path.read_text(encoding="utf-8"))
    edited[0]["paper"]["title"] = "A title fixed by hand"
    path.write_text(json.dumps(edited), encoding="utf-8")
    server.days[HF_DAY] = hf_day_entries()
    report = pull_hf(config, DAY, FAST)
    assert (report.new, report.present) == (33, 20)
    merged = json.loads(path.read_text(encoding="utf-8"))
    assert merged[0]["paper"]["title"] == "A title fixed by hand"
    assert [e["paper"]["id"] for e in merged] == [e["paper"]["id"] for e in hf_day_entries()]


def test_truncated_json_is_retried(replay, tmp_path):
    server, base = replay
    body = json.dumps(hf_day_entries()[:50]).encode()
    server.faults.append(truncated(body, "application/json"))
    report = pull_hf(collection_at(tmp_path, base), DAY, FAST)
    assert report.new == 53 and len(server.asked("/api/daily_papers")) == 3


def test_a_failed_pull_leaves_the_existing_file_as_it_was(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    server.days[HF_DAY] = hf_day_entries()[:10]
    pull_hf(config, DAY, FAST)
    before = day_file(config, DAY).read_bytes()
    server.days[HF_DAY] = hf_day_entries()
    # Page 0 arrives, then page 1 keeps failing: nothing of page 0 may reach the file.
    server.faults.append(Response(json.dumps(hf_day_entries()[:50]), media_type="application/json"))
    server.faults.extend(Response("down", status_code=502) for _ in range(3))
    with pytest.raises(PullError, match="HTTP 502"):
        pull_hf(config, DAY, FAST)
    assert day_file(config, DAY).read_bytes() == before
    assert [p.name for p in day_file(config, DAY).parent.iterdir()] == [f"hf-{HF_DAY}.json"]


def test_a_json_object_instead_of_a_list_is_an_error_without_retries(replay, tmp_path):
    server, base = replay
    server.faults.append(Response('{"error": "Invalid date"}', media_type="application/json"))
    with pytest.raises(PullError, match="expected a JSON list"):
        pull_hf(collection_at(tmp_path, base), DAY, FAST)
    assert not (tmp_path / "sources").exists()


def test_a_broken_existing_file_stops_the_pull_before_any_request(replay, tmp_path):
    server, base = replay
    config = collection_at(tmp_path, base)
    day_file(config, DAY).parent.mkdir(parents=True)
    day_file(config, DAY).write_text("[{", encoding="utf-8")
    with pytest.raises(PullError, match=f"hf-{HF_DAY}.json: cannot merge into it"):
        pull_hf(config, DAY, FAST)
    assert server.requests == [] and day_file(config, DAY).read_text(encoding="utf-8") == "[{"


def test_an_empty_day_writes_no_file(replay, tmp_path):
    _, base = replay
    report = pull_hf(collection_at(tmp_path, base), date(2026, 5, 30), FAST)
    assert (report.new, report.written) == (0, False) and not report.path.exists()


def test_the_pulled_file_reads_as_papers(replay, tmp_path):
    _, base = replay
    report = pull_hf(collection_at(tmp_path, base), DAY, FAST)
    result = read_sources([report.path])
    assert len(result.papers) == 53 and not [p for p in result.problems if p.severity == "error"]
