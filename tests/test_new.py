"""`sitegen new`: the files it makes, that they match the repo's own site config, and that the result builds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from linkcheck import broken_links

from sitegen.errors import SitegenError
from sitegen.new import create_collection, scaffold_files

REPO = Path(__file__).resolve().parents[1]
SITEGEN = Path(sys.executable).with_name("sitegen")
EXPECTED = {
    "sitegen.yml",
    "mkdocs.yml",
    "requirements.txt",
    "README.md",
    ".gitignore",
    ".github/workflows/publish.yml",
    "docs/about.md",
    "docs/api.md",
    "docs/assets/sitegen.css",
    "sources/example.yaml",
}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SITEGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_a_new_collection_has_every_file(tmp_path):
    name = 'My "papers": <b>&amp; #1'
    written = create_collection(
        tmp_path / "x", name, "sitegen @ git+https://example.org/sitegen.git"
    )
    assert {p.relative_to(tmp_path / "x").as_posix() for p in written} == EXPECTED
    mkdocs = yaml.safe_load((tmp_path / "x" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == name
    assert (
        "sitegen @ git+https://example.org/sitegen.git"
        in (tmp_path / "x" / "requirements.txt").read_text()
    )
    config = yaml.safe_load((tmp_path / "x" / "sitegen.yml").read_text(encoding="utf-8"))
    assert config["sources"] == ["sources"] and config["sources_dir"] == "sources"


def test_an_existing_folder_with_files_is_never_overwritten(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SitegenError, match="never overwrites"):
        create_collection(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_scaffold_matches_the_repos_own_site_config():
    """The scaffold carries copies of the repo's site files: when one changes, copy it (the message says which).

    The repo's mkdocs.yml adds the user guide (docs/guide/, not given to new collections) to the nav.
    """
    files = scaffold_files()
    ours = yaml.safe_load(files[("mkdocs.yml",)])
    root = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("site_name", "site_description"):
        ours.pop(key, None), root.pop(key, None)
    root["nav"] = [entry for entry in root["nav"] if "Guide" not in entry]
    assert ours == root, "make mkdocs.yml and sitegen/scaffold/mkdocs.yml alike (but for the guide)"
    for parts in (("docs", "api.md"), ("docs", "assets", "sitegen.css")):
        assert files[parts] == REPO.joinpath(*parts).read_bytes(), (
            f"copy {'/'.join(parts)} to sitegen/scaffold/"
        )


def test_the_scaffold_workflow_is_the_repos_but_for_the_install_step():
    ours = scaffold_files()[(".github", "workflows", "publish.yml")].decode("utf-8")
    root = (REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert ours.replace("pip install -r requirements.txt", "pip install -e .") == root
    assert "pip install -r requirements.txt" in ours


def test_sitegen_new_then_build_makes_a_site_without_broken_links(tmp_path):
    created = run(tmp_path, "new", "collection", "--name", "Reasoning papers")
    assert created.returncode == 0, created.stderr
    root = tmp_path / "collection"
    built = run(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert "Reasoning papers" in (site / "index.html").read_text(encoding="utf-8")
    for paper_id in ("2403.09629", "2408.03314"):
        assert (site / "papers" / paper_id / "index.html").is_file()
    assert broken_links(site) == []
    assert "site search:    whole index made" in built.stdout
    again = run(root, "build", "--strict")
    assert again.returncode == 0, again.stderr
    # Nothing changed: every paper page comes from the first build, and so does the search index.
    reused = int(again.stdout.split("HTML pages:", 1)[1].split()[0])
    assert reused >= len(list((site / "papers").glob("*/index.html")))
    assert "site search:    0 pages added beside the last index" in again.stdout


@pytest.mark.parametrize(
    "strict, bad, says",
    [
        (
            True,
            '{"title": "A good paper", "abstract": "Fine work on language models."}\n{"title": 5}\n'
            'not json\n{"title": "Another paper", "abstract": "Language models, and more."}\n',
            "--strict is set",
        ),
        (False, 'not json\n{"x": 1}\n', "no paper could be read"),
    ],
)
def test_a_refused_build_says_why_record_by_record(tmp_path, strict, bad, says):
    """The problems that stop a build are printed, each with its file and line, before the line that says so."""
    create_collection(tmp_path / "c", "Papers", "sitegen")
    source = tmp_path / "bad.jsonl"
    source.write_text(bad, encoding="utf-8")
    done = run(
        tmp_path / "c",
        "build",
        *(["--strict"] if strict else []),
        "--format",
        "records",
        str(source),
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert says in lines[-1]
    problems = [line for line in lines[:-1] if f"{source}:" in line]
    assert problems and all(":2" in line or ":3" in line or ":1" in line for line in problems)
    assert not (tmp_path / "c" / "site").exists()
    # Nothing of the refused build is kept for the next one (its related-paper weights included).
    kept = tmp_path / "c" / ".sitegen" / "cache"
    assert not [path.name for path in kept.glob("*.npz")] + [p.name for p in kept.glob(".*")]


def test_validate_names_every_merge_and_build_gives_examples(tmp_path):
    create_collection(tmp_path / "c", "Papers", "sitegen")
    source = tmp_path / "same.jsonl"
    source.write_text(
        '{"title": "Same", "abstract": "A."}\n{"title": "Same", "abstract": "Longer."}\n'
        '{"title": "Other", "abstract": "B."}\n',
        encoding="utf-8",
    )
    checked = run(tmp_path / "c", "validate", "--format", "records", str(source))
    assert checked.returncode == 0
    assert (
        "note: merged 'Same': same.jsonl:1 + same.jsonl:2 (kept: abstract from same.jsonl:2)"
        in checked.stderr
    )
    built = run(tmp_path / "c", "build", "--format", "records", str(source))
    assert built.returncode == 0, built.stderr
    assert "1 record(s) were another record of the same paper" in built.stdout
    assert "merged 'Same': same.jsonl:1 + same.jsonl:2" in built.stdout


@pytest.fixture
def small_disk(tmp_path):
    """A 60 MB tmpfs (the tests run as root in CI); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=60m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_stops_a_build_with_one_line_and_keeps_the_live_site(small_disk):
    import hashlib
    import shutil

    root = small_disk / "c"
    create_collection(root, "Papers", "sitegen")
    assert run(root, "build").returncode == 0

    def site_hash() -> str:
        # What the site serves: --full drops the build's own stamp (a dot file) on purpose.
        files = sorted(
            p for p in (root / "site").rglob("*") if p.is_file() and not p.name.startswith(".")
        )
        return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()

    before = site_hash()
    free = shutil.disk_usage(small_disk).free
    filler = small_disk / "filler"
    with open(filler, "wb") as out:  # leave 1 MB: the next build runs out of room half way
        out.truncate(0)
        block = bytes(2**20)
        for _ in range(free // 2**20 - 1):
            out.write(block)
    stopped = run(root, "build", "--full")
    assert stopped.returncode == 1
    assert (
        stopped.stderr.strip().splitlines()[-1].startswith("error: no space left on the device: ")
    )
    assert "Traceback" not in stopped.stderr
    assert site_hash() == before
    filler.unlink()
    again = run(root, "build")
    assert again.returncode == 0, again.stderr
    assert not [p for p in (root / "site").rglob("*") if p.name.endswith(".new")]


def test_a_build_into_a_log_says_each_stage_as_it_ends(tmp_path):
    """Not a terminal (a CI log): no progress bar, but a line per stage with what it did and its time."""
    assert run(tmp_path, "new", "c").returncode == 0
    built = run(tmp_path / "c", "build")
    assert built.returncode == 0, built.stderr
    lines = built.stderr.splitlines()
    stages = [line.split(":")[0] for line in lines]
    assert stages == [
        "read and enrich",
        "write pages",
        "make the site (MkDocs, site search, search index, API)",
    ]
    assert lines[0].startswith("read and enrich: 2 papers from 2 records in 1 file, ")
    assert all(re.search(r", \d+\.\d s$", line) for line in lines)
    assert "\r" not in built.stderr  # no bar redrawn in a log
