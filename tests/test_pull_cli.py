"""`sitegen pull hf` and `sitegen pull arxiv` run as processes against the local replay server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from pull_server import HF_DAY
from starlette.responses import Response

SITEGEN = Path(sys.executable).with_name("sitegen")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SITEGEN), *args], cwd=root, capture_output=True, text=True, timeout=120
    )


def collection(root: Path, base: str) -> Path:
    settings = {
        "hf_api_url": f"{base}/api/daily_papers",
        "arxiv_api_url": f"{base}/api/query",
        "sources": ["sources"],
    }
    (root / "sitegen.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return root


def test_pull_hf_twice_reports_new_then_present(replay, tmp_path):
    _, base = replay
    root = collection(tmp_path, base)
    first = run(root, "pull", "hf", "--date", HF_DAY)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("53 new, 0 already present; wrote ")
    second = run(root, "pull", "hf", "--date", HF_DAY)
    assert second.stdout.startswith("0 new, 53 already present;") and "unchanged" in second.stdout
    assert (root / "sources" / f"hf-{HF_DAY}.json").is_file()
    validate = run(root, "validate")
    assert validate.returncode == 0 and "53 paper(s) read" in validate.stdout


def test_pull_arxiv_writes_the_query_file(replay, tmp_path):
    _, base = replay
    root = collection(tmp_path, base)
    done = run(
        root, "pull", "arxiv", "--query", "cat:cs.SE AND all:testing", "--max", "20", "--delay", "0"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("20 new, 0 already present; wrote ")
    assert (root / "sources" / "arxiv-cat-cs-se-and-all-testing.xml").is_file()


def test_a_failing_server_is_one_error_line_and_exit_1(replay, tmp_path):
    server, base = replay
    root = collection(tmp_path, base)
    server.faults.append(Response("gone", status_code=410))
    done = run(root, "pull", "hf", "--date", HF_DAY)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "HTTP 410 Gone: gone" in done.stderr
    assert "Traceback" not in done.stderr and not (root / "sources").exists()


def test_a_bad_date_is_a_usage_error(tmp_path):
    done = run(tmp_path, "pull", "hf", "--date", "2026-13-01")
    assert done.returncode == 2 and "--date" in done.stderr


def test_the_daily_loop_new_pull_build(replay, tmp_path):
    """What the publish workflow runs: a new collection, a pulled day, a build; then the same day again."""
    _, base = replay
    assert run(tmp_path, "new", "daily").returncode == 0
    root = tmp_path / "daily"
    config = yaml.safe_load((root / "sitegen.yml").read_text(encoding="utf-8"))
    config["hf_api_url"] = f"{base}/api/daily_papers"
    (root / "sitegen.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert run(root, "pull", "hf", "--date", HF_DAY).stdout.startswith("53 new")
    built = run(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert "papers in site: 55" in built.stdout
    registry = root / ".sitegen" / "ids.json"  # committed back by the workflow
    ids = registry.read_bytes()
    pages = sorted(p.parent.name for p in (root / "site" / "papers").glob("*/index.html"))
    assert len(pages) == 55
    assert run(root, "pull", "hf", "--date", HF_DAY).stdout.startswith("0 new, 53 already present")
    assert run(root, "build").returncode == 0
    assert registry.read_bytes() == ids
    assert sorted(p.parent.name for p in (root / "site" / "papers").glob("*/index.html")) == pages
